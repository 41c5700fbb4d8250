/**
 * The events example as a user meets it, driven through its page: a click sends what the row's
 * `JS.push` says, the box office takes one ticket from that concert, every open tab follows,
 * and the change travels as one row's slots (the keyed list) or one component's diff (the
 * live-component page).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { createExamplesApp } from '../examples/app.js';
import { events } from '../examples/events.js';
import { callShared } from '../examples/stores/shared-process.js';
import type { WireDiff } from '../views/render/index.js';
import type { LiveViewTest } from '../views/testing/index.js';
import { examplePerTest } from './support/example-per-test.js';
import { getPage, LiveClient, TEST_SECRET } from './support/live-client.js';

const open = examplePerTest(events);

/** What a concert's row says is left. */
const left = (lv: LiveViewTest, id: number) => lv.element(`#concert-${id} .row-remaining`).text();
/** Presses a concert's Reserve button, as its markup wires it. */
const reserve = (lv: LiveViewTest, id: number) => lv.element(`#concert-${id} button`).click();

const lastDiff = (lv: LiveViewTest): WireDiff => lv.pushes.at(-1)?.payload as WireDiff;

describe('the events example', () => {
  it("a row's Reserve takes a ticket from that concert, in every tab", async () => {
    const mine = await open('/events');
    const theirs = await open('/events');
    expect(await left(mine, 2)).toBe('3 tickets left');

    await reserve(mine, 2);
    expect(await left(mine, 2)).toBe('2 tickets left');
    expect(await left(theirs, 2)).toBe('2 tickets left');
    expect(await left(theirs, 1)).toBe('40 tickets left');
  });

  it('says "1 ticket left", then "Sold out", and takes nothing from a sold-out concert', async () => {
    const mine = await open('/events');
    expect(await left(mine, 3)).toBe('1 ticket left');
    await reserve(mine, 3);
    expect(await left(mine, 3)).toBe('Sold out');
    await expect(reserve(mine, 3)).rejects.toMatchObject({ code: 'ERR_ELEMENT_DISABLED' });

    // A tab that had not heard of the sale yet still shows the button: its click arrives late.
    const pushes = mine.pushes.length;
    await mine.event('reserve', { id: 3 });
    await mine.render();
    expect(mine.pushes).toHaveLength(pushes);
  });

  it("sends one row's changed slots, not every row's statics", async () => {
    const mine = await open('/events');
    const theirs = await open('/events');
    // A first sale enables the page's Restock button; the one measured then changes a row only.
    await reserve(mine, 1);
    await theirs.render();
    await reserve(mine, 3);
    await theirs.render();

    const diff = lastDiff(theirs);
    // One comprehension slot, holding entry 2 (the third row) only and the unchanged count.
    const [list, ...others] = Object.values(diff) as { k: Record<string, unknown> }[];
    expect(others).toEqual([]);
    expect(Object.keys(list!.k).sort()).toEqual(['2', 'kc']);
    expect(Object.values(list!.k['2'] as object)).toEqual(['Sold out', ' disabled']);
    const wire = JSON.stringify(diff);
    expect(wire).not.toMatch(/"s"|"p"|<li|Reserve/);
    expect(wire.length).toBeLessThan(60);
  });

  it('renders event names escaped, in the dead render and live', async () => {
    const lv = await open('/events');
    expect(await lv.element('#concert-2 .row-name').text()).toBe('Nina\'s "Late" <Set>');
    const escaped = '>Nina&#39;s &quot;Late&quot; &lt;Set&gt;<';
    expect(lv.deadHtml).toContain(escaped);
    expect(lv.html()).toContain(escaped);
    expect(lv.html()).not.toContain('<Set>');
    expect(lv.html()).toContain('Strings &amp; Brass');
  });

  it('restocks every concert in every tab, from either page, and only when something sold', async () => {
    const mine = await open('/events');
    const theirs = await open('/events/components');
    const restock = (lv: LiveViewTest) => lv.element('#restock').click();
    await expect(restock(mine)).rejects.toMatchObject({ code: 'ERR_ELEMENT_DISABLED' });
    await reserve(mine, 3);
    await reserve(mine, 1);
    expect(await left(theirs, 3)).toBe('Sold out');

    await restock(theirs);
    expect(await theirs.element('#concert-3 button').text()).toMatch(/^Reserve/);
    expect(await left(theirs, 3)).toBe('1 ticket left');
    expect(await left(theirs, 1)).toBe('40 tickets left');
    expect(await theirs.hasElement('#restock[disabled]')).toBe(true);
    expect(await theirs.hasElement('.flash', 'Every concert is back to its first stock.')).toBe(
      true,
    );
    expect(await left(mine, 3)).toBe('1 ticket left');
    expect(await mine.hasElement('#concert-3 button[disabled]')).toBe(false);
    // A tab opened now reads the restocked list from the box office.
    expect(await left(await open('/events'), 1)).toBe('40 tickets left');
  });

  it('answers a reserve sent again after its answer was lost from its record: sells once', async () => {
    const lv = await open('/events');
    const ask = { reserve: 2, buyer: 'tab-1', request: 'click-1' };
    const first = await callShared(lv.system, 'box-office', ask);
    expect(await callShared(lv.system, 'box-office', ask)).toEqual(first);
    expect(first).toMatchObject({ sold: true, concert: { id: 2, remaining: 2 } });
    expect(await left(lv, 2)).toBe('2 tickets left');
  });

  it('links the two variants to each other with live navigation', async () => {
    const list = await open('/events');
    await list.element('a', 'live components').click();
    const rows = await list.followRedirect();
    expect(await rows.element('h1').text()).toBe('Concerts, as live components');
    await rows.element('a', 'the plain list').click();
    const back = await rows.followRedirect();
    expect(await back.element('h1').text()).toBe('Concerts');
  });
});

