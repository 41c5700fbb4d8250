/**
 * The client's copy of one LiveView's rendered tree: it merges every diff the server sends
 * (join `rendered`, `"diff"` pushes, `{diff}` replies) and turns the result back into HTML.
 *
 * The cache is the wire tree of PROTOCOL.md 5.2 with two changes that make it cheap to keep:
 * statics are always arrays (an integer `s` is resolved against the templates table in scope
 * while merging, so no `p` is ever kept and a later diff cannot hit a stale table), and slots
 * and comprehension entries sit in arrays by position. Components live in a table by cid.
 *
 * Merging follows 5.7: a node with `s` replaces its position; a node without `s` updates the
 * cached node in place; a comprehension applies its keyed map (5.4.1) in place, snapshotting
 * old positions only as far as moves need; components are computed against the pre-diff table
 * and then stored (5.5). The diff object passed in is never mutated, so a server may keep it.
 * Anything the merge needs but was not sent throws a {@link RenderedError}: a server bug
 * should be loud, not render half a page.
 *
 * Worked example (`<div><h1>{@title}</h1><p :if={@show}>{@count}</p></div>`, PROTOCOL.md 6.2):
 *
 * ```
 * join  {"0":"Hi","1":{"0":"3","s":0},"s":1,"r":1,"p":{"0":["<p>","</p>"],"1":["<div><h1>","</h1>","</div>"]}}
 * cache node(["<div><h1>","</h1>","</div>"], ["Hi", node(["<p>","</p>"], ["3"])])
 * html  <div><h1>Hi</h1><p>3</p></div>
 * diff  {"1":{"0":"4"}}                           html  <div><h1>Hi</h1><p>4</p></div>
 * diff  {"1":""}                                  html  <div><h1>Hi</h1></div>
 * diff  {"1":{"0":"4","s":0},"p":{"0":["<p>","</p>"]}}   html  <div><h1>Hi</h1><p>4</p></div>
 * ```
 *
 * Streams (5.6): a stream comprehension's entries are rendered by the `toString()` calls that
 * follow the diff which carried them, and dropped (`kc` 0) when the next diff is merged; its
 * operations are available from {@link Rendered.pendingStreams} until then. Keeping the items
 * on the page is the DOM patcher's job.
 */
import type { WireDiff, WireEvent, WireNode, WireStream } from '../views/wire.js';
import { COMPONENTS, EVENTS, REPLY, STATIC, TITLE } from '../views/wire.js';
import { mergeComponents } from './rendered-components.js';
import { RenderedError } from './rendered-errors.js';
import { mergeNode } from './rendered-merge.js';
import type { RenderEnv } from './rendered-render.js';
import { renderComponent, renderSlots } from './rendered-render.js';
import type { CachedNode, MergeContext, Wire } from './rendered-tree.js';

/** Options of {@link Rendered}. */
export interface RenderedOptions {
  /**
   * Add `data-phx-component="<cid>"` to each component's root element, so a DOM patcher can
   * find a component by cid. Off by default: then the HTML is exactly what the server's own
   * full render produces.
   */
  readonly tagComponents?: boolean;
}

/** A diff split into the part to merge and the top-level keys that are not tree (PROTOCOL.md 5.1). */
export interface ExtractedDiff {
  /** The diff without `r`, `e` and `t` (a shallow copy; the input is not mutated). */
  readonly diff: WireDiff;
  /** The top-level `r`: always a reply, never a root flag; `null` when absent. */
  readonly reply: NonNullable<WireDiff['r']> | null;
  /** Pushed events `[[name, payload], ...]`; empty when absent. */
  readonly events: readonly WireEvent[];
  /** The new page title, if it changed. */
  readonly title: string | undefined;
}

/**
 * One view's rendered cache: merge diffs into it, read HTML out of it.
 *
 * @example
 * const rendered = new Rendered('phx-F1', { s: ['<p>', '</p>'], '0': '1' });
 * rendered.mergeDiff({ '0': '2' });
 * rendered.toString(); // '<p>2</p>'
 */
export class Rendered {
  /** The id of the view container this tree belongs to. */
  readonly viewId: string;
  #root: CachedNode;
  readonly #components = new Map<number, CachedNode>();
  readonly #reset = new Set<number>();
  readonly #tagComponents: boolean;
  #ctx: MergeContext = { streams: [] };

  /**
   * Builds the cache from a complete diff (a join's `rendered`); a top-level `r`, `e` or `t` in
   * it is ignored. Throws {@link RenderedError} if the diff is not complete or is malformed.
   */
  constructor(viewId: string, diff: WireDiff, options: RenderedOptions = {}) {
    this.viewId = viewId;
    this.#tagComponents = options.tagComponents ?? false;
    if (diff[STATIC] === undefined) {
      throw new RenderedError('ERR_RENDERED_NO_STATICS', 'the first diff needs a top-level "s"');
    }
    this.#root = mergeNode(undefined, diff as Wire, null, this.#ctx);
    this.#mergeComponents(diff);
  }

