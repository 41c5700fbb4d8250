/**
 * Comprehensions: a slot holding an array of templates, or `keyed(items, key, render)`.
 * All entries share one statics array (sent once) and each entry sends only its slots
 * (PROTOCOL.md 5.4.1). If the entries use different templates, the comprehension's statics
 * are `['', '']` and each entry is one slot holding its own node (what LiveView sends for a
 * `for` over function components); that choice sticks while the list is not re-sent.
 *
 * State per comprehension: the entry fingerprint, and per position its key, its last item and
 * its slot memos, plus (for `keyed`) a key -> position map.
 *
 * An update compares, position by position, the new key and item with the old ones:
 *
 * - same key, same item (`===`): nothing to do; for `keyed` the render callback is not called;
 * - same key, other item: render and diff the entry -> a partial entry, or nothing;
 * - a key that was at old position j: `j` (moved, unchanged) or `[j, partial]`, and `km: true`;
 * - a new key: the entry's full dynamics.
 *
 * `kc` is always sent; the whole comprehension is omitted when no entry is sent and the count
 * is unchanged. Without keys (a plain array) the index is the key, so nothing ever moves.
 *
 * Worked example (`keyed(items, (i) => i.id, (i) => html\`<li>${i.name}</li>\`)`):
 *
 * ```
 * [{id:1,name:'a'}, {id:2,name:'b'}]      {"s":0,"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}}   (+ p)
 * the same two items, swapped             {"k":{"0":1,"1":0,"kc":2,"km":true}}
 * item 2 renamed 'B' (new object)         {"k":{"0":{"0":"B"},"kc":2}}
 * []                                      {"k":{"kc":0}}
 * ```
 */

import type { WireComprehension, WireDynamic } from '../wire.js';
import type { ComponentCall } from './component.js';
import type { EntryRenderer } from './comprehension-state.js';
import {
  ComprehensionState,
  duplicateKey,
  finish,
  parsedOf,
  RERENDER,
  renderEntry,
  scopeForEntries,
  valuesOf,
} from './comprehension-state.js';
import type { Template } from './html.js';
import { diffKeyed } from './keyed-update.js';
import type { RenderScope } from './render-scope.js';
import { emptyMemos, wireStatics } from './rendered-tree.js';
import type { ParsedTemplate } from './template-parse.js';
import { WRAPPER_TEMPLATE } from './template-parse.js';

/**
 * A keyed list of items (see {@link keyed}): a slot value.
 *
 * @example
 * const list = keyed(users, (u) => u.id, (u) => html`<li>${u.name}</li>`);
 * list.items === users; // true
 */
export class Keyed<Item = unknown> {
  readonly items: readonly Item[];
  readonly key: (item: Item, index: number) => unknown;
  readonly render: (item: Item, index: number) => unknown;

  constructor(
    items: readonly Item[],
    key: (item: Item, index: number) => unknown,
    render: (item: Item, index: number) => unknown,
  ) {
    this.items = items;
    this.key = key;
    this.render = render;
  }
}

/**
 * A keyed comprehension: entries are matched by `key` across renders, so a move travels as a
 * move, and an entry whose item is `===` the one rendered last time is skipped (`render` is not
 * called), unless an assign that the callbacks read through the assigns proxy is in the
 * render's `changed` set (then every entry renders again and is diffed). Values captured
 * outside the callback are invisible to this check: read assigns inside it, or put what an
 * entry shows into its item. Keys must be unique; they are compared with `===`.
 *
 * @example
 * html`<ul>${keyed(todos, (t) => t.id, (t) => html`<li>${t.title}</li>`)}</ul>`;
 */
export function keyed<Item>(
  items: readonly Item[],
  key: (item: Item, index: number) => unknown,
  render: (item: Item, index: number) => Template | ComponentCall,
): Keyed<Item> {
  if (!Array.isArray(items)) throw new TypeError('keyed: items must be an array');
  return new Keyed(items, key, render);
}

/**
 * A list value in a slot: a plain array (of templates, or of live components) or a `keyed(...)`.
 * An entry that is not a template is held in the wrapper's single slot.
 *
 * @internal
 */
export type ListValue = Keyed | readonly unknown[];

/**
 * Diffs a list against the slot's memo (`memos[slot]`), updating the memo. Returns the wire
 * value for the slot, or `undefined` when nothing changed. `ref` is the memo at the same place
 * in a tree the client will copy (live component static sharing), or `undefined`.
 *
 * @internal
 */
