/**
 * Click round trips over the long-poll fallback against the same clicks over a WebSocket, on
 * one server (bench/transport-server.ts, the compiled library, in a child process), from two
 * driver processes: bench/long-poll-driver.ts (a session at `/live/longpoll`, as a browser's
 * client polls) and bench/transport-driver.ts (a WebSocket). The two take turns, run after run,
 * so the machine's load hits both alike; the server's CPU per round trip is measured in the same
 * runs, steadier than a rate where other processes share the cores.
 *
 * An info row (the issue sets no target): a long-poll click costs an HTTP request and a poll
 * answered and sent again, where a WebSocket click is one frame each way.
 * Medians of several runs; "±" is the spread (max - min) / median; the target column names the
 * machine's 1-minute load average at the start and the end, because one connection's ping-pong
 * moves with it: on the 2-core machine, WebSocket clicks ran near 9k/s at load 2 and 25k/s at
 * load 8 (busy cores wake sooner), long-poll ones near 3k/s at both. Compare ratios of one run.
 * Run alone: `npm run bench -- long-poll`.
 *
 * @example
 * const rows = await run();
 */
import { loadavg } from 'node:os';
import { BenchChild } from './bench-child.js';
import { buildDist } from './dist.js';
import type { BenchRow } from './report.js';
import { formatRatio, formatSample, type Sample, summarize } from './stats.js';

const RUNS = 9;
/** Round trips per run: runs of about a second each on an idle machine. */
const ROUND_TRIPS: Record<Transport, number> = { 'long-poll': 3_000, websocket: 15_000 };
/**
 * Warm-up clicks per transport, in two turns each: the server's paths are compiled only after a
 * few thousand clicks, and compiled again once they have met both kinds of socket.
 */
const WARM_UP = 2_500;
const PATH = '/counter';

type Transport = 'long-poll' | 'websocket';

interface Measured {
  readonly rates: number[];
  readonly cpuMicros: number[];
}

/** Round trips per second and server CPU (µs) per round trip, runs of each transport in turn. */
async function measure(): Promise<Record<Transport, Measured>> {
  const server = new BenchChild('./transport-server.ts', ['liveactor']);
  const drivers: Record<Transport, BenchChild> = {
    'long-poll': new BenchChild('./long-poll-driver.ts', []),
    websocket: new BenchChild('./transport-driver.ts', []),
  };
  try {
    const { port } = await server.first<{ port: number }>();
    const ask = (transport: Transport, count: number) =>
      drivers[transport].ask({ cmd: 'roundtrips', kind: 'liveactor', port, path: PATH, count });
    const results: Record<Transport, Measured> = {
      'long-poll': { rates: [], cpuMicros: [] },
      websocket: { rates: [], cpuMicros: [] },
    };
    for (let turn = 0; turn < 2; turn++) {
      for (const transport of ['long-poll', 'websocket'] as const) await ask(transport, WARM_UP);
    }
    for (let i = 0; i < RUNS; i++) {
      for (const transport of ['long-poll', 'websocket'] as const) {
        const before = await server.ask({ cmd: 'cpu' });
        const count = ROUND_TRIPS[transport];
        results[transport].rates.push(await ask(transport, count));
        const after = await server.ask({ cmd: 'cpu' });
        results[transport].cpuMicros.push((after - before) / count);
      }
    }
    if (process.env.BENCH_DEBUG) console.error(JSON.stringify(results));
    return results;
  } finally {
    await Promise.all([server.stop(), drivers['long-poll'].stop(), drivers.websocket.stop()]);
  }
}

const micros = (s: Sample): string => `${s.median.toFixed(1)} µs ±${s.spreadPct.toFixed(0)}%`;

/** Measures both transports and returns the rows. */
export async function run(): Promise<BenchRow[]> {
  await buildDist();
  const loadBefore = loadavg()[0]!;
  const results = await measure();
  const load = `info; load ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`;
  const polled = summarize(results['long-poll'].rates);
  const socket = summarize(results.websocket.rates);
  const polledCpu = summarize(results['long-poll'].cpuMicros);
  const socketCpu = summarize(results.websocket.cpuMicros);
  return [
    {
      name: 'click round trips, one long-poll session',
      figure: formatSample(polled, '/s'),
      baseline: `WebSocket ${formatSample(socket, '/s')}`,
      ratio: formatRatio(polled.median, socket.median),
      target: load,
      pass: true,
    },
    {
      name: 'server CPU per click round trip, long polling',
      figure: micros(polledCpu),
      baseline: `WebSocket ${micros(socketCpu)}`,
      ratio: formatRatio(polledCpu.median, socketCpu.median),
      target: load,
      pass: true,
    },
  ];
}
