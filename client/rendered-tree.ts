import type { WireStream } from '../views/wire.js';

/**
 * The client's cache of one view, as {@link Rendered} keeps it: wire nodes with their statics
 * already resolved to arrays (no `p` table is ever kept) and slots/entries held in arrays
 * indexed by position, so merging and rendering index arrays instead of parsing keys.
 *
 * @internal
 * @example
 * // {"s":["<p>","</p>"],"0":"hi"} is cached as
 * const node: CachedNode = { kind: 'node', statics: ['<p>', '</p>'], slots: ['hi'] };
 */
export interface CachedNode {
  readonly kind: 'node';
  readonly statics: readonly string[];
  /** Slot i; `undefined` (a hole) until the server sends it. Extra slots are kept, never rendered. */
  readonly slots: CachedValue[];
}

/** @internal A comprehension: shared statics, and one slot array per entry, in display order. */
export interface CachedComprehension {
  readonly kind: 'comprehension';
  readonly statics: readonly string[];
  entries: CachedValue[][];
  /** The stream operations of the last merged diff, until the next merge (PROTOCOL.md 5.6). */
  stream: WireStream | undefined;
  /** Ever carried `"stream"`: its entries live only until the next merge. */
  isStream: boolean;
}

/** @internal A slot value: escaped markup, a component cid, a nested node or a comprehension. */
export type CachedValue = string | number | CachedNode | CachedComprehension;

/**
 * State shared by one merge: stream comprehensions that received entries, which the owner
 * empties before the next merge (the client keeps no stream entries, PROTOCOL.md 5.6).
 *
 * @internal
 */
export interface MergeContext {
  readonly streams: CachedComprehension[];
}

/**
 * A diff object as parsed JSON: keys are read one by one and type-checked where used.
 *
 * @internal
 */
export type Wire = Readonly<Record<string, unknown>>;

/**
 * True for a slot or entry index key (`"0"`, `"1"`, ...), as opposed to `s`, `r`, `p`, `kc`...
 *
 * @internal
 */
export function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57;
}

/** Deep copy of a cached value; statics arrays are shared, since nothing mutates them. */
function copyValue(value: CachedValue, ctx: MergeContext): CachedValue {
  if (typeof value !== 'object') return value;
  if (value.kind === 'node') return copyNode(value, ctx);
  const copy = { ...value, entries: value.entries.map((slots) => copySlots(slots, ctx)) };
  // A copy of a stream with pending entries must be emptied at the next merge like the original.
  if (copy.isStream) ctx.streams.push(copy);
  return copy;
}

/** @internal Deep copy of a node (see {@link copyValue}). */
export function copyNode(node: CachedNode, ctx: MergeContext): CachedNode {
  return { ...node, slots: copySlots(node.slots, ctx) };
}

/** @internal Deep copy of a slot array; `map` keeps holes as holes. */
export function copySlots(slots: readonly CachedValue[], ctx: MergeContext): CachedValue[] {
  return slots.map((value) => copyValue(value, ctx));
}
