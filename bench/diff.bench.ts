/**
 * The diff engine against the issue's targets. Each scenario measures our update (diff bytes
 * and time) next to two baselines from the same mitata run: a full re-render to HTML
 * (`renderToString`, the cost of a server that re-sends pages) and a fresh engine's complete
 * diff (re-sending the whole comprehension). Updates alternate between two states, so every
 * measured call does the same change (a row relabelled and back, a row appended and removed,
 * two rows swapped and swapped back). Times are mitata's median per call (p25-p75 spread).
 *
 * Run alone: `node --expose-gc --import tsx bench/diff.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('diff', rows);
 */
import { pathToFileURL } from 'node:url';
import { bench, do_not_optimize, run as runMitata, summary } from 'mitata';
import type { Template, WireDiff } from '../views/render/index.js';
import {
  DiffEngine,
  defineComponent,
  html,
  keyed,
  liveComponent,
  renderToString,
} from '../views/render/index.js';
import { type BenchRow, printTable } from './report.js';

interface Row {
  readonly id: number;
  readonly label: string;
}

interface Ev {
  readonly id: number;
  readonly name: string;
  readonly date: string;
  readonly remaining: number;
}

const counter = (a: { count: number }) =>
  html`<span>${a.count}</span><button phx-click="inc">+</button>`;
const created = (a: { cls: string; created: string }) =>
  html`<span class=${a.cls}>Created: ${a.created}</span>`;

const table = (a: { rows: readonly Row[] }) =>
  html`<table><tbody>${keyed(
    a.rows,
    (r) => r.id,
    (r) =>
      html`<tr id=${`row-${r.id}`}><td>${r.id}</td><td>${r.label}</td><td><button phx-click="select" phx-value-id=${r.id}>select</button></td></tr>`,
  )}</tbody></table>`;

const ReserveItem = defineComponent<Omit<Ev, 'id'>>({
  handleEvent(event, _value, socket) {
    if (event === 'reserve') socket.update('remaining', (n) => n - 1);
    return undefined;
  },
  render: (a) =>
    html`<li class="event"><h3>${a.name}</h3><time>${a.date}</time><span>${a.remaining} left</span><button phx-click="reserve" phx-target=${a.myself} disabled=${a.remaining === 0}>Reserve</button></li>`,
});

const eventList = (a: { events: readonly Ev[] }) =>
  html`<ul id="events">${a.events.map((e) =>
    liveComponent(ReserveItem, { id: e.id, name: e.name, date: e.date, remaining: e.remaining }),
  )}</ul>`;

const makeRows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, label: `row ${i + 1}` }));

const bytes = (diff: WireDiff): number => JSON.stringify(diff).length;

interface Scenario {
  readonly name: string;
  /** Our measured call: one update diff (alternating between two states). */
  readonly update: () => WireDiff;
  /** The two baselines, rendering the same (second) state from scratch. */
  readonly fullHtml: () => string;
  readonly fullDiff: () => WireDiff;
  readonly target?: {
    readonly maxBytes?: number;
    readonly maxTimeRatio?: number;
    readonly maxNs?: number;
  };
}

/** An engine primed with `a`, whose update() alternates a -> b -> a, returning each diff. */
function alternating<State extends object>(
  view: (s: Readonly<State>) => Template,
  a: State,
  b: State,
  changed: ReadonlySet<string> | undefined,
): () => WireDiff {
  const engine = new DiffEngine();
  engine.renderView(view, a);
  let flip = false;
  return () => {
    flip = !flip;
    return engine.renderView(view, flip ? b : a, { changed });
  };
}

