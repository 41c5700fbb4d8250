/**
 * What a stream container shows, kept on the server for `views/testing` only (a view in
 * production keeps no items: {@link DiffEngine} records only when asked to). It applies each
 * render's operations the way a client applies them to the page (PROTOCOL.md 5.6): a reset
 * empties the list, deletes remove ids, then each insert in entry order either updates an item
 * already shown where it stands or (unless `updateOnly`) adds it at `at` (-1 last, n at index
 * n) and trims the list to `limit` (positive: the first ones, negative: the last).
 *
 * @example
 * record.apply(['0', [['songs-2', -1, null, null], ['songs-1', -1, null, null]], []], [t1, t2]);
 * record.html('0'); // '<li id="songs-1">A</li><li id="songs-2">B</li>'
 */
import type { WireStream } from '../wire.js';
import { type Embedder, NO_EMBEDDER } from './embed.js';
import type { KeptComponents } from './render-to-string.js';
import { renderValueToString } from './render-to-string.js';

interface Shown {
  readonly id: string;
  /** The item's HTML, without and with `data-phx-component` on live components' roots. */
  html: string;
  tagged: string;
}

/** The items each stream container shows, by stream ref. @internal */
export class StreamRecord {
  readonly #lists = new Map<string, Shown[]>();
  readonly #kept: KeptComponents;
  readonly #embed: Embedder | undefined;

  /** @param kept The live components the entries' HTML renders from (the engine's own). */
  constructor(kept: KeptComponents, embed: Embedder | undefined) {
    this.#kept = kept;
    this.#embed = embed;
  }

  /** Applies one render's operations; `entries` are the templates of its entries, in order. */
  apply(operations: WireStream, entries: readonly unknown[]): void {
    const [ref, inserts, deletes] = operations;
    let list = this.#lists.get(ref) ?? [];
    if (operations.length === 4) list = [];
    if (deletes.length > 0) list = list.filter((shown) => !deletes.includes(shown.id));
    // The wire lists inserts in reverse entry order.
    for (let i = 0; i < entries.length; i++) {
      const [id, at, limit, updateOnly] = inserts[inserts.length - 1 - i] ?? [];
      if (id === undefined) continue;
      const embed = this.#embed ?? NO_EMBEDDER;
      const html = renderValueToString(entries[i], this.#kept, embed, false);
      const tagged = renderValueToString(entries[i], this.#kept, embed, true);
      const shown = list.find((s) => s.id === id);
      if (shown !== undefined) {
        shown.html = html;
        shown.tagged = tagged;
        continue;
      }
      if (updateOnly === true) continue;
      list.splice(at === undefined || at < 0 ? list.length : at, 0, { id, html, tagged });
      if (limit === null || limit === undefined) continue;
      list = limit >= 0 ? list.slice(0, limit) : list.slice(Math.max(0, list.length + limit));
    }
    this.#lists.set(ref, list);
  }

  /** The HTML of stream `ref`'s items as shown (`tagged`: components' cids too), if sent. */
  html(ref: string, tagged: boolean): string | undefined {
    const list = this.#lists.get(ref);
    return list?.map((shown) => (tagged ? shown.tagged : shown.html)).join('');
  }
}
