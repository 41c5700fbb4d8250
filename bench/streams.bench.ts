/**
 * Streams against the issue's targets, each figure next to its baseline from the same run:
 *
 * - Heap per connected view after its join, for an activity log holding a 10,000-entry stream,
 *   the same log streaming 10 entries (baseline: at most 2x), and the 10,000 entries as a plain
 *   list in the assigns (for comparison). Views run as the transport runs them: each a process
 *   under its own supervisor, talking to a port; the heap is measured after `gc()`.
 * - One `streamInsert` into the 10,000-entry log: the diff's bytes (at most 150) and the
 *   server's time (at most 1/100 of a full render of the 10,000 entries).
 * - Infinite scroll: pages of 50 entries loaded by `phx-viewport-bottom` with a limit of 150
 *   on the page: bytes per page, and our client's patch time (merge, render, morph in
 *   happy-dom) for page 1 next to page 100: the page keeps 150 entries however many pages
 *   went by, so the time must not grow (pages 91-100 at most 1.5x pages 4-13, the first ones
 *   that find the page full; windows of pages, since one page's time is at a GC's mercy).
 *
 * Times are medians of several runs with their spread ((max - min) / median).
 * Run alone: `node --expose-gc --import tsx bench/streams.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('streams', rows);
 */
import { pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import { bench, do_not_optimize, run as runMitata, summary } from 'mitata';
import { ActorSystem, DynamicSupervisor, PubSub } from '../actors/index.js';
import { liveViewChildSpec } from '../views/host/index.js';
import { defineLiveView, html, keyed, type LiveStream, type Template } from '../views/index.js';
import { DiffEngine, type WireDiff } from '../views/render/index.js';
import { StreamSet } from '../views/render/stream-set.js';
import { type BenchRow, printTable } from './report.js';
import { formatRatio, type Sample, summarize } from './stats.js';

type Entry = { readonly id: number; readonly at: string; readonly text: string };
type LogAssigns = { streams: { entries: LiveStream<Entry> } };

const entry = (id: number): Entry => ({
  id,
  at: `12:${String(Math.floor(id / 60) % 60).padStart(2, '0')}:${String(id % 60).padStart(2, '0')}`,
  text: `event ${id}`,
});
const entries = (from: number, n: number): Entry[] =>
  Array.from({ length: n }, (_, i) => entry(from + i));

const row = ([id, e]: readonly [string, Entry]) =>
  html`<li id=${id}><time>${e.at}</time> ${e.text}</li>`;
const log = (a: LogAssigns): Template =>
  html`<h1>Activity</h1><ol id="log" phx-update="stream">${a.streams.entries.map(row)}</ol>`;

/** A view streaming `n` fresh entries on mount (as if loaded from a database). */
const streamView = (n: number) =>
  defineLiveView<LogAssigns>({
    mount: (_p, _s, socket) => {
      socket.stream('entries', entries(1, n));
    },
    render: log,
  });

/** The same entries kept as a plain list in the assigns. */
const listView = (n: number) =>
  defineLiveView<{ list: readonly Entry[] }>({
    mount: (_p, _s, socket) => {
      socket.assign({ list: entries(1, n) });
    },
    render: (a) =>
      html`<h1>Activity</h1><ol id="log">${keyed(
        a.list,
        (e) => e.id,
        (e) => row([`entries-${e.id}`, e]),
      )}</ol>`,
  });

const HEAP_VIEWS = 50;
const gc = (): void => {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
};

/** Heap bytes per joined view of `view`, started as the transport starts them. */
// biome-ignore lint/suspicious/noExplicitAny: any view
async function heapPerView(view: ReturnType<typeof defineLiveView<any>>): Promise<number> {
  const system = new ActorSystem();
  const pubsub = new PubSub(system);
  let mounted = 0;
  let allMounted: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allMounted = resolve;
  });
  // A port that drops what it gets, as a socket that has sent it would.
  const port = system.spawn(
    {
      handleInfo: (msg: { type?: string }, state: null) => {
        if (msg?.type === 'lv:mounted' && ++mounted === HEAP_VIEWS) allMounted();
        return state;
      },
    },
    null,
    { trapExit: true },
  );
  const views = await DynamicSupervisor.start(system);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < HEAP_VIEWS; i++) {
    const start = {
      view,
      topic: `lv:phx-${i}`,
      joinRef: '1',
      port,
      params: {},
      session: {},
      url: 'http://localhost/log',
      connectParams: {},
      flash: {},
      pubsub,
      resolve: () => undefined,
    };
    await DynamicSupervisor.startChild(system, views, liveViewChildSpec(start));
  }
  await done;
  await system.idle();
  gc();
  const after = process.memoryUsage().heapUsed;
  await system.shutdown();
  return (after - before) / HEAP_VIEWS;
}