export function diffList(
  memos: unknown[],
  slot: number,
  list: ListValue,
  scope: RenderScope,
  ref: unknown,
  renderer: EntryRenderer,
): WireDynamic | undefined {
  const memo = memos[slot];
  const isKeyed = list instanceof Keyed;
  const length = isKeyed ? list.items.length : list.length;
  if (memo instanceof ComprehensionState && (memo.keys !== undefined) === isKeyed) {
    const wire = isKeyed
      ? diffKeyed(memo, list, scope, renderer)
      : diffUnkeyed(memo, list as readonly unknown[], scope, renderer);
    if (wire !== RERENDER) return wire;
  } else if (length === 0) {
    // An empty list that the client has no comprehension for is just no markup.
    if (memo === '') return undefined;
    memos[slot] = '';
    return '';
  }
  const { state, wire } = renderFull(list, scope, ref, renderer);
  memos[slot] = state;
  return wire;
}

function renderFull(
  list: ListValue,
  scope: RenderScope,
  ref: unknown,
  renderer: EntryRenderer,
): { state: ComprehensionState | ''; wire: WireDynamic } {
  const isKeyed = list instanceof Keyed;
  const items = isKeyed ? list.items : list;
  const n = items.length;
  if (n === 0) return { state: '', wire: '' };
  const templates = new Array<unknown>(n);
  let keys: unknown[] | undefined;
  let index: Map<unknown, number> | undefined;
  if (isKeyed) {
    keys = new Array<unknown>(n);
    index = new Map();
  }
  let parsed: ParsedTemplate | undefined;
  const tracker = scope.pass.tracker;
  if (isKeyed) tracker.begin();
  let reads: Set<string> | undefined;
  try {
    for (let i = 0; i < n; i++) {
      const template = isKeyed ? list.render(items[i], i) : items[i];
      templates[i] = template;
      const entryParsed = parsedOf(template);
      parsed = parsed === undefined || parsed === entryParsed ? entryParsed : WRAPPER_TEMPLATE;
      if (keys !== undefined && index !== undefined) {
        const key = (list as Keyed).key(items[i], i);
        if (index.has(key)) throw duplicateKey(key);
        index.set(key, i);
        keys[i] = key;
      }
    }
  } finally {
    if (isKeyed) reads = tracker.end();
  }
  const entryParsed = parsed as ParsedTemplate;
  const { entryScope, table } = scopeForEntries(scope);
  const k: Record<string, unknown> = {};
  const entries = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) {
    const memos = emptyMemos(entryParsed.slots.length);
    entries[i] = memos;
    k[i] = renderer.full(memos, valuesOf(templates[i], entryParsed), entryParsed, entryScope);
  }
  k.kc = n;
  const wire: Record<string, unknown> = { k };
  if (!(ref instanceof ComprehensionState && ref.parsed === entryParsed)) {
    wire.s = wireStatics(entryParsed, scope.table);
  }
  const p = table?.toWire();
  if (p !== undefined) wire.p = p;
  const state = new ComprehensionState(
    entryParsed,
    keys,
    isKeyed ? items.slice() : templates,
    entries,
  );
  state.index = index;
  state.reads = reads;
  return { state, wire: wire as unknown as WireComprehension };
}

function diffUnkeyed(
  state: ComprehensionState,
  list: readonly unknown[],
  scope: RenderScope,
  renderer: EntryRenderer,
): WireDynamic | undefined | typeof RERENDER {
  const n = list.length;
  const oldN = state.items.length;
  const parsed = state.parsed;
  for (let i = 0; i < n; i++) {
    const template = list[i];
    if (i < oldN && template === state.items[i]) continue;
    if (parsed !== WRAPPER_TEMPLATE && parsedOf(template) !== parsed) return RERENDER;
  }
  const { entryScope, table } = scopeForEntries(scope);
  let k: Record<string, unknown> | undefined;
  for (let i = 0; i < n; i++) {
    const template = list[i];
    if (i < oldN && template === state.items[i]) continue;
    state.items[i] = template;
    const values = valuesOf(template, parsed);
    const entry = renderEntry(state.entries, i, values, parsed, entryScope, renderer);
    if (entry !== undefined) {
      k ??= {};
      k[i] = entry;
    }
  }
  if (n < oldN) {
    state.items.length = n;
    state.entries.length = n;
  }
  return finish(k, n, oldN, false, table);
}
