/**
 * The reservations example in two tabs: a reservation in one changes the count in both, its
 * flash shows only in the tab that clicked, and sold out and restock reach both too. Each test
 * starts its own app, so each starts from a full stock.
 */
import { expect, it } from 'vitest';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForText } from './harness.js';

/** Just enough of the browser's globals to read the focused element's accessible label. */
interface FocusGlobals {
  readonly document: { readonly activeElement: { readonly ariaLabel: string | null } | null };
}

describeWithBrowser('the reservations example', () => {
  it('a reservation in one tab changes the count in both; the flash shows where it was made', async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/reservations');
    const bob = await openPage(app, '/reservations');
    await waitForText(bob, '#left', '10 tickets left');

    await ann.click('#reserve');
    await waitForText(ann, '#flash-info', 'You reserved a ticket.');
    await waitForText(ann, '#left', '9 tickets left');
    await waitForText(bob, '#left', '9 tickets left');
    expect(await bob.locator('.flash').count()).toBe(0);

    // The flash's dismiss button is in the tab order and works from the keyboard.
    await ann.focus('#reserve');
    await ann.keyboard.press('Shift+Tab');
    expect(
      await ann.evaluate(
        () => (globalThis as unknown as FocusGlobals).document.activeElement?.ariaLabel,
      ),
    ).toBe('Dismiss this message');
    await ann.keyboard.press('Enter');
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
      await waitForText(ann, '#left', left === 1 ? '1 ticket left' : `${left} tickets left`);
    }
    await waitForText(bob, '#left', '1 ticket left');

    await bob.click('#reserve');
    await waitForText(bob, '#left', 'Sold out');
    await waitForText(ann, '#left', 'Sold out');
    expect(await ann.isDisabled('#reserve')).toBe(true);
    expect(await bob.isDisabled('#reserve')).toBe(true);

    await ann.click('#restock');
    await waitForText(bob, '#left', '10 tickets left');
    await waitForText(ann, '#flash-info', 'Restocked: 10 tickets left.');
    expect(await bob.isEnabled('#reserve')).toBe(true);

    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(bob)).toEqual([]);
  });

  it("a restock in one tab clears the other tab's flash, and Space dismisses a flash", async () => {
    const app = await startExamples();
    const ann = await openPage(app, '/reservations');
    const bob = await openPage(app, '/reservations');
    await ann.click('#reserve');
    await waitForText(ann, '#flash-info', 'You reserved a ticket.');
    await bob.click('#restock');
    await waitForText(bob, '#flash-info', 'Restocked: 10 tickets left.');
    await waitForText(ann, '#left', '10 tickets left');
    await ann.locator('#flash-info').waitFor({ state: 'detached' });

    await bob.locator('.flash-dismiss').focus();
    await bob.keyboard.press('Space');
    await bob.locator('#flash-info').waitFor({ state: 'detached' });
    expect(pageErrors(ann)).toEqual([]);
    expect(pageErrors(bob)).toEqual([]);
  });
});