describe('the events example as live components', () => {
  it('a reserve goes to the row component and changes only that component, in every tab', async () => {
    const mine = await open('/events/components');
    const theirs = await open('/events/components');
    const plain = await open('/events');
    const cid = Number(
      /data-phx-component="(\d+)"/.exec(await mine.element('#concert-2').render())?.[1],
    );

    // The row's own state answers the click at once: only its cid, only its changed slots.
    const reply = await mine.event('reserve', { id: 2 }, { cid });
    expect(Object.keys(reply)).toEqual(['c']);
    expect(Object.keys(reply.c!)).toEqual([String(cid)]);
    expect(JSON.stringify(reply)).toContain('Reserving…');

    expect(await left(mine, 2)).toBe('2 tickets left');
    expect(await mine.element('#concert-2 button').text()).toMatch(/^Reserve:/);
    expect(await left(theirs, 2)).toBe('2 tickets left');
    expect(await left(plain, 2)).toBe('2 tickets left');
    for (const lv of [mine, theirs]) {
      const diff = lastDiff(lv);
      expect(Object.keys(diff.c!)).toEqual([String(cid)]);
      expect(JSON.stringify(diff)).not.toMatch(/"s"|"p"|<li/);
    }
    expect(await left(theirs, 1)).toBe('40 tickets left');

    // The page's button is wired to its row component: a click there reaches the box office.
    await reserve(mine, 4);
    expect(await left(theirs, 4)).toBe('11 tickets left');
  });
});

describe('the events example joined over the protocol', () => {
  it('sends the row template once for all four rows', async () => {
    const app = await createExamplesApp({ secret: TEST_SECRET });
    onTestFinished(() => app.close());
    const { url } = await app.listen({ host: '127.0.0.1', port: 0 });
    const page = await getPage(url, '/events');
    const client = await LiveClient.connect(url);
    const joined = JSON.stringify((await client.join(page)).rendered);
    // Four rows in the dead render, one copy of the row's statics in the join.
    expect(page.html.match(/<li class="row"/g)).toHaveLength(4);
    expect(joined.match(/<li class=\\"row\\"/g)).toHaveLength(1);
  });
});