  /**
   * Merges one diff (PROTOCOL.md 5.7). A top-level `s` replaces the whole tree and drops every
   * component; `r`, `e` and `t` are ignored (use {@link Rendered.extract} first to read them).
   * Throws {@link RenderedError} when the diff needs data that was never sent; the cache is then
   * in an unspecified state and the view should be rejoined.
   */
  mergeDiff(diff: WireDiff): void {
    for (const stream of this.#ctx.streams) {
      stream.entries = [];
      stream.stream = undefined;
    }
    this.#ctx = { streams: [] };
    if (diff[STATIC] !== undefined) {
      this.#components.clear();
      this.#reset.clear();
      this.#root = mergeNode(undefined, diff as Wire, null, this.#ctx);
    } else {
      mergeNode(this.#root, diff as Wire, null, this.#ctx);
    }
    this.#mergeComponents(diff);
  }

  /** The complete HTML of the view's content (what goes inside its container element). */
  toString(): string {
    const out: string[] = [];
    renderSlots(this.#root.statics, this.#root.slots, out, this.#env());
    return out.join('');
  }

  /**
   * The HTML of component `cid` alone (its root element and everything inside), as a DOM
   * patcher needs for a component-only diff. Throws `ERR_RENDERED_NO_COMPONENT` if not cached.
   *
   * @example
   * if (Rendered.isComponentOnlyDiff(diff)) {
   *   for (const cid of Rendered.componentCIDs(diff)) patch(cid, rendered.componentToString(cid));
   * }
   */
  componentToString(cid: number): string {
    const out: string[] = [];
    renderComponent(cid, out, this.#env());
    return out.join('');
  }

  /** True if the cache holds a tree for `cid`. */
  hasComponent(cid: number): boolean {
    return this.#components.has(cid);
  }

  /**
   * Marks `cid` as about to be destroyed (`cids_will_destroy`, PROTOCOL.md 3.5): its next render
   * must be complete. This class always renders complete HTML, so the mark only matters to a
   * caller that skips unchanged components; it is cleared when a diff brings a complete tree
   * for `cid` and by {@link Rendered.pruneCIDs}.
   *
   * @example
   * for (const cid of goneCids) rendered.resetRender(cid);
   */
  resetRender(cid: number): void {
    if (this.#components.has(cid)) this.#reset.add(cid);
  }

  /** True while `cid` is marked by {@link Rendered.resetRender}. */
  isReset(cid: number): boolean {
    return this.#reset.has(cid);
  }

  /**
   * Deletes the listed components from the cache (the reply to `cids_destroyed`). A later
   * reference to a pruned cid throws `ERR_RENDERED_NO_COMPONENT`.
   *
   * @example
   * rendered.pruneCIDs(reply.cids);
   */
  pruneCIDs(cids: Iterable<number>): void {
    for (const cid of cids) {
      this.#components.delete(cid);
      this.#reset.delete(cid);
    }
  }

  /**
   * The stream operations (`[ref, inserts, deleteIds, reset?]`) carried by the last merged diff
   * (or the join), in merge order; their entries are in the current HTML.
   */
  pendingStreams(): readonly WireStream[] {
    const streams = this.#ctx.streams.map((comprehension) => comprehension.stream);
    return [...new Set(streams)].filter((stream) => stream !== undefined);
  }

  /**
   * Splits the top-level reply `r`, events `e` and title `t` off a diff (PROTOCOL.md 5.1: at the
   * top, `r` is always a reply). The input is not mutated.
   *
   * @example
   * const { diff, reply, events, title } = Rendered.extract(payload.diff);
   * rendered.mergeDiff(diff);
   */
  static extract(diff: WireDiff): ExtractedDiff {
    const { [REPLY]: reply, [EVENTS]: events, [TITLE]: title, ...rest } = diff;
    return { diff: rest, reply: reply ?? null, events: events ?? [], title };
  }

  /**
   * True if the diff carries only `"c"` (ignoring `r`, `e`, `t`): the DOM patcher then
   * re-renders just the changed components (PROTOCOL.md 5.8).
   *
   * @example
   * Rendered.isComponentOnlyDiff({ c: { '1': { '0': 'saved' } }, r: { ok: true } }); // true
   */
  static isComponentOnlyDiff(diff: WireDiff): boolean {
    // Runs on every diff the view applies: a look at its keys, no copy of it.
    if (diff[COMPONENTS] === undefined) return false;
    for (const key in diff) {
      if (key !== COMPONENTS && key !== REPLY && key !== EVENTS && key !== TITLE) return false;
    }
    return true;
  }

  /**
   * The cids a diff's `"c"` table touches, as numbers.
   *
   * @example
   * Rendered.componentCIDs({ c: { '1': { '0': 'a' }, '3': { '0': 'b' } } }); // [1, 3]
   */
  static componentCIDs(diff: WireDiff): number[] {
    const table = diff[COMPONENTS];
    return table === undefined ? [] : Object.keys(table).map(Number);
  }

  /**
   * The entry a diff's `"c"` table holds for `cid`, exactly as sent (a partial update, a complete
   * tree, or a copy reference), or `undefined`.
   *
   * @example
   * Rendered.getComponent({ c: { '1': { '0': 'a' } } }, 1); // { '0': 'a' }
   */
  static getComponent(diff: WireDiff, cid: number): WireNode | undefined {
    return (diff[COMPONENTS] as Readonly<Record<number, WireNode>> | undefined)?.[cid];
  }

  #mergeComponents(diff: WireDiff): void {
    const table = diff[COMPONENTS];
    if (table === undefined) return;
    mergeComponents(this.#components, table, this.#ctx);
    for (const key in table) {
      const entry = (table as Readonly<Record<string, WireNode>>)[key];
      if (entry?.[STATIC] !== undefined) this.#reset.delete(Number(key));
    }
  }

  #env(): RenderEnv {
    return {
      components: this.#components,
      tagComponents: this.#tagComponents,
      rendering: new Set(),
    };
  }
}
