import type { WireStream, WireTemplates } from '../views/wire.js';
import { KEYED, KEYED_COUNT, KEYED_MOVED, STATIC, STREAM, TEMPLATES } from '../views/wire.js';
import { preview, RenderedError } from './rendered-errors.js';
import type {
  CachedComprehension,
  CachedNode,
  CachedValue,
  MergeContext,
  Wire,
} from './rendered-tree.js';
import { copySlots, isIndexKey } from './rendered-tree.js';

/**
 * The generic node merge of PROTOCOL.md 5.7 and the keyed merge of 5.4.1, over the cache of
 * `rendered-tree.ts`. The input diff is never mutated: a complete node (with `s`) is copied into
 * a fresh cache node, a partial one is merged into the cached node in place. Integer statics are
 * resolved here, with the templates table in scope, so the cache never holds a `p`.
 *
 * @example
 * const ctx: MergeContext = { streams: [] };
 * const root = mergeNode(undefined, { s: 0, '0': 'a', p: { '0': ['<b>', '</b>'] } }, null, ctx);
 * mergeNode(root, { '0': 'b' }, null, ctx); // root.slots[0] === 'b'
 */
function mergeValue(
  cached: CachedValue | undefined,
  value: unknown,
  scope: WireTemplates | null,
  ctx: MergeContext,
): CachedValue {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isInteger(value) || value < 0) {
        throw new RenderedError('ERR_RENDERED_BAD_DIFF', `slot value ${value} is not a cid`);
      }
      return value;
    case 'object':
      if (value === null || Array.isArray(value)) break;
      if ((value as Wire)[KEYED] !== undefined) {
        return mergeComprehension(cached, value as Wire, scope, ctx);
      }
      return mergeNode(cached, value as Wire, scope, ctx);
  }
  throw new RenderedError('ERR_RENDERED_BAD_DIFF', `slot value ${JSON.stringify(value)}`);
}

/**
 * Merges one node diff (no `k`) into the cached value at its position: with `s` it replaces the
 * position, without `s` the cached node must exist and is updated in place.
 *
 * @internal
 */
export function mergeNode(
  cached: CachedValue | undefined,
  diff: Wire,
  scope: WireTemplates | null,
  ctx: MergeContext,
): CachedNode {
  // A node's own table applies to the node itself and everything below it (5.3).
  const active = (diff[TEMPLATES] as WireTemplates | undefined) ?? scope;
  const statics = diff[STATIC];
  if (statics !== undefined) {
    const node: CachedNode = {
      kind: 'node',
      statics: resolveStatics(statics, active),
      slots: [],
    };
    mergeSlots(node.slots, diff, active, ctx);
    return node;
  }
  if (typeof cached !== 'object' || cached.kind !== 'node') {
    throw new RenderedError(
      'ERR_RENDERED_NO_STATICS',
      `partial node ${preview(diff)} but no cached node; send it with "s"`,
    );
  }
  mergeSlots(cached.slots, diff, active, ctx);
  return cached;
}

/** @internal Merges the slot keys `"0"`, `"1"`, ... of `diff` into `slots`; other keys are ignored. */
export function mergeSlots(
  slots: CachedValue[],
  diff: Wire,
  scope: WireTemplates | null,
  ctx: MergeContext,
): void {
  for (const key in diff) {
    if (!isIndexKey(key)) continue;
    const i = Number(key);
    slots[i] = mergeValue(slots[i], diff[key], scope, ctx);
  }
}

/** Resolves statics: an array is used as is, an integer is looked up in `table`. */
function resolveStatics(statics: unknown, table: WireTemplates | null): readonly string[] {
  if (typeof statics === 'number') {
    const found: unknown = table === null ? undefined : (table as Wire)[statics];
    if (found === undefined) {
      throw new RenderedError('ERR_RENDERED_NO_TEMPLATE', `statics ${statics} are not in "p"`);
    }
    statics = found;
  }
  if (Array.isArray(statics) && statics.length > 0) return statics as readonly string[];
  throw new RenderedError(
    'ERR_RENDERED_BAD_DIFF',
    `statics ${JSON.stringify(statics)} are invalid`,
  );
}

