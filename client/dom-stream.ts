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
 *   inserts again is only set aside, and comes back (morphed, the same element) as a new item;
 * - during the morph, new items are stamped with `data-phx-stream="<ref>"`, moved to their
 *   `at`, and their container trimmed to their `limit` at once (as the official client does,
 *   so the next insert counts positions without the trimmed ones); existing ones are morphed
 *   where they are.
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
 */
export class StreamPatch {
  readonly #streams: readonly WireStream[];
  readonly #inserts = new Map<string, Insert>();
  /** Children a reset, delete or join removed that the diff inserts again, by id. */
  readonly #kept = new Map<string, Element>();
  #remove: (el: Element) => void = () => {};

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
   * of nested views), through `remove` (which takes the element out of the page); the same for
   * what a `limit` trims during the morph.
   */
  prune(root: Element, joining: boolean, remove: (el: Element) => void): void {
    this.#remove = remove;
    const owner = root.closest(SESSION);
    const drop = (el: Element): void => {
      if (this.#inserts.has(el.id)) {
        el.remove();
        this.#kept.set(el.id, el);
      } else remove(el);
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

  /**
   * morphdom's `onBeforeNodeAdded`: the element set aside for this id (for the caller to morph
   * into `node`), `false` for an `updateOnly` item that is not on the page, else `node`.
   */
  restore(node: Node): Node | false {
    if (node.nodeType !== 1) return node;
    const id = (node as Element).id;
    const kept = this.#kept.get(id);
    if (kept !== undefined) {
      this.#kept.delete(id);
      return kept;
    }
    return this.#inserts.get(id)?.updateOnly === true ? false : node;
  }

  /** After the morph: what was set aside and never came back is gone. */
  finish(): void {
    for (const el of this.#kept.values()) this.#remove(el);
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
    if (limit === null) return;
    // Walks only the extra children, from the end a positive limit trims (a long list stays cheap).
    let extra = parent.childElementCount - Math.abs(limit);
    let child = limit < 0 ? parent.firstElementChild : parent.lastElementChild;
    for (; extra > 0 && child !== null; extra--) {
      const next: Element | null =
        limit < 0 ? child.nextElementSibling : child.previousElementSibling;
      this.#remove(child);
      child = next;
    }
  }
}