function scenarios(): Scenario[] {
  const list: Scenario[] = [];
  const counterState = { count: 1 };
  let count = 1;
  const counterEngine = new DiffEngine();
  counterEngine.renderView(counter, counterState);
  const countChanged = new Set(['count']);
  list.push({
    name: 'counter: count + 1',
    update: () => counterEngine.renderView(counter, { count: ++count }, { changed: countChanged }),
    fullHtml: () => renderToString(counter(counterState)),
    fullDiff: () => new DiffEngine().renderView(counter, counterState),
    target: { maxBytes: 15 },
  });
  const idleEngine = new DiffEngine();
  idleEngine.renderView(counter, counterState);
  const nothing = new Set<string>();
  list.push({
    name: 'counter: nothing changed',
    update: () => idleEngine.renderView(counter, counterState, { changed: nothing }),
    fullHtml: () => renderToString(counter(counterState)),
    fullDiff: () => new DiffEngine().renderView(counter, counterState),
    target: { maxNs: 2_000 },
  });
  const c1 = { cls: 'badge', created: '2026-11-24 08:00' };
  const c2 = { cls: 'badge new', created: '2026-11-24 08:01' };
  list.push({
    name: 'span class + created',
    update: alternating(created, c1, c2, new Set(['cls', 'created'])),
    fullHtml: () => renderToString(created(c2)),
    fullDiff: () => new DiffEngine().renderView(created, c2),
  });
  for (const n of [100, 1_000, 10_000]) {
    const rows = makeRows(n);
    const middle = Math.floor(n / 2);
    const relabelled = rows.map((r, i) =>
      i === middle ? { ...r, label: `${r.label} changed` } : r,
    );
    const appended = [...rows, { id: n + 1, label: `row ${n + 1}` }];
    const swapped = rows.slice();
    [swapped[1], swapped[n - 2]] = [swapped[n - 2] as Row, swapped[1] as Row];
    const changed = new Set(['rows']);
    const bytesTarget = n <= 1_000 ? { maxBytes: 80 } : { maxTimeRatio: 1 / 50 };
    for (const [op, next, target] of [
      ['one row changed', relabelled, bytesTarget],
      ['one row appended', appended, undefined],
      ['two rows swapped', swapped, undefined],
    ] as const) {
      list.push({
        name: `${n} rows: ${op}`,
        update: alternating(table, { rows }, { rows: next }, changed),
        fullHtml: () => renderToString(table({ rows: next })),
        fullDiff: () => new DiffEngine().renderView(table, { rows: next }),
        ...(target === undefined ? {} : { target }),
      });
    }
  }
  const events: Ev[] = Array.from({ length: 100 }, (_, i) => ({
    id: i + 1,
    name: `Event ${i + 1}`,
    date: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
    remaining: 10,
  }));
  const oneLess = events.map((e, i) => (i === 42 ? { ...e, remaining: 9 } : e));
  list.push({
    name: '100 reserveItem components: one remaining changed',
    update: alternating(eventList, { events }, { events: oneLess }, new Set(['events'])),
    fullHtml: () => renderToString(eventList({ events: oneLess })),
    fullDiff: () => new DiffEngine().renderView(eventList, { events: oneLess }),
    target: { maxBytes: 80 },
  });
  return list;
}

function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/**
 * Runs every scenario under mitata (printing its tables) and returns one summary row per
 * scenario for `bench/index.ts`.
 */
export async function run(): Promise<BenchRow[]> {
  const all = scenarios();
  const sizes = new Map<string, { ours: number; html: number; full: number }>();
  for (const s of all) {
    // Bytes of the measured update (the second call: the first one may differ in direction).
    s.update();
    const ours = bytes(s.update());
    sizes.set(s.name, { ours, html: s.fullHtml().length, full: bytes(s.fullDiff()) });
    summary(() => {
      bench(`${s.name} | baseline: renderToString`, () => do_not_optimize(s.fullHtml())).baseline(
        true,
      );
      bench(`${s.name} | baseline: fresh engine full diff`, () => do_not_optimize(s.fullDiff()));
      bench(`${s.name} | liveactor diff`, () => do_not_optimize(s.update()));
    });
  }
  const { benchmarks } = await runMitata();
  const median = (alias: string): { p50: number; spread: string } => {
    const stats = benchmarks.find((b) => b.alias === alias)?.runs[0]?.stats;
    if (stats === undefined) return { p50: Number.NaN, spread: '?' };
    return {
      p50: stats.p50,
      spread: `±${(((stats.p75 - stats.p25) / stats.p50) * 100).toFixed(0)}%`,
    };
  };
  return all.map((s) => {
    const size = sizes.get(s.name) as { ours: number; html: number; full: number };
    const ours = median(`${s.name} | liveactor diff`);
    const html = median(`${s.name} | baseline: renderToString`);
    const full = median(`${s.name} | baseline: fresh engine full diff`);
    const checks: string[] = [];
    let pass = true;
    if (s.target?.maxBytes !== undefined) {
      checks.push(`<= ${s.target.maxBytes} B`);
      pass &&= size.ours <= s.target.maxBytes;
    }
    if (s.target?.maxTimeRatio !== undefined) {
      checks.push(`<= 1/${Math.round(1 / s.target.maxTimeRatio)} of renderToString`);
      pass &&= ours.p50 <= html.p50 * s.target.maxTimeRatio;
    }
    if (s.target?.maxNs !== undefined) {
      checks.push(`< ${formatNs(s.target.maxNs)}`);
      pass &&= ours.p50 < s.target.maxNs;
    }
    return {
      name: s.name,
      figure: `${size.ours} B, ${formatNs(ours.p50)} ${ours.spread}`,
      baseline:
        `html ${size.html} B, ${formatNs(html.p50)} ${html.spread}; ` +
        `full diff ${size.full} B, ${formatNs(full.p50)} ${full.spread}`,
      ratio: `time ${(ours.p50 / html.p50).toFixed(4)}x html, ${(ours.p50 / full.p50).toFixed(4)}x full`,
      target: checks.length === 0 ? '-' : checks.join(', '),
      pass,
    };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('diff', await run());
}
