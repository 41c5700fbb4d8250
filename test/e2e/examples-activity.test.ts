/**
 * The activity log in Chromium with our client: scrolling loads pages while the page keeps at
 * most 60 entries, the buttons do the same from the keyboard, and an update posted in one tab
 * appears on top of another that shows the top.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForText } from './harness.js';

interface Globals {
  scrollTo(x: number, y: number): void;
  requestAnimationFrame(callback: () => void): number;
}

const entries = (page: Page) => page.locator('#entries > li');
const scrollWindow = (page: Page, y: number) =>
  page.evaluate((to) => (globalThis as unknown as Globals).scrollTo(0, to), y);
/** Resolves once the page has drawn a frame after this call (and run that frame's callbacks). */
const nextFrame = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        (globalThis as unknown as Globals).requestAnimationFrame(() =>
          (globalThis as unknown as Globals).requestAnimationFrame(() => resolve()),
        ),
      ),
  );

describeWithBrowser('the activity log example', () => {
  it('loads older pages as the window scrolls, never holding more than 60 entries', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/activity', { viewport: { width: 1280, height: 800 } });
    expect(await entries(page).count()).toBe(20);
    for (let i = 0; i < 5; i++) {
      const before = await page.textContent('#entries > li:last-child');
      await scrollWindow(page, 1e6);
      await page.waitForFunction(
        (text) =>
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { textContent: string } | null };
            }
          ).document.querySelector('#entries > li:last-child')?.textContent !== text,
        before,
      );
      expect(await entries(page).count()).toBeLessThanOrEqual(60);
      // The hook puts the entry that asked for the page back into view on the frame after the
      // patch; a scroll before that frame would be undone by it, and nothing more would load.
      await nextFrame(page);
    }
    expect(await page.locator('#entries-5000').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('works from the keyboard: the buttons load what scrolling would', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/activity', { viewport: { width: 1280, height: 800 } });
    await page.focus('#older');
    await page.keyboard.press('Enter');
    await page.locator('#entries-4961').waitFor({ state: 'attached' });
    await page.focus('#post-text');
    await page.keyboard.type('Keyboard only');
    await page.keyboard.press('Enter');
    await waitForText(page, '#entries > li:first-child .feed-what', 'posted “Keyboard only”');
    expect(pageErrors(page)).toEqual([]);
  });

  it('puts an update posted in one tab on top of another tab at the top', async () => {
    const app = await startExamples();
    const reader = await openPage(app, '/activity');
    const writer = await openPage(app, '/activity', { viewport: { width: 390, height: 844 } });
    await writer.fill('#post-text', 'Deploy finished');
    await writer.click('#post-form button');
    await waitForText(reader, '#entries > li:first-child .feed-what', 'posted “Deploy finished”');
    await waitForText(writer, '#entries > li:first-child .feed-what', 'posted “Deploy finished”');
    expect(await writer.inputValue('#post-text')).toBe('');
    expect(pageErrors(reader)).toEqual([]);
  });
});
