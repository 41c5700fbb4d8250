/**
 * The supervision example in Chromium, in two tabs: Crash restarts the view and the page
 * recovers without a reload, saying so; the view's own count starts over, the counter process's
 * survives, and the other tab keeps its state.
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
});
