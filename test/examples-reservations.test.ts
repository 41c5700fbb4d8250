/**
 * The reservations example run in-process: its stock process started as the app starts it, and
 * its view mounted with `mountLive` in the same system, so every view shares the one count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { reservations } from '../examples/reservations.js';
import { callShared } from '../examples/stores/shared-process.js';
import { type LiveViewTest, mountLive } from '../views/testing/index.js';

const View = reservations.routes[0]!.view;

/** The text of the element with `id` (the example's elements hold text only). */
function text(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

const reserveDisabled = (html: string) => /<button id="reserve"[^>]* disabled>/.test(html);

describe('the reservations example', () => {
  let system: ActorSystem;
  let pubsub: PubSub;
  beforeEach(async () => {
    system = new ActorSystem();
    pubsub = new PubSub(system);
    await reservations.start?.({ system, pubsub });
  });
  afterEach(() => system.shutdown());

  const mount = () => mountLive(View, { system, pubsub });

  /** Reserves `n` tickets from `lv`, one click at a time. */
  async function reserve(lv: LiveViewTest, n: number): Promise<void> {
    for (let i = 0; i < n; i++) await lv.event('reserve');
  }

  it('says how many are left in the plural form English uses, from the first page on', async () => {
    const lv = await mount();
    expect(text(lv.deadHtml, 'left')).toBe('10 tickets left');
    await reserve(lv, 8);
    expect(text(await lv.render(), 'left')).toBe('2 tickets left');
    await reserve(lv, 1);
    expect(text(await lv.render(), 'left')).toBe('1 ticket left');
  });

  it('reserves one ticket per click and flashes it to the view that clicked', async () => {
    const lv = await mount();
    await lv.event('reserve');
    expect(text(lv.html(), 'flash-info')).toBe('You reserved a ticket.');
    expect(text(await lv.render(), 'left')).toBe('9 tickets left');
    // The flash's dismiss button clears it.
    await lv.event('lv:clear-flash', { key: 'info' });
    expect(text(lv.html(), 'flash-info')).toBeUndefined();
  });

  it('sells out: the button goes disabled, and a late click gets an error, not a ticket', async () => {
    const lv = await mount();
    await reserve(lv, 10);
    const page = await lv.render();
    expect(text(page, 'left')).toBe('Sold out');
    expect(reserveDisabled(page)).toBe(true);

    await lv.event('reserve');
    const late = await lv.render();
    expect(text(late, 'flash-error')).toBe('Too late: the last ticket just went.');
    expect(text(late, 'flash-info')).toBeUndefined();
    expect(text(late, 'left')).toBe('Sold out');
  });

  it('restocks, so the next visitor can play again', async () => {
    const lv = await mount();
    await reserve(lv, 10);
    await lv.event('restock');
    const page = await lv.render();
    expect(text(page, 'left')).toBe('10 tickets left');
    expect(reserveDisabled(page)).toBe(false);
    expect(text(page, 'flash-info')).toBe('Restocked: 10 tickets left.');
  });

  it("changes every open view's count, and flashes only the one that acted", async () => {
    const mine = await mount();
    const theirs = await mount();
    await mine.event('reserve');
    expect(text(await theirs.render(), 'left')).toBe('9 tickets left');
    expect(theirs.html()).not.toContain('class="flash ');

    await reserve(theirs, 9);
    const page = await mine.render();
    expect(text(page, 'left')).toBe('Sold out');
    expect(reserveDisabled(page)).toBe(true);
    expect(text(page, 'flash-info')).toBe('You reserved a ticket.');
    // A view mounted now reads the count from the process, not from a stale page.
    expect(text((await mount()).html(), 'left')).toBe('Sold out');
  });

  it("clears the other tabs' flashes when one restocks, and keeps its own", async () => {
    const ann = await mount();
    const bob = await mount();
    await ann.event('reserve');
    await reserve(bob, 9);
    await bob.event('reserve');
    expect(text(await bob.render(), 'flash-error')).toBe('Too late: the last ticket just went.');
    expect(text(await ann.render(), 'flash-info')).toBe('You reserved a ticket.');

    await bob.event('restock');
    const bobs = await bob.render();
    expect(text(bobs, 'flash-info')).toBe('Restocked: 10 tickets left.');
    expect(text(bobs, 'flash-error')).toBeUndefined();
    const anns = await ann.render();
    expect(text(anns, 'left')).toBe('10 tickets left');
    // "You reserved a ticket." above a full stock would contradict the count.
    expect(text(anns, 'flash-info')).toBeUndefined();
  });

  it('keeps a flash when another tab only reserves', async () => {
    const ann = await mount();
    const bob = await mount();
    await ann.event('reserve');
    await bob.event('reserve');
    const anns = await ann.render();
    expect(text(anns, 'left')).toBe('8 tickets left');
    expect(text(anns, 'flash-info')).toBe('You reserved a ticket.');
  });

  it('offers a restock only when tickets are gone', async () => {
    const lv = await mount();
    expect(/<button id="restock"[^>]* disabled>/.test(lv.html())).toBe(true);
    await lv.event('reserve');
    expect(/<button id="restock"[^>]* disabled>/.test(await lv.render())).toBe(false);
  });

  it('says how many tickets each tab holds, and a restock takes them back', async () => {
    const ann = await mount();
    const bob = await mount();
    expect(text(ann.html(), 'held')).toBe('This tab holds no ticket yet.');
    await ann.event('reserve');
    expect(text(ann.html(), 'held')).toBe('This tab holds 1 ticket.');
    await ann.event('reserve');
    expect(text(ann.html(), 'held')).toBe('This tab holds 2 tickets.');
    expect(text(await bob.render(), 'held')).toBe('This tab holds no ticket yet.');
    await bob.event('restock');
    expect(text(await ann.render(), 'held')).toBe('This tab holds no ticket yet.');
  });

  it('answers a reserve sent again after its answer was lost from its record: one ticket, not two', async () => {
    const ask = { type: 'reserve', buyer: 'tab-1', request: 'click-1' };
    const first = await callShared<{ sold: boolean; left: number }>(system, 'reservations', ask);
    const again = await callShared<{ sold: boolean; left: number }>(system, 'reservations', ask);
    expect(first).toMatchObject({ sold: true, left: 9, held: 1 });
    expect(again).toMatchObject({ sold: true, left: 9, held: 1 });
    const next = { ...ask, request: 'click-2' };
    expect(await callShared(system, 'reservations', next)).toMatchObject({ left: 8, held: 2 });
  });

  it('keeps the count when the stock process crashes: its successor reads what it saved', async () => {
    const lv = await mount();
    await reserve(lv, 3);
    const before = system.whereis('reservations')!;
    system.exit(before, 'kill');
    // The view's next click waits for the restarted stock, which starts from 7, not 10.
    await lv.event('reserve');
    expect(system.whereis('reservations')).not.toBe(before);
    expect(text(await lv.render(), 'left')).toBe('6 tickets left');
    expect(text(lv.html(), 'held')).toBe('This tab holds 4 tickets.');
  });
});
