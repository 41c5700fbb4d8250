/**
 * The update of a `keyed(...)` comprehension (the essay in comprehension.ts describes the
 * format). Work is one key call and two `===` comparisons per entry while the order is
 * unchanged; a move, insert or delete in the middle costs one pass building the new order.
 *
 * @internal
 */
import type { Keyed } from './comprehension.js';
import type { ComprehensionState, EntryRenderer } from './comprehension-state.js';
import {
  duplicateKey,
  finish,
  indexOf,
  parsedOf,
  RERENDER,
  scopeForEntries,
  valuesOf,
} from './comprehension-state.js';
import type { RenderScope } from './render-scope.js';
import { emptyMemos } from './rendered-tree.js';
import { WRAPPER_TEMPLATE } from './template-parse.js';
import { readsChanged } from './tracking.js';
import type { WireDynamic } from './wire.js';

/** Diffs a keyed list against its state (same keyed-ness), updating the state. @internal */
export function diffKeyed(
  state: ComprehensionState,
  list: Keyed,
  scope: RenderScope,
  renderer: EntryRenderer,
): WireDynamic | undefined | typeof RERENDER {
  const { items, key: keyOf, render } = list;
  const n = items.length;
  const oldKeys = state.keys as unknown[];
  const oldItems = state.items;
  const oldN = oldKeys.length;
  const parsed = state.parsed;
  // Pass 1: keys, where each entry comes from, and the templates of entries that must render.
  // `keys`/`sources` stay undefined while the key sequence matches the old one position by
  // position, new keys appended at the end aside (the common case: no work proportional to
  // the list beyond one key call and two comparisons per entry).
  let keys: unknown[] | undefined;
  let sources: number[] | undefined;
  // Once the order diverged: which old entries are taken (a second claim is a duplicate key),
  // and the keys that are new in this render.
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
        state.index ??= indexOf(oldKeys);
        from = state.index.get(key) ?? -1;
      }
      if (keys === undefined && from !== p) {
        if (p >= oldN && from < 0) {
          // Appended at the end: the order so far still matches.
          fresh ??= new Set();
          if (fresh.has(key)) throw duplicateKey(key);
          fresh.add(key);
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
        } else {
          fresh ??= new Set();
          if (fresh.has(key)) throw duplicateKey(key);
          fresh.add(key);
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
  const { entryScope, table } = scopeForEntries(scope);
  let k: Record<string, unknown> | undefined;
  let moved = false;
  if (keys === undefined) {
    for (let d = 0; d < dirty.length; d++) {
      const p = dirty[d] as number;
      const values = valuesOf(templates[d], parsed);
      oldItems[p] = items[p];
      if (p < oldN) {
        const entry = renderer.partial(state.entries[p] as unknown[], values, parsed, entryScope);
        if (entry !== undefined) {
          k ??= {};
          k[p] = entry;
        }
      } else {
        const memos = emptyMemos(parsed.slots.length);
        state.entries[p] = memos;
        k ??= {};
        k[p] = renderer.full(memos, values, parsed, entryScope);
      }
    }
    for (let t = 0; t < tail.length; t++) {
      oldKeys.push(tail[t]);
      state.index?.set(tail[t], oldN + t);
    }
    if (n < oldN) {
      for (let q = n; q < oldN; q++) state.index?.delete(oldKeys[q]);
      oldKeys.length = n;
      oldItems.length = n;
      state.entries.length = n;
    }
    return finish(k, n, oldN, false, table);
  }
  const from = sources as number[];
  const newItems = new Array<unknown>(n);
  const newEntries = new Array<unknown[]>(n);
  let d = 0;
  for (let p = 0; p < n; p++) {
    const source = from[p] as number;
    const isDirty = dirty[d] === p;
    const template = isDirty ? templates[d++] : undefined;
    newItems[p] = items[p];
    if (source < 0) {
      const memos = emptyMemos(parsed.slots.length);
      newEntries[p] = memos;
      k ??= {};
      k[p] = renderer.full(memos, valuesOf(template, parsed), parsed, entryScope);
      continue;
    }
    const memos = state.entries[source] as unknown[];
    newEntries[p] = memos;
    const entry = isDirty
      ? renderer.partial(memos, valuesOf(template, parsed), parsed, entryScope)
      : undefined;
    if (source === p) {
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
  const index = state.index as Map<unknown, number>;
  for (let p = 0; p < n; p++) if (from[p] !== p) index.set(keys[p], p);
  for (let q = 0; q < oldN; q++) {
    const oldKey = oldKeys[q];
    if ((q >= n || keys[q] !== oldKey) && index.get(oldKey) === q) index.delete(oldKey);
  }
  state.keys = keys;
  state.items = newItems;
  state.entries = newEntries;
  return finish(k, n, oldN, moved, table);
}
