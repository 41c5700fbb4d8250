/**
 * Random stream operations and the list "kept in full" they describe: the reference the
 * stream property tests hold both clients' pages to. Each step is one operation followed by
 * one render, as in a view whose every event does one stream call.
 *
 * The model applies an operation the way LiveView documents it: a reset empties the list; an
 * insert of an item the list holds updates it where it stands; a new item goes at `at` (-1
 * last, n at index n or last), then the list keeps its first `limit` items (negative: its last
 * |limit|); `update_only` never adds; a delete removes.
 *
 * One restriction keeps the law exact: a batch (`stream(name, items, opts)`) with a `limit`
 * and no reset inserts only ids the list does not hold (see {@link normalize}). Otherwise an
 * earlier item of the batch could trim one that a later item updates, which the clients (which
 * decide "already on the page" before the patch) and a list kept in full see differently.
 */
import fc from 'fast-check';

/** An item: its DOM id is `items-<id>`, its text shows which version the page holds. */
export interface Item {
  readonly id: number;
  readonly text: string;
}

export type StreamOp =
  | {
      readonly kind: 'stream';
      readonly items: readonly Item[];
      readonly at: number;
      readonly limit: number | null;
      readonly reset: boolean;
    }
  | {
      readonly kind: 'insert';
      readonly item: Item;
      readonly at: number;
      readonly limit: number | null;
      readonly updateOnly: boolean;
    }
  | { readonly kind: 'delete'; readonly id: number }
  | { readonly kind: 'deleteByDomId'; readonly id: number };

const ID = fc.integer({ min: 1, max: 9 });
const AT = fc.oneof(
  fc.constant(-1),
  fc.constant(-1),
  fc.constant(0),
  fc.integer({ min: 1, max: 5 }),
);
const LIMIT = fc.oneof(
  fc.constant(null),
  fc.constant(null),
  fc.integer({ min: -5, max: -1 }),
  fc.integer({ min: 1, max: 5 }),
);
const text = (id: number, version: number) => `${id}.${version}`;
const VERSION = fc.integer({ min: 0, max: 99 });

/** One random operation. */
export const streamOp: fc.Arbitrary<StreamOp> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('stream' as const),
      items: fc
        .uniqueArray(ID, { maxLength: 5 })
        .chain((ids) =>
          fc.tuple(...ids.map((id) => VERSION.map((v) => ({ id, text: text(id, v) })))),
        ),
      at: AT,
      limit: LIMIT,
      reset: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      item: fc.tuple(ID, VERSION).map(([id, v]) => ({ id, text: text(id, v) })),
      at: AT,
      limit: LIMIT,
      updateOnly: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), id: ID }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('deleteByDomId' as const), id: ID }), weight: 1 },
);

/** The first operation (the mount's): a batch without reset. */
export const mountOp: fc.Arbitrary<StreamOp> = fc
  .uniqueArray(ID, { maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map((id) => VERSION.map((v) => ({ id, text: text(id, v) })))))
  .map((items) => ({ kind: 'stream', items, at: -1, limit: null, reset: false }));

export const domId = (id: number): string => `items-${id}`;

/** The list a page should show: `[domId, text]` in order. */
export class StreamModel {
  items: Array<readonly [string, string]> = [];

  /** `op` as the driver sends it (see the module doc); the same object when nothing changes. */
  normalize(op: StreamOp): StreamOp {
    if (op.kind !== 'stream' || op.limit === null || op.reset) return op;
    const held = new Set(this.items.map(([id]) => id));
    return { ...op, items: op.items.filter((item) => !held.has(domId(item.id))) };
  }

  apply(op: StreamOp): void {
    switch (op.kind) {
      case 'stream':
        if (op.reset) this.items = [];
        for (const item of op.items) this.#insert(item, op.at, op.limit, false);
        return;
      case 'insert':
        this.#insert(op.item, op.at, op.limit, op.updateOnly);
        return;
      default:
        this.items = this.items.filter(([id]) => id !== domId(op.id));
    }
  }

  #insert(item: Item, at: number, limit: number | null, updateOnly: boolean): void {
    const id = domId(item.id);
    const index = this.items.findIndex(([shown]) => shown === id);
    if (index >= 0) {
      this.items[index] = [id, item.text];
      return;
    }
    if (updateOnly) return;
    const list = this.items;
    list.splice(at < 0 ? list.length : Math.min(at, list.length), 0, [id, item.text]);
    if (limit !== null) {
      this.items = limit >= 0 ? list.slice(0, limit) : list.slice(Math.max(0, list.length + limit));
    }
  }
}

/**
 * Runs `op` on a socket-like target (a view's socket, or a StreamSet with the same calls).
 *
 * @example
 * applyOp(socket, op);
 */
export function applyOp(
  target: {
    stream(name: 'items', items: Iterable<Item>, opts: object): unknown;
    streamInsert(name: 'items', item: Item, opts: object): unknown;
    streamDelete(name: 'items', item: Item): unknown;
    streamDeleteByDomId(name: 'items', domId: string): unknown;
  },
  op: StreamOp,
): void {
  const limit = op.kind === 'stream' || op.kind === 'insert' ? (op.limit ?? undefined) : undefined;
  switch (op.kind) {
    case 'stream':
      target.stream('items', op.items, { at: op.at, limit, reset: op.reset });
      return;
    case 'insert':
      target.streamInsert('items', op.item, { at: op.at, limit, update_only: op.updateOnly });
      return;
    case 'delete':
      target.streamDelete('items', { id: op.id, text: '' });
      return;
    case 'deleteByDomId':
      target.streamDeleteByDomId('items', domId(op.id));
  }
}
