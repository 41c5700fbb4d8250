/**
 * The reservations example in two tabs: a reservation in one changes the count in both, its
 * flash shows only in the tab that clicked, and sold out and restock reach both too. Each test
 * starts its own app, so each starts from a full stock.
 */
import { expect, it } from 'vitest';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForText } from './harness.js';

describeWithBrowser('the reservations example', () => {
  it('a reservation in one tab changes the count in both; the flash shows where it was made', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/reservations');
    const bob = await openPage(app, '/reservations');
    await waitForText(bob, '#left', '10 items left');

    await ann.click('#reserve');
    await waitForText(ann, '#flash-info', '1 ticket reserved!');
    await waitForText(ann, '#left', '9 items left');
    await waitForText(bob, '#left', '9 items left');
    expect(await bob.locator('.flash').count()).toBe(0);

    // Clicking the flash dismisses it.
    await ann.click('#flash-info');
    await ann.locator('#flash-info').waitFor({ state: 'detached' });

    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(bob)).toEqual([]);
  });

  it('sells out in every tab, and a restock in either brings it back', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/reservations');
    const bob = await openPage(app, '/reservations');
    for (let left = 9; left >= 1; left--) {
      await ann.click('#reserve');
      await waitForText(ann, '#left', left === 1 ? 'One item left' : `${left} items left`);
    }
    await waitForText(bob, '#left', 'One item left');

    await bob.click('#reserve');
    await waitForText(bob, '#left', 'Sorry, sold out!');
    await waitForText(ann, '#left', 'Sorry, sold out!');
    expect(await ann.isDisabled('#reserve')).toBe(true);
    expect(await bob.isDisabled('#reserve')).toBe(true);

    await ann.click('#restock');
    await waitForText(bob, '#left', '10 items left');
    await waitForText(ann, '#flash-info', 'Back in stock!');
    expect(await bob.isEnabled('#reserve')).toBe(true);

    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(bob)).toEqual([]);
  });
});
