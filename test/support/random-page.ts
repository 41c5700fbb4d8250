/**
 * A random session of page states for the diff-engine property tests: a `Page` whose template
 * tree mixes nested templates, attributes, plain and keyed lists, conditionals and live
 * components (nested, sharing statics), plus the helpers that turn fast-check steps into
 * states and diffs. Shared by the round-trip test against our own client and the one against
 * the official Phoenix LiveView client, so both see exactly the same sessions.
 */
import fc from 'fast-check';
import { defineComponent, html, keyed, liveComponent } from '../../views/index.js';
import type { Template, WireDiff } from '../../views/render/index.js';

/** A random document: the shapes a view's template tree can take. */
export type Doc =
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'b'; readonly x: string; readonly child: Doc }
  | { readonly t: 'pair'; readonly l: Doc; readonly r: Doc }
  | { readonly t: 'list'; readonly items: readonly Doc[] }
  | { readonly t: 'flag'; readonly on: boolean; readonly cls: readonly string[] }
  | { readonly t: 'cond'; readonly on: boolean; readonly v: string }
  | { readonly t: 'comp'; readonly id: number; readonly v: string; readonly child: Doc }
  | { readonly t: 'keyed'; readonly ids: readonly number[]; readonly child: Doc };

const text = fc.constantFrom('a', 'b', '', '<&>', '"q"');

/**
 * Arbitrary {@link Doc}s, at most four levels deep.
 *
 * @example
 * fc.sample(doc, 1); // e.g. [{ t: 'b', x: 'a', child: { t: 'str', v: '<&>' } }]
 */
export const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
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

/** The live component a `comp` doc renders: a section with a lazy slot and the child doc. */
export const Box = defineComponent<{ v: string; child: Doc }>({
  // The lazy slot re-runs only when this component's own `v` changed.
  render: (a) =>
    html`<section title=${a.v}>${() => html`<i>${a.v}</i>`}${renderDoc(a.child)}</section>`,
});

/**
 * The template value of a doc (a string, template, array, keyed list or component call).
 *
 * @example
 * renderToString(html`${renderDoc({ t: 'b', x: 'a', child: { t: 'str', v: 'b' } })}`); // '<b title="a">b</b>'
 */
export function renderDoc(d: Doc): unknown {
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
export function dedupe(d: Doc, used: Set<number>): Doc {
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

/** A keyed item of the page; its object identity says whether it changed. */
export interface Item {
  readonly id: number;
  readonly label: string;
  readonly d: Doc;
}

/** The assigns of the random page. */
export interface Page {
  readonly alt: boolean;
  readonly title: string;
  readonly items: readonly Item[];
  readonly rows: readonly string[];
  readonly region: Doc;
}

/** How many times the page's lazy title slot ran (read it before and after a render). */
export let lazyTitleRuns = 0;

/**
 * The random page's render function: a keyed list, a plain list, a lazy title and a region, or
 * (when `alt`) a different root template with the region only.
 *
 * @example
 * engine.renderView(page, state, { changed: changedKeys(previous, state) });
 */
export const page = (a: Readonly<Page>): Template =>
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

/** One step of the random session: how the next state differs from the last. */
export const step = fc.record({
  alt: fc.constantFrom(false, false, false, false, true),
  title: fc.constantFrom('T1', 'T2'),
  order: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }),
  relabel: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
  itemDoc: doc,
  rows: fc.array(text, { maxLength: 4 }),
  region: doc,
});

/** A value of {@link step}. */
export type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Builds the page states: items keep their object identity unless relabelled. */
export function states(steps: readonly Step[]): Page[] {
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
export const wire = (diff: WireDiff): WireDiff => JSON.parse(JSON.stringify(diff)) as WireDiff;

/** The `changed` option for a render of `next` after `previous` (`undefined` on the first). */
export function changedKeys(previous: Page | undefined, next: Page): Set<string> | undefined {
  if (previous === undefined) return undefined;
  const keys = new Set<string>();
  for (const key of Object.keys(next) as (keyof Page)[])
    if (previous[key] !== next[key]) keys.add(key);
  return keys;
}

/** Counts protocol features seen in a diff, so the property test shows it exercised them. */
export function countFeatures(value: unknown, seen: Map<string, number>): void {
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
