/**
 * The streams of one view or live component: what its socket's `stream`, `streamInsert`,
 * `streamDelete`, `streamDeleteByDomId` and `streamConfigure` do (LiveView's functions of the
 * same names), and the `streams` assign its templates read. A stream's reference is its rank
 * among the owner's streams, `"0"`, `"1"`..., prefixed with `"<cid>-"` in a live component, as
 * LiveView numbers them.
 *
 * @example
 * const streams = new StreamSet('', () => changed.add('streams'));
 * streams.stream('songs', [{ id: 1, title: 'A' }], {});
 * streams.assign; // { songs: LiveStream { ref: '0', ... } }, what `a.streams` is
 * streams.prune(); // after the render that sent them
 */
import type { StreamInsertOptions, StreamOptions } from './stream.js';
import { LiveStream } from './stream.js';

type DomId = (item: unknown) => string;

/** The streams of one owner (see the module doc). @internal */
export class StreamSet {
  /** The `streams` assign: each stream by name. */
  readonly assign: Record<string, LiveStream> = {};
  readonly #refPrefix: string;
  readonly #touched: () => void;
  #configured: Map<string, DomId> | undefined;
  #count = 0;

  /**
   * @param refPrefix `''` for a view, `"<cid>-"` for a live component.
   * @param touched Called on every operation: the owner marks its `streams` assign changed.
   */
  constructor(refPrefix: string, touched: () => void) {
    this.#refPrefix = refPrefix;
    this.#touched = touched;
  }

  /** `stream(name, items, opts)`: defines the stream the first time, then inserts (after a reset). */
  stream(name: string, items: Iterable<unknown>, opts: StreamOptions<unknown> = {}): void {
    checkName(name);
    if (items === null || typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`stream ${name}: items must be iterable (an array, a Set, ...)`);
    }
    const at = position(name, opts.at);
    const limit = limitOf(name, opts.limit);
    let stream = this.assign[name];
    // LiveView sends `update_only` as given: null for a new stream's items, false afterwards.
    let updateOnly: boolean | null = opts.update_only ?? false;
    if (stream === undefined) {
      const domId = this.#configured?.get(name) ?? opts.dom_id ?? defaultDomId(name);
      if (typeof domId !== 'function')
        throw new TypeError(`stream ${name}: dom_id must be a function`);
      stream = new LiveStream(name, `${this.#refPrefix}${this.#count++}`, domId as DomId);
      this.assign[name] = stream;
      updateOnly = opts.update_only ?? null;
    } else if (opts.reset === true) {
      stream.reset();
    }
    for (const item of items) stream.insert(item, at, limit, updateOnly);
    this.#touched();
  }

  /** `streamInsert(name, item, opts)`: adds `item`, or updates it where it stands. */
  insert(name: string, item: unknown, opts: StreamInsertOptions = {}): void {
    const stream = this.#get(name);
    stream.insert(
      item,
      position(name, opts.at),
      limitOf(name, opts.limit),
      opts.update_only ?? false,
    );
    this.#touched();
  }

  /** `streamDelete(name, item)`. */
  delete(name: string, item: unknown): void {
    const stream = this.#get(name);
    this.deleteByDomId(name, stream.domIdOf(item));
  }

  /** `streamDeleteByDomId(name, domId)`. */
  deleteByDomId(name: string, domId: string): void {
    const stream = this.#get(name);
    if (typeof domId !== 'string' || domId === '') {
      throw new TypeError(`streamDeleteByDomId ${name}: the DOM id must be a non-empty string`);
    }
    stream.delete(domId);
    this.#touched();
  }

  /** `streamConfigure(name, { dom_id })`: before the stream's first use, once. */
  configure(name: string, opts: { readonly dom_id?: DomId | undefined }): void {
    checkName(name);
    if (this.assign[name] !== undefined) {
      throw new TypeError(`cannot configure stream ${name} after it has been streamed`);
    }
    if (this.#configured?.has(name)) {
      throw new TypeError(`cannot re-configure stream ${name} after it has been configured`);
    }
    const domId = opts.dom_id;
    if (domId === undefined) return;
    if (typeof domId !== 'function')
      throw new TypeError(`stream ${name}: dom_id must be a function`);
    this.#configured ??= new Map();
    this.#configured.set(name, domId);
  }

  /** Makes a restarted view's first render replace what the streams of its last life showed. */
  replaceShown(): void {
    for (const name in this.assign) this.assign[name]?.replaceShown();
  }

  /** Forgets every stream's operations and items: the render sent them. */
  prune(): void {
    for (const name in this.assign) this.assign[name]?.prune();
  }

  #get(name: string): LiveStream {
    const stream = this.assign[name];
    if (stream === undefined) {
      throw new TypeError(`no stream named ${JSON.stringify(name)}; define it with stream() first`);
    }
    return stream;
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('stream: the name must be a non-empty string');
  }
}

function position(name: string, at: number | undefined): number {
  if (at === undefined) return -1;
  if (!Number.isSafeInteger(at) || at < -1) {
    throw new TypeError(`stream ${name}: at must be -1, 0 or a positive integer, got ${at}`);
  }
  return at;
}

function limitOf(name: string, limit: number | undefined): number | null {
  if (limit === undefined) return null;
  if (!Number.isSafeInteger(limit)) {
    throw new TypeError(`stream ${name}: limit must be an integer, got ${limit}`);
  }
  return limit;
}

function defaultDomId(name: string): DomId {
  return (item) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (id === undefined || id === null || typeof id === 'object') {
      throw new TypeError(
        `stream ${name}: expected an item with an \`id\`, got ${describe(item)}; ` +
          'give the stream a dom_id function (streamConfigure or the stream option)',
      );
    }
    return `${name}-${String(id)}`;
  };
}

function describe(item: unknown): string {
  if (item === null || typeof item !== 'object') return String(item);
  return `an object with keys ${Object.keys(item).slice(0, 5).join(', ') || '(none)'}`;
}
