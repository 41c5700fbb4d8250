/**
 * The long job example in Chromium: the progress bar fills while the worker thread counts, the
 * count appears at the end, and Cancel stops a big job and gives the Count button back.
 * The waits follow the job's progress, never its total time (long-job-page.ts).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForText } from './harness.js';
import { waitForJobStatus } from './long-job-page.js';

/** Just enough of the browser's globals for the page functions (the project has no DOM lib). */
interface PageGlobals {
  readonly document: {
    querySelector(selector: string): { readonly value: number; readonly textContent: string };
  };
  readonly MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: object): void };
  barValues?: number[];
}

/** From now on, records the bar's value each time it changes while the page reads 'Counting…'. */
function recordBar(page: Page): Promise<void> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const values: number[] = [];
    g.barValues = values;
    new g.MutationObserver(() => {
      const value = g.document.querySelector('#progress').value;
      const counting = g.document.querySelector('#status').textContent === 'Counting…';
      if (counting && values.at(-1) !== value) values.push(value);
    }).observe(g.document, { subtree: true, childList: true, attributes: true });
  });
}

function barValues(page: Page): Promise<number[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).barValues ?? []);
}

/** Waits until the bar shows some progress. */
async function waitForProgress(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).document.querySelector('#progress').value > 0,
  );
}

describeWithBrowser('the long job example', () => {
  it('fills the progress bar as the thread counts, shows the count, and cancels a big job', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/long-job');
    await recordBar(page);

    await page.selectOption('#below', '1000000');
    await page.click('#start');
    await waitForJobStatus(page, '78,498 primes below 1,000,000.');
    const seen = await barValues(page);
    // Several values on the way, each above the one before.
    const between = seen.filter((value) => value > 0 && value < 1_000_000);
    expect(between.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await page.locator('#progress').evaluate((el: { value: number }) => el.value)).toBe(
      1_000_000,
    );

    await page.selectOption('#below', '20000000');
    await page.click('#start');
    await waitForText(page, '#status', 'Counting…');
    expect(await page.isDisabled('#start')).toBe(true);
    await waitForProgress(page);
    await page.click('#cancel');
    await waitForText(page, '#status', 'Cancelled.');
    expect(await page.isEnabled('#start')).toBe(true);
    expect(await page.isDisabled('#cancel')).toBe(true);
    expect(pageErrors(page)).toEqual([]);
    // Each wait above has its own timeout; this one only stops a test that never ends.
  }, 600_000);
});
