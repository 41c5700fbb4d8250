import type { WireTemplates } from '../views/wire.js';
import { STATIC, TEMPLATES } from '../views/wire.js';
import { RenderedError } from './rendered-errors.js';
import { mergeNode, mergeSlots } from './rendered-merge.js';
import type { CachedNode, MergeContext, Wire } from './rendered-tree.js';
import { copyNode } from './rendered-tree.js';

/**
 * Merges a diff's `"c"` table into the component cache (PROTOCOL.md 5.5 and 5.7 step 3).
 *
 * Every entry's new tree is computed before any is stored, in an order that keeps the rule
 * "negative references see the trees as cached before this diff" without copying every tree:
 * 1. entries with `s: -N` (or `0`) copy cid N from the cache, which nothing has touched yet;
 * 2. complete entries (array `s`) become fresh trees, and partial entries merge into their
 *    cached tree in place (a later `+N` wants exactly that merged tree);
 * 3. entries with `s: +N` copy the tree that cid N has after this diff, recursively.
 * Components render with no inherited templates, so the scope starts empty.
 *
 * @internal
 * @example
 * // cid 2 is a copy of cid 1 as cached before, with slot 0 replaced:
 * mergeComponents(cache, { '2': { s: -1, '0': 'Bob' } }, ctx);
 */
export function mergeComponents(
  cache: Map<number, CachedNode>,
  table: unknown,
  ctx: MergeContext,
): void {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new RenderedError('ERR_RENDERED_BAD_DIFF', `"c" is ${JSON.stringify(table)}`);
  }
  const entries = new Map<number, Wire>();
  for (const key in table) {
    const cid = Number(key);
    const entry: unknown = (table as Wire)[key];
    if (!Number.isInteger(cid) || cid < 0 || typeof entry !== 'object' || entry === null) {
      throw new RenderedError(
        'ERR_RENDERED_BAD_DIFF',
        `"c" has entry ${JSON.stringify(key)}: ${JSON.stringify(entry)}`,
      );
    }
    entries.set(cid, entry as Wire);
  }
  const computed = new Map<number, CachedNode>();
  for (const [cid, entry] of entries) {
    const statics = entry[STATIC];
    if (typeof statics !== 'number' || statics > 0) continue;
    const source = cache.get(-statics);
    if (source === undefined) {
      throw new RenderedError(
        'ERR_RENDERED_NO_COMPONENT',
        `component ${cid} copies uncached component ${-statics}`,
      );
    }
    computed.set(cid, mergeOver(copyNode(source, ctx), entry, ctx));
  }
  for (const [cid, entry] of entries) {
    const statics = entry[STATIC];
    if (typeof statics === 'number') continue;
    if (statics !== undefined) {
      computed.set(cid, mergeNode(undefined, entry, null, ctx));
      continue;
    }
    const cached = cache.get(cid);
    if (cached === undefined) {
      throw new RenderedError('ERR_RENDERED_NO_COMPONENT', `partial uncached component ${cid}`);
    }
    computed.set(cid, mergeOver(cached, entry, ctx));
  }
  const resolving = new Set<number>();
  const resolve = (cid: number, referrer: number): CachedNode => {
    const done = computed.get(cid);
    if (done !== undefined) return done;
    const entry = entries.get(cid);
    if (entry === undefined) {
      throw new RenderedError(
        'ERR_RENDERED_NO_COMPONENT',
        `component ${referrer} copies component ${cid}, not in this diff`,
      );
    }
    if (resolving.has(cid)) {
      throw new RenderedError('ERR_RENDERED_BAD_DIFF', `component ${cid} copies itself via "s"`);
    }
    resolving.add(cid);
    const tree = mergeOver(copyNode(resolve(entry[STATIC] as number, cid), ctx), entry, ctx);
    computed.set(cid, tree);
    return tree;
  };
  for (const cid of entries.keys()) resolve(cid, cid);
  for (const [cid, tree] of computed) cache.set(cid, tree);
}

/** Merges an entry's keys (other than `s`) over a tree; nested nodes with `s` replace. */
function mergeOver(tree: CachedNode, entry: Wire, ctx: MergeContext): CachedNode {
  mergeSlots(tree.slots, entry, (entry[TEMPLATES] as WireTemplates | undefined) ?? null, ctx);
  return tree;
}
