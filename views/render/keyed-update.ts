/**
 * The update of a `keyed(...)` comprehension (the essay in comprehension.ts describes the
 * format). Work is one key call and two `===` comparisons per entry while the order is
 * unchanged; a move, insert or delete in the middle costs one pass building the new order.
 *
 * @internal
 */

import type { WireDynamic, WireEntry } from '../wire.js';
import type { Keyed } from './comprehension.js';
import type { ComprehensionState, EntryRenderer } from './comprehension-state.js';
import {
  duplicateKey,
  finish,
  parsedOf,
  RERENDER,
  renderEntry,
  scopeForEntries,
  valuesOf,
} from './comprehension-state.js';
import type { RenderScope } from './render-scope.js';
import { WRAPPER_TEMPLATE } from './template-parse.js';
import { readsChanged } from './tracking.js';

/**
 * What the first phase found. `keys` and `sources` stay undefined while the key sequence matches
 * the old one position by position, new keys appended at the end aside (`tail`): the common
 * case, with no work proportional to the list beyond one key call and two comparisons per entry.
 */
interface KeyedPlan {
  readonly items: readonly unknown[];
  /** The keys in their new order, once it diverged from the old one. */
  readonly keys: unknown[] | undefined;
  /** Per new position, the old position its entry comes from (-1: a new key). */
  readonly sources: number[] | undefined;
  /** Keys appended at the end while the order still matched. */
  readonly tail: unknown[];
  /** The positions whose entries must render, ascending, and their templates. */
  readonly dirty: number[];
  readonly templates: unknown[];
}

/** Where entries render (scopeForEntries): inside a live component, with a `p` of their own. */
type EntryScope = ReturnType<typeof scopeForEntries>;

/** Diffs a keyed list against its state (same keyed-ness), updating the state. @internal */
export function diffKeyed(
  state: ComprehensionState,
  list: Keyed,
  scope: RenderScope,
  renderer: EntryRenderer,
): WireDynamic | undefined | typeof RERENDER {
  const plan = planKeyed(state, list, scope);
  if (plan === RERENDER) return RERENDER;
  const entries = scopeForEntries(scope);
  return plan.keys === undefined
    ? updateInOrder(state, plan, entries, renderer)
    : updateReordered(state, plan, entries, renderer);
}

/**
 * Phase 1: every entry's key, where it comes from, and the templates of the entries that must
 * render (new, changed item, or reading an assign that changed). Throws on a duplicate key.
 */
function planKeyed(
  state: ComprehensionState,
  list: Keyed,
  scope: RenderScope,
): KeyedPlan | typeof RERENDER {
  const { items, key: keyOf, render } = list;
  const n = items.length;
  const oldKeys = state.keys as unknown[];
  const oldItems = state.items;
  const oldN = oldKeys.length;
  const parsed = state.parsed;
  const index = state.index as Map<unknown, number>;
  let keys: unknown[] | undefined;
  let sources: number[] | undefined;
  // Which old entries the new order takes once it diverged (a second claim is a duplicate
  // key), and the keys that are new in this render (seen twice: a duplicate too).
  let claimed: Uint8Array | undefined;
  let fresh: Set<unknown> | undefined;
  const tail: unknown[] = [];
  const dirty: number[] = [];
  const templates: unknown[] = [];
  // Entries read assigns that changed: an `===` item no longer means an unchanged entry.
  const reads = state.reads as Set<string>;
  const renderAll = reads.size > 0 && readsChanged(reads, scope.changed);
  const tracker = scope.pass.tracker;
  tracker.begin();
  try {
    for (let p = 0; p < n; p++) {
      const item = items[p];
      const key = keyOf(item, p);
      let from: number;
      if (p < oldN && key === oldKeys[p]) {
        from = p;
      } else {
        from = index.get(key) ?? -1;
      }
      if (from < 0) {
        fresh ??= new Set();
        if (fresh.has(key)) throw duplicateKey(key);
        fresh.add(key);
      }
      if (keys === undefined && from !== p) {
        if (p >= oldN && from < 0) {
          // Appended at the end: the order so far still matches.
          tail.push(key);
        } else {
          const diverged = Math.min(p, oldN);
          keys = oldKeys.slice(0, diverged).concat(tail);
          sources = new Array<number>(keys.length);
          for (let q = 0; q < keys.length; q++) sources[q] = q < diverged ? q : -1;
          claimed = new Uint8Array(oldN);
          claimed.fill(1, 0, diverged);
        }
      }
      if (keys !== undefined && sources !== undefined && claimed !== undefined) {
        if (from >= 0) {
          if (claimed[from] === 1) throw duplicateKey(key);
          claimed[from] = 1;
        }
        keys.push(key);
        sources.push(from);
      }
      if (from < 0 || renderAll || item !== oldItems[from]) {
        const template = render(item, p);
        if (parsed !== WRAPPER_TEMPLATE && parsedOf(template) !== parsed) return RERENDER;
        dirty.push(p);
        templates.push(template);
      }
    }
  } finally {
    // Entries not rendered now keep what they read before, so the set only grows, except
    // when every entry rendered.
    const passReads = tracker.end();
    if (renderAll) reads.clear();
    for (const key of passReads) reads.add(key);
  }
  return { items, keys, sources, tail, dirty, templates };
}

