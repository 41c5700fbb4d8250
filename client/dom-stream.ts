import type { WireStream } from '../views/wire.js';

/**
 * Stream operations (PROTOCOL.md 5.6) applied around one morphdom pass.
 *
 * The client keeps no stream entries: the HTML of a patch holds only the items the diff
 * inserted, so a `phx-update="stream"` container keeps every child the diff does not name.
 * The work splits into three moments:
 *
 * - before the morph, {@link StreamPatch.prune} removes deleted children, the children of a
 *   reset stream and (on a join) the dead render's children; a removed child that the same diff
 *   inserts again stays in place instead, to be morphed and then moved like a new item;
 * - during the morph, new items are stamped with `data-phx-stream="<ref>"` and moved to their
 *   `at`, existing ones are morphed where they are;
 * - after the morph, {@link StreamPatch.trim} applies each container's `limit`.
 *
 * Worked example: `<ul id="s" phx-update="stream">` holds `a`, `b`; the diff
 * `["0", [["c", 0, 2, false]], ["a"]]` with HTML `<li id="c">` removes `a`, inserts `c` first
 * and trims to two children: `c`, `b`.
 */

/** The stamp on every element a stream inserted: `data-phx-stream="<ref>"`. */
export const STREAM_REF = 'data-phx-stream';
const SESSION = '[data-phx-session]';

interface Insert {
  readonly ref: string;
  readonly at: number;
  readonly limit: number | null;
  readonly updateOnly: boolean;
}

/** True for a `phx-update="stream"` container. @internal */
export function isStreamContainer(el: Element): boolean {
  return el.getAttribute('phx-update') === 'stream';
}

/**
 * The view container whose content `el` is: the nearest `data-phx-session` above it (a nested
 * view's container belongs to its parent; what is inside it, to the nested view).
 *
 * @internal
 */
export function ownerOf(el: Element): Element | null {
  return el.parentElement?.closest(SESSION) ?? null;
}

/**
 * One patch's stream operations, indexed by the DOM id of each inserted item.
 *
 * @internal
 * @example
 * const streams = new StreamPatch(rendered.pendingStreams());
 * streams.prune(container, false, (el) => removed.push(el));
 * morphdom(container, next, { onNodeAdded: (n) => streams.added(n as Element), ... });
 * streams.trim((el) => removed.push(el));
 */
export class StreamPatch {
  readonly #streams: readonly WireStream[];
  readonly #inserts = new Map<string, Insert>();
  /** Kept children that a reset, delete or join would have removed: moved when morphed. */
  readonly #moved = new Set<string>();
  readonly #limits = new Map<Element, number>();

  constructor(streams: readonly WireStream[]) {
    this.#streams = streams;
    for (const [ref, inserts] of streams) {
      for (const [id, at, limit, updateOnly] of inserts) {
        this.#inserts.set(id, { ref, at, limit, updateOnly: updateOnly === true });
      }
    }
  }

  /**
   * Removes, before the morph, what the operations delete from `root`'s own streams (not those
   * of nested views), passing each removed element to `discard`.
   */
  prune(root: Element, joining: boolean, discard: (el: Element) => void): void {
    const owner = root.closest(SESSION);
    const drop = (el: Element): void => {
      if (this.#inserts.has(el.id)) {
        this.#moved.add(el.id);
      } else {
        el.remove();
        discard(el);
      }
    };
    if (joining) {
      for (const container of root.querySelectorAll('[phx-update="stream"]')) {
        if (ownerOf(container) === owner) for (const child of [...container.children]) drop(child);
      }
    }
    for (const stream of this.#streams) {
      if (stream.length === 4) {
        for (const el of root.querySelectorAll(`[${STREAM_REF}]`)) {
          if (el.getAttribute(STREAM_REF) === stream[0] && ownerOf(el) === owner) drop(el);
        }
      }
      for (const id of stream[2]) {
        const el = root.ownerDocument.getElementById(id);
        if (el !== null && root.contains(el)) drop(el);
      }
    }
  }

  /** morphdom's `onBeforeNodeAdded`: false for an `updateOnly` item that is not on the page. */
  admits(node: Node): boolean {
    return node.nodeType !== 1 || this.#inserts.get((node as Element).id)?.updateOnly !== true;
  }

  /** Before `from` is morphed into `to`: `to` carries the stamp, so morphdom keeps it. */
  keepRef(from: Element, to: Element): void {
    const ref = this.#inserts.get(to.id)?.ref ?? from.getAttribute(STREAM_REF);
    if (ref !== null) to.setAttribute(STREAM_REF, ref);
  }

  /** After `el` entered the DOM: an inserted item is stamped and moved to its `at`. */
  added(el: Element): void {
    const insert = this.#inserts.get(el.id);
    if (insert === undefined) return;
    el.setAttribute(STREAM_REF, insert.ref);
    this.#place(el, insert);
  }

  /** After `el` was morphed: a kept item of a reset (or a join) moves like a new one. */
  updated(el: Element): void {
    const insert = this.#moved.has(el.id) ? this.#inserts.get(el.id) : undefined;
    if (insert !== undefined) this.#place(el, insert);
  }

  /** After the morph: trims each container an insert with a `limit` went into. */
  trim(discard: (el: Element) => void): void {
    for (const [container, limit] of this.#limits) {
      const children = [...container.children];
      const extra =
        limit >= 0
          ? children.slice(limit)
          : children.slice(0, Math.max(0, children.length + limit));
      for (const el of extra) {
        el.remove();
        discard(el);
      }
    }
  }

  #place(el: Element, { at, limit }: Insert): void {
    const parent = el.parentElement;
    if (parent === null || !isStreamContainer(parent)) return;
    let before: Element | null = null;
    if (at === 0) {
      before = parent.firstElementChild;
    } else if (at > 0) {
      before = [...parent.children].filter((c) => c !== el)[at] ?? null;
    } else {
      // Append after the last stream item: children the template renders after the items (a
      // "load more" row, an empty-state placeholder) stay last.
      for (let c = parent.lastElementChild; c !== null; c = c.previousElementSibling) {
        if (c === el) continue;
        if (c.hasAttribute(STREAM_REF)) break;
        before = c;
      }
    }
    // Moving an element that is already in place would still detach it (focus, iframes).
    if (before !== el && el.nextElementSibling !== before) parent.insertBefore(el, before);
    if (limit !== null) this.#limits.set(parent, limit);
  }
}
