import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import type { Template, WireDiff } from '../../views/index.js';
import {
  DiffEngine,
  defineComponent,
  html,
  keyed,
  liveComponent,
  renderToString,
} from '../../views/index.js';

// A random document: the shapes a view's template tree can take.
type Doc =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'b'; readonly x: string; readonly child: Doc }
  | { readonly t: 'pair'; readonly l: Doc; readonly r: Doc }
  | { readonly t: 'list'; readonly items: readonly Doc[] }
  | { readonly t: 'flag'; readonly on: boolean; readonly cls: readonly string[] }
  | { readonly t: 'cond'; readonly on: boolean; readonly v: string }
  | { readonly t: 'comp'; readonly id: number; readonly v: string; readonly child: Doc }
  | { readonly t: 'keyed'; readonly ids: readonly number[]; readonly child: Doc };

const text = fc.constantFrom('a', 'b', '', '<&>', '"q"');

const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.record({ t: fc.constant('str' as const), v: text }),
    fc.record({ t: fc.constant('b' as const), x: text, child: tie('doc') }),
    fc.record({ t: fc.constant('pair' as const), l: tie('doc'), r: tie('doc') }),
    fc.record({ t: fc.constant('list' as const), items: fc.array(tie('doc'), { maxLength: 3 }) }),
    fc.record({
      t: fc.constant('flag' as const),
      on: fc.boolean(),
      cls: fc.array(text, { maxLength: 3 }),
    }),
    fc.record({ t: fc.constant('cond' as const), on: fc.boolean(), v: text }),
    fc.record({
      t: fc.constant('comp' as const),
      id: fc.integer({ min: 1, max: 4 }),
      v: text,
      child: tie('doc'),
    }),
  ),
}));

const Box = defineComponent<{ v: string; child: Doc }>({
  // The lazy slot re-runs only when this component's own `v` changed.
  render: (a) =>
    html`<section title=${a.v}>${() => html`<i>${a.v}</i>`}${renderDoc(a.child)}</section>`,
});

function renderDoc(d: Doc): unknown {
  switch (d.t) {
    case 'str':
      return d.v;
    case 'b':
      return html`<b title=${d.x}>${renderDoc(d.child)}</b>`;
    case 'pair':
      return html`<span>${renderDoc(d.l)}-${renderDoc(d.r)}</span>`;
    case 'list':
      return d.items.map(renderDoc);
    case 'flag':
      return html`<input disabled=${d.on} class=${d.cls}>`;
    case 'cond':
      return d.on ? html`<em>${d.v}</em>` : d.v;
    case 'comp':
      return liveComponent(Box, { id: d.id, v: d.v, child: d.child });
    case 'keyed':
      // New item objects every render: entries are matched by key, then re-rendered.
      return keyed(
        d.ids.map((id) => ({ id, child: d.child })),
        (item) => item.id,
        (item) => html`<p id=${`p${item.id}`}>${renderDoc(item.child)}</p>`,
      );
  }
}

/** Turns a component whose id is already placed into a string: one id, one place per render. */
function dedupe(d: Doc, used: Set<number>): Doc {
  switch (d.t) {
    case 'b':
      return { ...d, child: dedupe(d.child, used) };
    case 'pair':
      return { ...d, l: dedupe(d.l, used), r: dedupe(d.r, used) };
    case 'list':
      return { ...d, items: d.items.map((item) => dedupe(item, used)) };
    case 'comp':
      if (used.has(d.id)) return { t: 'str', v: `dup ${d.id}` };
      used.add(d.id);
      return { ...d, child: dedupe(d.child, used) };
    case 'keyed':
      // Its child renders once per entry, so it may hold no component.
      return { ...d, child: dedupe(d.child, new Set([1, 2, 3, 4])) };
    default:
      return d;
  }
}

interface Item {
  readonly id: number;
  readonly label: string;
  readonly d: Doc;
}

interface Page {
  readonly alt: boolean;
  readonly title: string;
  readonly items: readonly Item[];
  readonly rows: readonly string[];
  readonly region: Doc;
}

let lazyTitleRuns = 0;

const page = (a: Readonly<Page>): Template =>
  a.alt
    ? html`<div>${renderDoc(a.region)}</div>`
    : html`<main title=${a.title}>${() => {
        lazyTitleRuns++;
        return html`<h1>${a.title}</h1>`;
      }}<ul>${keyed(
        a.items,
        (i) => i.id,
        (i) => html`<li id=${`k${i.id}`} data-title=${a.title}>${i.label}${renderDoc(i.d)}</li>`,
      )}</ul><ol>${a.rows.map((r) => html`<li>${r}</li>`)}</ol>${renderDoc(a.region)}</main>`;

// One step of the random session: how the next state differs from the last.
const step = fc.record({
  alt: fc.constantFrom(false, false, false, false, true),
  title: fc.constantFrom('T1', 'T2'),
  order: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }),
  relabel: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
  itemDoc: doc,
  rows: fc.array(text, { maxLength: 4 }),
  region: doc,
});

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Builds the page states: items keep their object identity unless relabelled. */
function states(steps: readonly Step[]): Page[] {
  const pool = new Map<number, Item>();
  let version = 0;
  return steps.map((s) => {
    version++;
    for (const id of s.relabel) {
      pool.set(id, { id, label: `item ${id} v${version}`, d: s.itemDoc });
    }
    const items = s.order.map((id) => {
      let item = pool.get(id);
      if (item === undefined) {
        item = { id, label: `item ${id}`, d: { t: 'str', v: `${id}` } };
        pool.set(id, item);
      }
      return item;
    });
    // Components in item docs and the region share one id space per render.
    const used = new Set<number>();
    const dedupedItems = items.map((item) => {
      const d = dedupe(item.d, used);
      return d === item.d ? item : { ...item, d };
    });
    return {
      alt: s.alt,
      title: s.title,
      items: dedupedItems,
      rows: s.rows,
      region: dedupe(s.region, used),
    };
  });
}

