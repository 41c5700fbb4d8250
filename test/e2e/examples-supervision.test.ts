/**
 * The supervision example in Chromium, in two tabs: Crash restarts the view and the page
 * recovers without a reload, saying so; the view's own count starts over, the counter process's
 * survives, and the other tab keeps its state. Crashed past its restart intensity, the page
 * shows the failure notice over the dimmed view at once, refuses its buttons, and reloads into
 * a fresh view.
 */
import { expect, it } from 'vitest';
import { startExamples } from './examples-harness.js';
import {
  describeWithBrowser,
  markWindow,
  openPage,
  pageErrors,
  waitForJoin,
  waitForText,
  windowMarker,
} from './harness.js';

describeWithBrowser('the supervision example', () => {
  it('recovers a crashed view in place, keeping what another process holds', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/supervision');
    const other = await openPage(app, '/supervision');
    const marker = await markWindow(page);
    await page.click('#inc-mine');
    await page.click('#inc-mine');
    await waitForText(page, '#mine', '2');
    await page.click('#inc-kept');
    await waitForText(page, '#kept', '1');
    await waitForText(other, '#kept', '1');
    await other.click('#inc-mine');
    await waitForText(other, '#mine', '1');

    await page.click('#crash');
    await waitForText(page, '#restarts', 'This view has restarted 1 time.');
    await waitForJoin(page);
    expect(await page.textContent('#mine')).toBe('0');
    expect(await page.textContent('#kept')).toBe('1');
    expect(await windowMarker(page)).toBe(marker);
    await page.click('#inc-kept');
    await waitForText(page, '#kept', '2');

    await waitForText(other, '#kept', '2');
    expect(await other.textContent('#mine')).toBe('1');
    expect(await other.textContent('#restarts')).toBe('This view has restarted 0 times.');
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(other)).toEqual([]);
  });

  it('past its restart intensity shows the failure notice, then reloads into a fresh view', async () => {
    const app = await startExamples();
    // The page's clock, to skip the reload's few seconds of jitter.
    const page = await openPage(app, '/supervision', { before: (p) => p.clock.install() });
    await page.click('#inc-mine');
    await waitForText(page, '#mine', '1');
    // Three restarts within five seconds are allowed; the fourth crash is one too many.
    for (const restarts of ['1 time', '2 times', '3 times']) {
      await page.click('#crash');
      await waitForText(page, '#restarts', `This view has restarted ${restarts}.`);
    }
    const notice = page.locator('[data-phx-failure-notice]');
    expect(await notice.count()).toBe(0);
    await page.click('#crash');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.textContent()).toBe('Something went wrong. Reloading\u2026');
    expect(await page.locator('[data-phx-main].phx-failed').count()).toBe(1);
    await page.click('#inc-mine');
    await page.locator('#inc-mine.phx-offline-rejected').waitFor({ state: 'attached' });

    // The rejoin was refused once the reload is counted; then skip the reload's jitter.
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem('phx:consecutive-reloads:/supervision') === '1',
    );
    const marker = await markWindow(page);
    await page.clock.runFor(10_000);
    await page.waitForFunction(
      (m) => (globalThis as { e2eMarker?: string }).e2eMarker !== m,
      marker,
    );
    await waitForJoin(page);
    expect(await page.textContent('#restarts')).toBe('This view has restarted 0 times.');
    expect(await page.textContent('#mine')).toBe('0');
    expect(await notice.count()).toBe(0);
    await page.click('#inc-mine');
    await waitForText(page, '#mine', '1');
    expect(pageErrors(page)).toEqual([]);
  });
});
