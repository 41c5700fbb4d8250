/**
 * Streams (LiveView's `stream/4` and friends): a list that lives on the client. The server
 * keeps, per stream, only the operations asked for since the last render (inserts, deletes, a
 * reset); the render sends them (PROTOCOL.md 5.6) and then forgets them and the items, so a
 * view's memory does not grow with the list it shows.
 *
 * A view (or live component) declares its streams in its assigns type,
 * `{ streams: { songs: LiveStream<Song> } }`, fills them through its socket (`stream`,
 * `streamInsert`, `streamDelete`, ...) and renders `a.streams.songs.map(([domId, song]) => ...)`
 * inside a container with an `id` and `phx-update="stream"`; each entry renders one element
 * whose `id` is `domId`.
 *
 * Pending operations follow "a list kept in full" semantics, applied in call order: a second
 * insert of an id already pending updates that item where it stands (as the client updates an
 * element already on the page), a delete drops a pending insert of the same id, and a reset
 * drops everything pending before it. (LiveView 1.2 sends such a pair as it was called: the
 * second insert moves the item to where it was inserted last, and an insert followed by a
 * delete still shows the item, since clients apply deletes first. The wire is the same.)
 *
 * @example
 * socket.stream('songs', songs);                          // mount: [["songs-1", -1, null, null], ...]
 * socket.streamInsert('songs', song, { at: 0, limit: 10 }); // later: [["songs-3", 0, 10, false]]
 * html`<ul id="songs" phx-update="stream">${a.streams.songs.map(([id, s]) => html`<li id=${id}>${s.title}</li>`)}</ul>`;
 */
import type { WireStream, WireStreamInsert } from '../wire.js';
import type { ComponentCall } from './component.js';
import type { Template } from './html.js';

/**
 * Options of `socket.stream(name, items, opts)`.
 *
 * @example
 * socket.stream('events', page, { at: -1, limit: -50 });
 */
export interface StreamOptions<Item> {
  /** Where each item goes: -1 (default) appends, 0 prepends, n inserts at index n. */
  readonly at?: number | undefined;
  /** After each insert the client keeps the first `limit` children (negative: the last). */
  readonly limit?: number | undefined;
  /** Empty the stream on the client first (`stream(name, [], { reset: true })` clears it). */
  readonly reset?: boolean | undefined;
  /** Only update items already on the page, never add. */
  readonly update_only?: boolean | undefined;
  /** The DOM id of an item, for a stream not yet configured; default `${name}-${item.id}`. */
  readonly dom_id?: ((item: Item) => string) | undefined;
}

/**
 * Options of `socket.streamInsert(name, item, opts)`.
 *
 * @example
 * socket.streamInsert('events', event, { at: 0, limit: 50 });
 */
export interface StreamInsertOptions {
  /** -1 (default) appends, 0 prepends, n inserts at index n; an item already shown stays put. */
  readonly at?: number | undefined;
  /** After the insert the client keeps the first `limit` children (negative: the last). */
  readonly limit?: number | undefined;
  /** Only update the item if it is on the page, never add it. */
  readonly update_only?: boolean | undefined;
}

/**
 * The streams an assigns type declares: `A['streams']`.
 *
 * @example
 * type S = StreamsOf<{ streams: { songs: LiveStream<Song> } }>; // { songs: LiveStream<Song> }
 */
export type StreamsOf<A> = A extends { readonly streams: infer S } ? S : Record<never, never>;

/**
 * The names of the streams an assigns type declares.
 *
 * @example
 * type N = StreamName<{ streams: { songs: LiveStream<Song> } }>; // 'songs'
 */
export type StreamName<A> = keyof StreamsOf<A> & string;

/**
 * The item type of stream `K` of assigns type `A`.
 *
 * @example
 * type I = StreamItem<{ streams: { songs: LiveStream<Song> } }, 'songs'>; // Song
 */
export type StreamItem<A, K extends string> =
  StreamsOf<A>[K & keyof StreamsOf<A>] extends LiveStream<infer Item> ? Item : never;

/** One insert waiting for the next render. */
interface PendingInsert {
  readonly domId: string;
  item: unknown;
  at: number;
  limit: number | null;
  updateOnly: boolean | null;
}

/**
 * One stream as a template sees it (`a.streams.songs`): the items inserted since the last
 * render, to be rendered with {@link LiveStream.map}.
 *
 * @example
 * html`<ul id="songs" phx-update="stream">${a.streams.songs.map(([id, song]) => html`<li id=${id}>${song.title}</li>`)}</ul>`;
 */