async function heapRows(): Promise<BenchRow[]> {
  const runs = 5;
  const measure = async (view: Parameters<typeof heapPerView>[0]) => {
    const values: number[] = [];
    for (let i = 0; i < runs; i++) values.push(await heapPerView(view));
    return summarize(values);
  };
  const big = await measure(streamView(10_000));
  const small = await measure(streamView(10));
  const list = await measure(listView(10_000));
  const kb = (s: Sample) => `${(s.median / 1024).toFixed(1)} KB ±${s.spreadPct.toFixed(0)}%`;
  return [
    {
      name: 'heap per view after join: 10,000-entry stream',
      figure: kb(big),
      baseline: `10-entry stream ${kb(small)}`,
      ratio: formatRatio(big.median, small.median),
      target: '<= 2x',
      pass: big.median <= 2 * small.median,
    },
    {
      name: 'heap per view after join: 10,000 entries as a list in assigns',
      figure: kb(list),
      baseline: `10,000-entry stream ${kb(big)}`,
      ratio: formatRatio(list.median, big.median),
      target: '(info)',
      pass: true,
    },
  ];
}

/** A log's streams and engine after a join with `n` entries, and a full render's cost. */
function primedLog(n: number) {
  const streams = new StreamSet('', () => {});
  const assigns = { streams: streams.assign } as unknown as LogAssigns;
  const engine = new DiffEngine();
  streams.stream('entries', entries(1, n));
  engine.renderView(log, assigns);
  streams.prune();
  let next = n;
  return {
    insert(): WireDiff {
      streams.insert('entries', entry(++next), { at: 0, limit: n });
      const diff = engine.renderView(log, assigns, { changed: STREAMS });
      streams.prune();
      return diff;
    },
  };
}
const STREAMS: ReadonlySet<string> = new Set(['streams']);

/** A fresh view's join render of `items` (what a stream's first render, or a reset, costs). */
function fullRender(items: readonly Entry[]): WireDiff {
  const streams = new StreamSet('', () => {});
  streams.stream('entries', items);
  const diff = new DiffEngine().renderView(log, {
    streams: streams.assign,
  } as unknown as LogAssigns);
  streams.prune();
  return diff;
}