function mergeComprehension(
  cached: CachedValue | undefined,
  diff: Wire,
  scope: WireTemplates | null,
  ctx: MergeContext,
): CachedComprehension {
  // The table from above wins over the comprehension's own, for its entries (5.3).
  const entryScope = scope ?? (diff[TEMPLATES] as WireTemplates | undefined) ?? null;
  let comprehension: CachedComprehension;
  if (diff[STATIC] !== undefined) {
    comprehension = {
      kind: 'comprehension',
      // The comprehension's own statics always resolve with the table from above.
      statics: resolveStatics(diff[STATIC], scope),
      entries: [],
      stream: undefined,
      isStream: false,
    };
  } else if (typeof cached === 'object' && cached.kind === 'comprehension') {
    comprehension = cached;
  } else {
    throw new RenderedError(
      'ERR_RENDERED_NO_STATICS',
      'partial comprehension but no cached one; send it with "s"',
    );
  }
  mergeKeyed(comprehension, diff[KEYED], entryScope, ctx);
  const stream = diff[STREAM];
  if (stream !== undefined) {
    comprehension.stream = stream as WireStream;
    comprehension.isStream = true;
  }
  if (comprehension.isStream) ctx.streams.push(comprehension);
  return comprehension;
}

/** The keyed merge of PROTOCOL.md 5.4.1, in place on `target.entries`. */
function mergeKeyed(
  target: CachedComprehension,
  keyedValue: unknown,
  scope: WireTemplates | null,
  ctx: MergeContext,
): void {
  if (typeof keyedValue !== 'object' || keyedValue === null) {
    throw new RenderedError('ERR_RENDERED_BAD_DIFF', `"k" is ${JSON.stringify(keyedValue)}`);
  }
  const keyed = keyedValue as Wire;
  const count = keyed[KEYED_COUNT];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new RenderedError('ERR_RENDERED_BAD_KEYED', `"kc" is ${JSON.stringify(count)}`);
  }
  let moved = false;
  for (const key in keyed) {
    if (!isIndexKey(key)) continue;
    if (Number(key) >= count) {
      throw new RenderedError('ERR_RENDERED_BAD_KEYED', `keyed entry ${key} is past kc ${count}`);
    }
    const entry = keyed[key];
    if (typeof entry === 'number' || Array.isArray(entry)) moved = true;
  }
  if (moved) {
    if (keyed[KEYED_MOVED] !== true) {
      throw new RenderedError('ERR_RENDERED_BAD_KEYED', 'keyed moves without "km": true');
    }
    target.entries = mergeMoves(target.entries, keyed, count, scope, ctx);
    return;
  }
  // No moves: every entry stays at its index, so the merge can run in place.
  const entries = target.entries;
  const oldLength = entries.length;
  for (const key in keyed) {
    if (!isIndexKey(key)) continue;
    const i = Number(key);
    const slots = entries[i] ?? [];
    mergeSlots(slots, entryDiff(keyed[key], i), scope, ctx);
    entries[i] = slots;
  }
  if (entries.length > count) entries.length = count;
  for (let i = oldLength; i < count; i++) {
    if (entries[i] === undefined) throw missingEntry(i, count);
  }
}

/**
 * The keyed merge when the diff moves entries: every old index refers to the list before the
 * diff. Old entries are reused, not copied; only an entry that ends up at two positions (moved
 * away, and also kept or merged at its old index) is deep-copied, before any merge runs.
 */
function mergeMoves(
  old: CachedValue[][],
  keyed: Wire,
  count: number,
  scope: WireTemplates | null,
  ctx: MergeContext,
): CachedValue[][] {
  const next = new Array<CachedValue[]>(count);
  const taken = new Uint8Array(old.length);
  for (let i = 0; i < count; i++) {
    const entry = keyed[i];
    let from: unknown;
    if (typeof entry === 'number') from = entry;
    else if (Array.isArray(entry)) from = entry[0];
    else if (i < old.length) from = i;
    else if (entry === undefined) throw missingEntry(i, count);
    else {
      next[i] = [];
      continue;
    }
    const source = typeof from === 'number' && from >= 0 ? old[from] : undefined;
    if (source === undefined) {
      throw new RenderedError(
        'ERR_RENDERED_BAD_MOVE',
        `keyed entry ${i} moves from ${JSON.stringify(from)}, not an old index`,
      );
    }
    if (taken[from as number] === 1) next[i] = copySlots(source, ctx);
    else {
      taken[from as number] = 1;
      next[i] = source;
    }
  }
  for (let i = 0; i < count; i++) {
    const entry = keyed[i];
    if (entry === undefined || typeof entry === 'number') continue;
    const diff = Array.isArray(entry) ? entry[1] : entry;
    mergeSlots(next[i]!, entryDiff(diff, i), scope, ctx);
  }
  return next;
}

function entryDiff(entry: unknown, index: number): Wire {
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) return entry as Wire;
  throw new RenderedError(
    'ERR_RENDERED_BAD_DIFF',
    `keyed entry ${index} is ${JSON.stringify(entry)}`,
  );
}

function missingEntry(index: number, count: number): RenderedError {
  return new RenderedError('ERR_RENDERED_BAD_KEYED', `keyed entry ${index} of ${count} not sent`);
}