export class LiveStream<Item = unknown> {
  readonly name: string;
  /** The wire reference: `"0"`, `"1"`... in a view, `"<cid>-<n>"` in a live component. */
  readonly ref: string;
  readonly #domId: (item: Item) => string;
  // By DOM id, in insertion order (a Map keeps it); an id appears once (see the module doc).
  #inserts = new Map<string, PendingInsert>();
  #deletes = new Set<string>();
  #reset = false;

  /** @internal */
  constructor(name: string, ref: string, domId: (item: Item) => string) {
    this.name = name;
    this.ref = ref;
    this.#domId = domId;
  }

  /**
   * Renders each pending item as one entry of a stream comprehension (a slot value); `domId`
   * must be the `id` of the element the entry renders.
   */
  map(
    render: (entry: readonly [domId: string, item: Item]) => Template | ComponentCall,
  ): StreamRendering {
    if (typeof render !== 'function') throw new TypeError('stream.map: render must be a function');
    return new StreamRendering(this as LiveStream, render as StreamRender);
  }

  /** The number of items waiting for the next render. */
  get size(): number {
    return this.#inserts.size;
  }

  /** True when the next render has something to send for this stream. @internal */
  get pending(): boolean {
    return this.#reset || this.#inserts.size > 0 || this.#deletes.size > 0;
  }

  /** @internal */
  domIdOf(item: Item): string {
    const id = this.#domId(item);
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`stream ${this.name}: dom_id must return a non-empty string`);
    }
    return id;
  }

  /** @internal */
  insert(item: Item, at: number, limit: number | null, updateOnly: boolean | null): void {
    const domId = this.domIdOf(item);
    const pending = this.#inserts.get(domId);
    if (pending !== undefined && (pending.updateOnly !== true || updateOnly === true)) {
      pending.item = item;
      return;
    }
    // New, or the pending insert would have added nothing: this one inserts, in its own place.
    this.#inserts.delete(domId);
    this.#inserts.set(domId, { domId, item, at, limit, updateOnly });
  }

  /** @internal */
  delete(domId: string): void {
    this.#inserts.delete(domId);
    this.#deletes.add(domId);
  }

  /** Empties the list: the client removes what it shows first, and what was pending goes. @internal */
  reset(): void {
    this.#inserts.clear();
    this.#deletes.clear();
    this.#reset = true;
  }

  /** Makes the pending items replace whatever the client shows (a restarted view). @internal */
  replaceShown(): void {
    this.#reset = true;
  }

  /** The pending items as `[domId, item]`, in insertion order. @internal */
  entries(): Array<readonly [string, Item]> {
    const out: Array<readonly [string, Item]> = [];
    for (const pending of this.#inserts.values()) out.push([pending.domId, pending.item as Item]);
    return out;
  }

  /**
   * The operations as sent (PROTOCOL.md 5.6): inserts in reverse insertion order, as the
   * official server lists them, and `true` last for a reset.
   * @internal
   */
  toWire(): WireStream {
    const inserts: WireStreamInsert[] = [];
    for (const { domId, at, limit, updateOnly } of this.#inserts.values()) {
      inserts.push([domId, at, limit, updateOnly]);
    }
    inserts.reverse();
    const deletes = [...this.#deletes];
    return this.#reset ? [this.ref, inserts, deletes, true] : [this.ref, inserts, deletes];
  }

  /** Forgets the operations and their items: the render sent them. @internal */
  prune(): void {
    if (this.#inserts.size > 0) this.#inserts = new Map();
    if (this.#deletes.size > 0) this.#deletes = new Set();
    this.#reset = false;
  }
}

/** How a stream's entries render. */
export type StreamRender = (entry: readonly [string, unknown]) => Template | ComponentCall;

/**
 * A stream in a slot: what `stream.map(render)` returns. The engine renders the pending items
 * with `render` and sends them with the stream's operations.
 *
 * @example
 * const slot = a.streams.songs.map(([id, s]) => html`<li id=${id}>${s.title}</li>`);
 * slot.stream.ref; // '0'
 */
export class StreamRendering {
  readonly stream: LiveStream;
  readonly render: StreamRender;

  constructor(stream: LiveStream, render: StreamRender) {
    this.stream = stream;
    this.render = render;
  }
}