/** Phase 2, the order unchanged: render the dirty entries in place, append the tail, truncate. */
function updateInOrder(
  state: ComprehensionState,
  { items, tail, dirty, templates }: KeyedPlan,
  { entryScope, table }: EntryScope,
  renderer: EntryRenderer,
): WireDynamic | undefined {
  const n = items.length;
  const oldKeys = state.keys as unknown[];
  const oldN = oldKeys.length;
  const index = state.index as Map<unknown, number>;
  let k: Record<string, unknown> | undefined;
  for (let d = 0; d < dirty.length; d++) {
    const p = dirty[d] as number;
    state.items[p] = items[p];
    const values = valuesOf(templates[d], state.parsed);
    const entry = renderEntry(state.entries, p, values, state.parsed, entryScope, renderer);
    if (entry !== undefined) {
      k ??= {};
      k[p] = entry;
    }
  }
  for (let t = 0; t < tail.length; t++) {
    oldKeys.push(tail[t]);
    index.set(tail[t], oldN + t);
  }
  if (n < oldN) {
    for (let q = n; q < oldN; q++) index.delete(oldKeys[q]);
    oldKeys.length = n;
    state.items.length = n;
    state.entries.length = n;
  }
  return finish(k, n, oldN, false, table);
}

/**
 * Phase 3, the order changed: build the new entries from the old ones they came from (a moved
 * entry is sent as its old position, `[old, partial]` when it also changed), then bring the
 * key index up to date.
 */
function updateReordered(
  state: ComprehensionState,
  plan: KeyedPlan,
  { entryScope, table }: EntryScope,
  renderer: EntryRenderer,
): WireDynamic | undefined {
  const { items, dirty, templates } = plan;
  const keys = plan.keys as unknown[];
  const from = plan.sources as number[];
  const n = items.length;
  const oldN = (state.keys as unknown[]).length;
  const parsed = state.parsed;
  const index = state.index as Map<unknown, number>;
  const newItems = new Array<unknown>(n);
  const newEntries = new Array<unknown[]>(n);
  let k: Record<string, unknown> | undefined;
  let moved = false;
  let d = 0;
  for (let p = 0; p < n; p++) {
    const source = from[p] as number;
    newItems[p] = items[p];
    // A new key (source -1) is always dirty, and renderEntry gives it fresh memos.
    if (source >= 0) newEntries[p] = state.entries[source] as unknown[];
    let entry: WireEntry | undefined;
    if (dirty[d] === p) {
      const values = valuesOf(templates[d++], parsed);
      entry = renderEntry(newEntries, p, values, parsed, entryScope, renderer);
    }
    if (source === p || source < 0) {
      if (entry !== undefined) {
        k ??= {};
        k[p] = entry;
      }
    } else {
      k ??= {};
      k[p] = entry === undefined ? source : [source, entry];
      moved = true;
    }
  }
  for (let p = 0; p < n; p++) if (from[p] !== p) index.set(keys[p], p);
  const oldKeys = state.keys as unknown[];
  for (let q = 0; q < oldN; q++) {
    const oldKey = oldKeys[q];
    if ((q >= n || keys[q] !== oldKey) && index.get(oldKey) === q) index.delete(oldKey);
  }
  state.keys = keys;
  state.items = newItems;
  state.entries = newEntries;
  return finish(k, n, oldN, moved, table);
}