async function insertRows(): Promise<BenchRow[]> {
  const log10k = primedLog(10_000);
  const all = entries(1, 10_000);
  const bytes = JSON.stringify(log10k.insert()).length;
  const fullBytes = JSON.stringify(fullRender(all)).length;
  summary(() => {
    bench('streams | baseline: full render of 10,000 entries', () =>
      do_not_optimize(fullRender(all)),
    ).baseline(true);
    bench('streams | streamInsert into 10,000', () => do_not_optimize(log10k.insert()));
  });
  const { benchmarks } = await runMitata();
  const stats = (alias: string) => benchmarks.find((b) => b.alias === alias)?.runs[0]?.stats;
  const ours = stats('streams | streamInsert into 10,000');
  const full = stats('streams | baseline: full render of 10,000 entries');
  if (ours === undefined || full === undefined) throw new Error('mitata lost a benchmark');
  const spread = (s: typeof ours) => `±${(((s.p75 - s.p25) / s.p50) * 100).toFixed(0)}%`;
  const time = (ns: number) =>
    ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`;
  return [
    {
      name: 'one streamInsert into a 10,000-entry stream: diff bytes',
      figure: `${bytes} B`,
      baseline: `full render ${(fullBytes / 1024).toFixed(0)} KB`,
      ratio: formatRatio(bytes, fullBytes),
      target: '<= 150 B',
      pass: bytes <= 150,
    },
    {
      name: 'one streamInsert into a 10,000-entry stream: server time',
      figure: `${time(ours.p50)} ${spread(ours)}`,
      baseline: `full render ${time(full.p50)} ${spread(full)}`,
      ratio: `1/${Math.round(full.p50 / ours.p50)}`,
      target: '<= 1/100',
      pass: ours.p50 * 100 <= full.p50,
    },
  ];
}

const PAGE = 50;
const PAGES = 100;
const LIMIT = 3 * PAGE;
/** The first page that finds the page full (the limit trims from it on), and a window's size. */
const FULL = LIMIT / PAGE + 1;
const WINDOW = 10;

/** Installs happy-dom's window as the browser globals our client reads. */
function installDom(): Window {
  const window = new Window({ url: 'http://localhost/' });
  const g = globalThis as Record<string, unknown>;
  for (const name of [
    'window',
    'document',
    'Node',
    'Element',
    'HTMLElement',
    'HTMLInputElement',
    'HTMLTextAreaElement',
    'HTMLSelectElement',
    'HTMLFormElement',
    'HTMLTemplateElement',
    'CSS',
    'getComputedStyle',
    'requestAnimationFrame',
  ]) {
    g[name] = (window as unknown as Record<string, unknown>)[name];
  }
  return window;
}

/** What the bench uses of our client, whose sources need the DOM's types (not this project's). */
interface Client {
  Rendered: new (
    id: string,
    diff: WireDiff,
  ) => { mergeDiff(d: WireDiff): void; toString(): string; pendingStreams(): unknown };
  patchChildren(container: unknown, html: string, opts: object): void;
}

/** Loads our client's cache and patcher, untyped (see {@link Client}). */
async function loadClient(): Promise<Client> {
  const files = ['../client/rendered.js', '../client/dom-patch.js'];
  const [rendered, patch] = await Promise.all(files.map((file) => import(file)));
  return { Rendered: rendered.Rendered, patchChildren: patch.patchChildren };
}

/**
 * Pages of the infinite-scroll log sent to our client: bytes per page, and per page the time
 * to merge, render and patch it, the median of several runs.
 */
async function scrollRows(): Promise<BenchRow[]> {
  const window = installDom();
  const { Rendered, patchChildren } = await loadClient();
  const runs = 7;
  const times: number[][] = Array.from({ length: PAGES }, () => []);
  let pageBytes = 0;
  for (let r = 0; r < runs; r++) {
    const streams = new StreamSet('', () => {});
    const assigns = { streams: streams.assign } as unknown as LogAssigns;
    const engine = new DiffEngine();
    streams.stream('entries', []);
    const join = JSON.parse(JSON.stringify(engine.renderView(log, assigns))) as WireDiff;
    streams.prune();
    window.document.body.innerHTML = '<div id="phx-1" data-phx-session="s"></div>';
    const container = window.document.getElementById('phx-1');
    if (container === null) throw new Error('no container');
    const rendered = new Rendered('phx-1', join);
    patchChildren(container, rendered.toString(), {
      joining: true,
      streams: rendered.pendingStreams(),
    });
    for (let p = 0; p < PAGES; p++) {
      streams.stream('entries', entries(p * PAGE + 1, PAGE), { limit: -LIMIT });
      const text = JSON.stringify(engine.renderView(log, assigns, { changed: STREAMS }));
      streams.prune();
      pageBytes = text.length;
      const diff = JSON.parse(text) as WireDiff;
      const started = performance.now();
      rendered.mergeDiff(diff);
      patchChildren(container, rendered.toString(), { streams: rendered.pendingStreams() });
      times[p]?.push(performance.now() - started);
    }
    const shown = container.querySelectorAll('#log > li').length;
    if (shown !== LIMIT) throw new Error(`the page shows ${shown} entries, not ${LIMIT}`);
  }
  await window.happyDOM.close();
  // Single pages are at the mercy of a GC pause: compare windows of pages, every run's sample.
  const pages = (from: number, to: number) => summarize(times.slice(from - 1, to).flat());
  const first = pages(1, 1);
  const full = pages(FULL, FULL + WINDOW - 1);
  const last = pages(PAGES - WINDOW + 1, PAGES);
  const ms = (s: Sample) => `${s.median.toFixed(2)} ms ±${s.spreadPct.toFixed(0)}%`;
  return [
    {
      name: `infinite scroll: bytes per page of ${PAGE} entries`,
      figure: `${pageBytes} B`,
      baseline: '-',
      ratio: '-',
      target: '(info)',
      pass: true,
    },
    {
      name: `infinite scroll: client patch, pages ${PAGES - WINDOW + 1}-${PAGES} (limit ${LIMIT})`,
      figure: ms(last),
      baseline: `page 1 ${ms(first)}; pages ${FULL}-${FULL + WINDOW - 1} ${ms(full)}`,
      ratio: `${formatRatio(last.median, first.median)} page 1, ${formatRatio(last.median, full.median)} pages ${FULL}-`,
      target: `<= 1.5x pages ${FULL}-${FULL + WINDOW - 1}`,
      pass: last.median <= 1.5 * full.median,
    },
  ];
}

/** Every row of this file. */
export async function run(): Promise<BenchRow[]> {
  return [...(await heapRows()), ...(await insertRows()), ...(await scrollRows())];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('streams', await run());
}
