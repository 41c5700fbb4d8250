/**
 * The server half of the stream property tests: a view's streams (a StreamSet, as a socket
 * holds them) rendered by a DiffEngine, one operation per render, plus a recording engine (what
 * `views/testing` shows). The client tests load it with an untyped dynamic import: the client
 * project type-checks its tests without the server's (Node) types.
 *
 * @example
 * const driver = new StreamDriver(first);
 * page.innerHTML = driver.deadHtml;
 * client.join(driver.join());
 * client.apply(driver.step(op));
 */
import {
  DiffEngine,
  html,
  type LiveStream,
  renderToString,
  type WireDiff,
} from '../../views/render/index.js';
import { StreamSet } from '../../views/render/stream-set.js';
import { applyOp, type Item, type StreamOp } from './stream-model.js';

type Assigns = { step: number; streams: { items: LiveStream<Item> } };

/** The view the stream tests render: a step counter and the stream `items` in `#list`. */
export const streamPage = (a: Assigns) => html`<p id="step">${a.step}</p>
<ul id="list" phx-update="stream">${a.streams.items.map(([id, item]) => html`<li id=${id}>${item.text}</li>`)}</ul>`;

/** One view's streams and engines (see the module doc). */
export class StreamDriver {
  /** The dead render of the first operation. */
  readonly deadHtml: string;
  readonly #streams = new StreamSet('', () => {});
  readonly #assigns: Assigns;
  readonly #engine = new DiffEngine();
  readonly #recorder = new DiffEngine({ recordStreams: true });

  constructor(first: StreamOp) {
    this.#assigns = { step: 0, streams: this.#streams.assign } as unknown as Assigns;
    this.#run(first);
    this.deadHtml = renderToString(streamPage(this.#assigns));
  }

  /** The join's render. */
  join(): WireDiff {
    return this.#render();
  }

  /** Runs `op`, renders, and returns the diff as it travels (through JSON). */
  step(op: StreamOp): WireDiff {
    this.#assigns.step += 1;
    this.#run(op);
    return this.#render();
  }

  /** What `views/testing` shows: the page with the items as recorded. */
  recordedHtml(): string {
    return this.#recorder.toHtml(streamPage(this.#assigns));
  }

  #run(op: StreamOp): void {
    const streams = this.#streams;
    applyOp(
      {
        stream: (name, items, opts) => streams.stream(name, items, opts),
        streamInsert: (name, item, opts) => streams.insert(name, item, opts),
        streamDelete: (name, item) => streams.delete(name, item),
        streamDeleteByDomId: (name, id) => streams.deleteByDomId(name, id),
      },
      op,
    );
  }

  #render(): WireDiff {
    const diff = this.#engine.renderView(streamPage, this.#assigns);
    this.#recorder.renderView(streamPage, this.#assigns);
    this.#streams.prune();
    return JSON.parse(JSON.stringify(diff)) as WireDiff;
  }
}

/** What an untyped import of this module gives (see the module doc). */
export type StreamDriverModule = { readonly StreamDriver: typeof StreamDriver };
