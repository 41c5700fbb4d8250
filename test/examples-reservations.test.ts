/**
 * The reservations example run in-process and driven through its page: its stock process
 * started as the app starts it, and its view mounted with `mountLive` in the same system, so
 * every view shares the one count. The buttons are pressed as a user presses them, so a
 * button that stops being wired (or stays enabled when it should not) fails here.
 */
import { describe, expect, it } from 'vitest';
import { reservations } from '../examples/reservations.js';
import { callShared } from '../examples/stores/shared-process.js';
import type { LiveViewTest } from '../views/testing/index.js';
import { examplePerTest } from './support/example-per-test.js';

const left = (lv: LiveViewTest) => lv.element('#left').text();
const reserveOnce = (lv: LiveViewTest) => lv.element('#reserve').click();
/** The message of a flash kind, or undefined when none shows. */
async function flash(lv: LiveViewTest, kind: 'info' | 'error'): Promise<string | undefined> {
  return (await lv.hasElement(`#flash-${kind}`)) ? lv.element(`#flash-${kind}`).text() : undefined;
}

describe('the reservations example', () => {
  const mount = examplePerTest(reservations);

  /** Reserves `n` tickets from `lv`, one click at a time. */
  async function reserve(lv: LiveViewTest, n: number): Promise<void> {
    for (let i = 0; i < n; i++) await reserveOnce(lv);
  }

  it('says how many are left in the plural form English uses, from the first page on', async () => {
    const lv = await mount();
    expect(lv.deadHtml).toContain('10 tickets left');
    await reserve(lv, 8);
    expect(await left(lv)).toBe('2 tickets left');
    await reserve(lv, 1);
    expect(await left(lv)).toBe('1 ticket left');
  });

  it('reserves one ticket per click and flashes it to the view that clicked', async () => {
    const lv = await mount();
    await reserveOnce(lv);
    expect(await flash(lv, 'info')).toBe('You reserved a ticket.');
    expect(await left(lv)).toBe('9 tickets left');
    // The flash's dismiss button clears it.
    await lv.element('#flash-info + .flash-dismiss').click();
    expect(await flash(lv, 'info')).toBeUndefined();
  });

  it('sells out: the button goes disabled, and a late click gets an error, not a ticket', async () => {
    const lv = await mount();
    await reserve(lv, 10);
    expect(await left(lv)).toBe('Sold out');
    await expect(reserveOnce(lv)).rejects.toMatchObject({ code: 'ERR_ELEMENT_DISABLED' });

    // A tab that had not heard of the last sale still shows the button: its click arrives late.
    await lv.event('reserve');
    expect(await flash(lv, 'error')).toBe('Too late: the last ticket just went.');
    expect(await flash(lv, 'info')).toBeUndefined();
    expect(await left(lv)).toBe('Sold out');
  });

  it('restocks, so the next visitor can play again', async () => {
    const lv = await mount();
    await reserve(lv, 10);
    await lv.element('#restock').click();
    expect(await left(lv)).toBe('10 tickets left');
    expect(await lv.hasElement('#reserve:not([disabled])')).toBe(true);
    expect(await flash(lv, 'info')).toBe('Restocked: 10 tickets left.');
  });

  it("changes every open view's count, and flashes only the one that acted", async () => {
    const mine = await mount();
    const theirs = await mount();
    await reserveOnce(mine);
    expect(await left(theirs)).toBe('9 tickets left');
    expect(await theirs.hasElement('.flash')).toBe(false);

    await reserve(theirs, 9);
    expect(await left(mine)).toBe('Sold out');
    expect(await mine.hasElement('#reserve[disabled]')).toBe(true);
    expect(await flash(mine, 'info')).toBe('You reserved a ticket.');
    // A view mounted now reads the count from the process, not from a stale page.
    expect(await left(await mount())).toBe('Sold out');
  });

  it("clears the other tabs' flashes when one restocks, and keeps its own", async () => {
    const ann = await mount();
    const bob = await mount();
    await reserveOnce(ann);
    await reserve(bob, 9);
    await bob.event('reserve'); // late, from a page that had not heard of the sell-out
    expect(await flash(bob, 'error')).toBe('Too late: the last ticket just went.');
    expect(await flash(ann, 'info')).toBe('You reserved a ticket.');

    await bob.element('#restock').click();
    expect(await flash(bob, 'info')).toBe('Restocked: 10 tickets left.');
    expect(await flash(bob, 'error')).toBeUndefined();
    expect(await left(ann)).toBe('10 tickets left');
    // "You reserved a ticket." above a full stock would contradict the count.
    expect(await flash(ann, 'info')).toBeUndefined();
  });

  it('keeps a flash when another tab only reserves', async () => {
    const ann = await mount();
    const bob = await mount();
    await reserveOnce(ann);
    await reserveOnce(bob);
    expect(await left(ann)).toBe('8 tickets left');
    expect(await flash(ann, 'info')).toBe('You reserved a ticket.');
  });

  it('offers a restock only when tickets are gone', async () => {
    const lv = await mount();
    await expect(lv.element('#restock').click()).rejects.toMatchObject({
      code: 'ERR_ELEMENT_DISABLED',
    });
    await reserveOnce(lv);
    expect(await lv.hasElement('#restock:not([disabled])')).toBe(true);
  });

  it('says how many tickets each tab holds, and a restock takes them back', async () => {
    const ann = await mount();
    const bob = await mount();
    const held = (lv: LiveViewTest) => lv.element('#held').text();
    expect(await held(ann)).toBe('This tab holds no ticket yet.');
    await reserve(ann, 2);
    expect(await held(ann)).toBe('This tab holds 2 tickets.');
    expect(await held(bob)).toBe('This tab holds no ticket yet.');
    await bob.element('#restock').click();
    expect(await held(ann)).toBe('This tab holds no ticket yet.');
  });

  it('answers a reserve sent again after its answer was lost from its record: one ticket, not two', async () => {
    const { system } = await mount();
    const ask = { type: 'reserve', buyer: 'tab-1', request: 'click-1' };
    const first = await callShared(system, 'reservations', ask);
    expect(first).toMatchObject({ sold: true, left: 9, held: 1 });
    expect(await callShared(system, 'reservations', ask)).toEqual(first);
    const next = { ...ask, request: 'click-2' };
    expect(await callShared(system, 'reservations', next)).toMatchObject({ left: 8, held: 2 });
  });

  it('keeps the count when the stock process crashes: its successor reads what it saved', async () => {
    const lv = await mount();
    await reserve(lv, 3);
    const before = lv.system.whereis('reservations')!;
    lv.system.exit(before, 'kill');
    // The next click waits for the restarted stock, which starts from 7, not 10.
    await reserveOnce(lv);
    expect(lv.system.whereis('reservations')).not.toBe(before);
    expect(await left(lv)).toBe('6 tickets left');
    expect(await lv.element('#held').text()).toBe('This tab holds 4 tickets.');
  });
});
