/**
 * The sticky basket example in Chromium: holds made on the concerts page are still in the
 * basket after two live navigations (workshops, and back), in one document, with the keyboard
 * as well as the mouse; and a hold released on one page is gone on the other.
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

describeWithBrowser('the sticky basket example', () => {
  it('keeps its holds across live navigation between the two pages', async () => {
    const app = await startExamples();
    const page = await openPage(app, '/basket/concerts');
    await waitForJoin(page);
    await page.locator('#basket.phx-connected').waitFor({ state: 'attached' });
    const marker = await markWindow(page);

    await page.click('#item-c1 button');
    await waitForText(page, '#basket-note', 'Holding Night Lights Quartet for 5 minutes.');

    await page.click('nav a[href="/basket/workshops"]');
    await page.waitForURL(`${app.url}/basket/workshops`);
    await waitForJoin(page);
    await page.locator('#item-w2').waitFor();
    // The basket came along: same process, same holds.
    expect(await page.textContent('#hold-c1 .hold-name')).toBe('Night Lights Quartet');

    await page.focus('#item-w2 button');
    await page.keyboard.press('Enter');
    await waitForText(page, '#basket-note', 'Holding Sourdough basics for 5 minutes.');
    await waitForText(page, '#basket-total', '€65');

    await page.click('nav a[href="/basket/concerts"]');
    await page.waitForURL(`${app.url}/basket/concerts`);
    await waitForJoin(page);
    await page.locator('#item-c1').waitFor();
    await page.click('#hold-w2 button');
    await waitForText(page, '#basket-note', 'Released Sourdough basics.');
    await waitForText(page, '#basket-total', '€35');

    expect(await windowMarker(page)).toBe(marker);
    expect(pageErrors(page)).toEqual([]);
  });
});
