/**
 * A client that never reads floods one server (issue 12: 1,000,000 heartbeats, then 1,000,000
 * events) while a witness view on another connection clicks, one click after the last reply:
 *
 * - how much the server's RSS grows at its peak during the flood, against the bytes the flooder
 *   sent (before the output bound, a server held ~9 bytes per byte sent); target: under
 *   {@link RSS_BOUND_MB} MB;
 * - the witness's slowest click round trip during the flood, against its slowest with no flood
 *   in the same run; target: every click under 50 ms.
 *
 * Three servers, each fresh: the default limits (the flood is closed 1008 within a few hundred
 * frames); `eventRate: false` (only the output bound, `maxBufferedBytes`, stops it: 1013); and
 * `eventRate: false` with events alone (the view answers each; the socket stops being read while
 * 1,000 replies are owed, then the output bound closes it). Each figure is the median of
 * {@link RUNS} runs with its spread. Run alone: `npm run bench -- flood`.
 *
 * @example
 * const rows = await run();
 */
import { pathToFileURL } from 'node:url';
import { BenchChild } from './bench-child.js';
import { buildDist } from './dist.js';
import { type BenchRow, printTable } from './report.js';
import { formatRatio, type Sample, summarize } from './stats.js';

const RUNS = 3;
const RSS_BOUND_MB = 48;
const CLICK_BOUND_MS = 50;
const MB = 1024 * 1024;

interface Scenario {
  readonly name: string;
  /** transport-server.ts's kind: its limits. */
  readonly server: 'liveactor-defaults' | 'liveactor';
  readonly heartbeats: number;
  readonly events: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'default limits', server: 'liveactor-defaults', heartbeats: 1e6, events: 1e6 },
  { name: 'eventRate: false', server: 'liveactor', heartbeats: 1e6, events: 1e6 },
  { name: 'eventRate: false, events only', server: 'liveactor', heartbeats: 0, events: 1e6 },
];

interface FloodResult {
  readonly code: number;
  readonly replies: number;
  readonly bytes: number;
  readonly ms: number;
}

interface Measured {
  readonly growthMb: number;
  readonly sentMb: number;
  readonly code: number;
  readonly slowestMs: number;
  readonly calmSlowestMs: number;
  readonly clicks: number;
}

/** One run of one scenario on a fresh server. */
async function measure(scenario: Scenario): Promise<Measured> {
  const server = new BenchChild('./transport-server.ts', [scenario.server]);
  const witness = new BenchChild('./flood-driver.ts', []);
  const flooder = new BenchChild('./flood-driver.ts', []);
  try {
    const { port } = await server.first<{ port: number }>();
    // The calm baseline: the witness alone for as many clicks as it makes in a second or so.
    await witness.ask({ cmd: 'witness', port });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const calm = await witness.ask<number[]>({ cmd: 'stop' });
    await witness.ask({ cmd: 'witness', port });
    const before = await server.ask<number>({ cmd: 'peak' });
    const result = await flooder.ask<FloodResult>({
      cmd: 'flood',
      port,
      heartbeats: scenario.heartbeats,
      events: scenario.events,
    });
    const peak = await server.ask<number>({ cmd: 'peak' });
    const during = await witness.ask<number[]>({ cmd: 'stop' });
    return {
      growthMb: (peak - before) / MB,
      sentMb: result.bytes / MB,
      code: result.code,
      slowestMs: Math.max(...during),
      calmSlowestMs: Math.max(...calm),
      clicks: during.length,
    };
  } finally {
    await Promise.all([flooder.stop(), witness.stop(), server.stop()]);
  }
}

const spread = (s: Sample, digits: number): string =>
  `${s.median.toFixed(digits)} ±${s.spreadPct.toFixed(0)}%`;

/** Runs every scenario and returns two rows for each: RSS growth and the witness's clicks. */
export async function run(): Promise<BenchRow[]> {
  await buildDist();
  const rows: BenchRow[] = [];
  for (const scenario of SCENARIOS) {
    const runs: Measured[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(scenario));
    const growth = summarize(runs.map((r) => r.growthMb));
    const sent = summarize(runs.map((r) => r.sentMb));
    const slowest = summarize(runs.map((r) => r.slowestMs));
    const calm = summarize(runs.map((r) => r.calmSlowestMs));
    const codes = [...new Set(runs.map((r) => r.code))].join('/');
    const clicks = summarize(runs.map((r) => r.clicks));
    rows.push({
      name: `flood (${scenario.name}): server RSS growth, closed ${codes}`,
      figure: `${spread(growth, 1)} MB`,
      baseline: `sent ${spread(sent, 0)} MB`,
      ratio: formatRatio(growth.median, sent.median),
      target: `< ${RSS_BOUND_MB} MB`,
      pass: growth.max < RSS_BOUND_MB,
    });
    rows.push({
      name: `flood (${scenario.name}): slowest witness click of ${clicks.median}`,
      figure: `${spread(slowest, 1)} ms`,
      baseline: `no flood ${spread(calm, 1)} ms`,
      ratio: formatRatio(slowest.median, calm.median),
      target: `< ${CLICK_BOUND_MS} ms`,
      pass: slowest.max < CLICK_BOUND_MS,
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('flood', await run());
}
