/**
 * The events example as a user meets it: a click sends what the row's `JS.push` says, the box
 * office takes one ticket from that concert, every open tab follows, and the change travels as
 * one row's slots (the keyed list) or one component's diff (the live-component page).
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../actors/index.js';
import { createExamplesApp } from '../examples/app.js';
import { events } from '../examples/events.js';
import { callShared } from '../examples/stores/shared-process.js';
import type { WireDiff } from '../views/render/index.js';
import { type LiveViewTest, mountLive } from '../views/testing/index.js';
import { getPage, LiveClient, TEST_SECRET } from './support/live-client.js';

let system: ActorSystem;
let pubsub: PubSub;
const views: LiveViewTest[] = [];

beforeEach(async () => {
  system = new ActorSystem();
  pubsub = new PubSub(system);
  await events.start?.({ system, pubsub });
});
afterEach(async () => {
  await Promise.all(views.splice(0).map((lv) => lv.close()));
  await system.shutdown();
});

async function open(path: string): Promise<LiveViewTest> {
  const route = events.routes.find((r) => r.path === path);
  if (route === undefined) throw new Error(`no route ${path}`);
  const lv = await mountLive(route.view, { system, pubsub, url: `http://localhost${path}` });
  views.push(lv);
  return lv;
}

/** The markup of one concert's row. */
function row(page: string, id: number): string {
  const match = new RegExp(`<li[^>]*id="concert-${id}"[\\s\\S]*?</li>`).exec(page);
  if (match === null) throw new Error(`no row for concert ${id}`);
  return match[0];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** What the client sends for a click on a row's button: the `push` command in its phx-click. */
function clickOf(page: string, id: number) {
  const attr = /phx-click="([^"]*)"/.exec(row(page, id))?.[1] ?? '';
  const json = attr.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ENTITIES[name]!);
  const [[kind, args]] = JSON.parse(json) as [
    [string, { event: string; value: object; target?: number }],
  ];
  expect(kind).toBe('push');
  return args;
}

const lastDiff = (lv: LiveViewTest): WireDiff => lv.pushes.at(-1)?.payload as WireDiff;

describe('the events example', () => {
  it("a reserve with the row's JS.push value takes a ticket from that concert, in every tab", async () => {
    const mine = await open('/events');
    const theirs = await open('/events');
    expect(row(mine.html(), 2)).toContain('3 tickets left');

    const click = clickOf(mine.html(), 2);
    expect(click).toEqual({ event: 'reserve', value: { id: 2 } });
    await mine.event(click.event, click.value);

    expect(row(await mine.render(), 2)).toContain('2 tickets left');
    expect(row(await theirs.render(), 2)).toContain('2 tickets left');
    expect(row(theirs.html(), 1)).toContain('40 tickets left');
  });

  it('says "1 ticket left", then "Sold out", and takes nothing from a sold-out concert', async () => {
    const lv = await open('/events');
    expect(row(lv.html(), 3)).toContain('1 ticket left');
    await lv.event('reserve', { id: 3 });
    expect(row(await lv.render(), 3)).toMatch(/Sold out[\s\S]*disabled/);

    const pushes = lv.pushes.length;
    await lv.event('reserve', { id: 3 });
    await lv.render();
    expect(lv.pushes).toHaveLength(pushes);
  });

  it("sends one row's changed slots, not every row's statics", async () => {
    const mine = await open('/events');
    const theirs = await open('/events');
    // A first sale enables the page's Restock button; the one measured then changes a row only.
    await mine.event('reserve', { id: 1 });
    await theirs.render();
    await mine.event('reserve', { id: 3 });
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
    const escaped = '>Nina&#39;s &quot;Late&quot; &lt;Set&gt;<';
    expect(row(lv.deadHtml, 2)).toContain(escaped);
    expect(row(lv.html(), 2)).toContain(escaped);
    expect(lv.html()).not.toContain('<Set>');
    expect(row(lv.html(), 1)).toContain('Strings &amp; Brass');
  });

  it('restocks every concert in every tab, from either page, and only when something sold', async () => {
    const mine = await open('/events');
    const theirs = await open('/events/components');
    const restockDisabled = (page: string) => /<button id="restock"[^>]* disabled>/.test(page);
    expect(restockDisabled(mine.html())).toBe(true);
    await mine.event('reserve', { id: 3 });
    await mine.event('reserve', { id: 1 });
    expect(row(await theirs.render(), 3)).toContain('Sold out');
    expect(restockDisabled(theirs.html())).toBe(false);

    await theirs.event('restock');
    const after = await theirs.render();
    expect(row(after, 3)).toMatch(/1 ticket left[\s\S]*>Reserve</);
    expect(row(after, 1)).toContain('40 tickets left');
    expect(restockDisabled(after)).toBe(true);
    expect(after).toContain('Every concert is back to its first stock.');
    const page = await mine.render();
    expect(row(page, 3)).toContain('1 ticket left');
    expect(row(page, 3)).not.toContain('disabled');
    // A tab opened now reads the restocked list from the box office.
    expect(row((await open('/events')).html(), 1)).toContain('40 tickets left');
  });

  it('answers a reserve sent again after its answer was lost from its record: sells once', async () => {
    const ask = { reserve: 2, buyer: 'tab-1', request: 'click-1' };
    const first = await callShared(system, 'box-office', ask);
    expect(await callShared(system, 'box-office', ask)).toEqual(first);
    expect(first).toMatchObject({ sold: true, concert: { id: 2, remaining: 2 } });
    expect(row((await open('/events')).html(), 2)).toContain('2 tickets left');
  });

  it('links the two variants to each other', async () => {
    expect((await open('/events')).html()).toContain('href="/events/components"');
    expect((await open('/events/components')).html()).toContain('href="/events"');
  });
});

describe('the events example as live components', () => {
  it('a reserve goes to the row component and changes only that component, in every tab', async () => {
    const mine = await open('/events/components');
    const theirs = await open('/events/components');
    const plain = await open('/events');

    const click = clickOf(mine.html(), 2);
    expect(click).toMatchObject({ event: 'reserve', value: { id: 2 } });
    const cid = click.target!;
    expect(cid).toBeTypeOf('number');
    // The row's own state answers the click at once: only its cid, only its changed slots.
    const reply = await mine.event(click.event, click.value, { cid });
    expect(Object.keys(reply)).toEqual(['c']);
    expect(Object.keys(reply.c!)).toEqual([String(cid)]);
    expect(JSON.stringify(reply)).toContain('Reserving…');

    expect(row(await mine.render(), 2)).toMatch(/2 tickets left[\s\S]*>Reserve</);
    expect(row(await theirs.render(), 2)).toContain('2 tickets left');
    expect(row(await plain.render(), 2)).toContain('2 tickets left');
    for (const lv of [mine, theirs]) {
      const diff = lastDiff(lv);
      expect(Object.keys(diff.c!)).toEqual([String(cid)]);
      expect(JSON.stringify(diff)).not.toMatch(/"s"|"p"|<li/);
    }
    expect(row(theirs.html(), 1)).toContain('40 tickets left');
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