/** What a real transport does to a diff: JSON out and back. */
const wire = (diff: WireDiff): WireDiff => JSON.parse(JSON.stringify(diff)) as WireDiff;

function changedKeys(previous: Page | undefined, next: Page): Set<string> | undefined {
  if (previous === undefined) return undefined;
  const keys = new Set<string>();
  for (const key of Object.keys(next) as (keyof Page)[])
    if (previous[key] !== next[key]) keys.add(key);
  return keys;
}

/** Counts protocol features seen in a diff, so the property test shows it exercised them. */
function countFeatures(value: unknown, seen: Map<string, number>): void {
  if (value === null || typeof value !== 'object') return;
  const bump = (name: string) => seen.set(name, (seen.get(name) ?? 0) + 1);
  const node = value as Record<string, unknown>;
  const k = node.k as Record<string, unknown> | undefined;
  if (k !== undefined) {
    if (k.km === true) bump('km');
    if (k.kc === 0 && node.s === undefined) bump('emptied');
    for (const [index, entry] of Object.entries(k)) {
      if (Array.isArray(entry)) bump('[old, diff] move');
      else if (typeof entry === 'number' && index !== 'kc') bump('move');
    }
  }
  if (node.p !== undefined && node.s === undefined) bump('p in an update');
  for (const [key, child] of Object.entries(node)) {
    if (key === 'c') {
      for (const tree of Object.values(child as Record<string, { s?: unknown }>)) {
        if (typeof tree.s === 'number')
          bump(tree.s < 0 ? 'component s: -cid' : 'component s: +cid');
        countFeatures(tree, seen);
      }
    } else if (key !== 'p') {
      countFeatures(child, seen);
    }
  }
}

describe('round trip: server diffs merged by the client Rendered', () => {
  it('reproduce renderToString of the last state after every diff, needing nothing unsent', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const engine = new DiffEngine();
        let client: Rendered | undefined;
        let previous: Page | undefined;
        // Components the client has in its cache, and those it announced it will destroy.
        const cached = new Set<number>();
        let leaving: number[] = [];
        for (const state of states(steps)) {
          const diff = wire(
            engine.renderView(page, state, { changed: changedKeys(previous, state) }),
          );
          countFeatures(diff, seen);
          if (diff.s !== undefined) {
            // A new root: client and server both dropped every component.
            expect(engine.destroy(leaving)).toEqual([]);
            cached.clear();
            leaving = [];
          }
          for (const cid of Object.keys(diff.c ?? {})) cached.add(Number(cid));
          if (client === undefined)
            client = new Rendered('phx-test', diff, { tagComponents: true });
          else client.mergeDiff(diff);
          const tagged = client.toString();
          expect(tagged.replace(/ data-phx-component="\d+"/g, '')).toBe(
            renderToString(page(state)),
          );
          // The client's side of cids_will_destroy / cids_destroyed: components missing from the
          // page are announced, and destroyed one render later unless that render brought them back.
          const onPage = new Set(
            [...tagged.matchAll(/data-phx-component="(\d+)"/g)].map((m) => Number(m[1])),
          );
          const destroyed = leaving.filter((cid) => !onPage.has(cid));
          expect(engine.destroy(destroyed)).toEqual(destroyed);
          if (destroyed.length < leaving.length)
            seen.set('revived', (seen.get('revived') ?? 0) + 1);
          client.pruneCIDs(destroyed);
          for (const cid of destroyed) cached.delete(cid);
          leaving = [...cached].filter((cid) => !onPage.has(cid) && !destroyed.includes(cid));
          engine.markForDestroy(leaving);
          previous = state;
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
    const features = [
      'km',
      'move',
      '[old, diff] move',
      'emptied',
      'component s: -cid',
      'component s: +cid',
      'p in an update',
      'revived',
    ];
    for (const feature of features) expect(seen.get(feature) ?? 0, feature).toBeGreaterThan(0);
  });

  it('keeps lazy slots skipped when their assigns did not change', () => {
    const engine = new DiffEngine();
    const base: Page = {
      alt: false,
      title: 'T',
      items: [],
      rows: [],
      region: { t: 'str', v: 'x' },
    };
    engine.renderView(page, base);
    const runs = lazyTitleRuns;
    const next = { ...base, rows: ['r'] };
    const diff = engine.renderView(page, next, { changed: changedKeys(base, next) });
    expect(lazyTitleRuns).toBe(runs);
    expect(diff).toEqual({
      '3': { s: 0, k: { '0': { '0': 'r' }, kc: 1 } },
      p: { '0': ['<li>', '</li>'] },
    });
  });

  it('lets a client that lost a component copy be told the component is gone', () => {
    // Client and server agree on destruction: the server only deletes what the client destroyed.
    const engine = new DiffEngine();
    const region = (on: boolean): Doc =>
      on ? { t: 'comp', id: 1, v: 'v', child: { t: 'str', v: 'c' } } : { t: 'str', v: 'none' };
    const base: Page = { alt: true, title: 'T', items: [], rows: [], region: region(true) };
    const client = new Rendered('phx-test', wire(engine.renderView(page, base)));
    const without = { ...base, region: region(false) };
    client.mergeDiff(wire(engine.renderView(page, without)));
    engine.markForDestroy([1]);
    expect(engine.destroy([1])).toEqual([1]);
    client.pruneCIDs([1]);
    const back = { ...base, region: region(true) };
    client.mergeDiff(wire(engine.renderView(page, back)));
    expect(client.toString()).toBe(renderToString(page(back)));
  });
});
