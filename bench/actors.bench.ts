/**
 * The actor runtime against the targets, each figure next to baselines measured in the
 * same run: ping-pong (with the event loop's largest stall), fan-out to 10,000 processes, heap
 * per idle process, and spawn + normal exit. Every figure is the median of RUNS runs after one
 * warm-up run; "±" is the spread (max - min) / median. Ratios are our figure / the baseline's.
 *
 * Run alone: `node --expose-gc --import tsx bench/actors.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('actors', rows);
 */
import { pathToFileURL } from 'node:url';
import type { LoopGap } from './actors-loop-gap.js';
import { OurActors } from './actors-ours.js';
import {
  emitterFanOut,
  emitterPingPong,
  handFanOut,
  handGaps,
  handHeapPerProcess,
  handPingPong,
  handSpawnExit,
  nactPingPong,
  nactSpawnStop,
} from './actors-peers.js';
import { type BenchRow, printTable } from './report.js';
import { formatRatio, formatSample, type Sample, sample, summarize } from './stats.js';

const RUNS = 7;
/** Sizes chosen so that one run lasts roughly 50-300 ms on the 2-core machine. */
const PING_PONG_TRIPS = 1_000_000;
const EMITTER_PING_PONG_TRIPS = 3_000_000;
const NACT_PING_PONG_TRIPS = 100_000;
const FAN_OUT_PROCESSES = 10_000;
const FAN_OUT_ROUNDS = 200;
const EMITTER_FAN_OUT_ROUNDS = 1_000;
const IDLE_PROCESSES = 100_000;
const SPAWN_TOTAL = 500_000;
const NACT_SPAWN_TOTAL = 100_000;
const SPAWN_BATCH = 10_000;

/** Measures every scenario and returns one row per (figure, baseline) pair. */
export async function run(): Promise<BenchRow[]> {
  const ours = new OurActors();
  try {
    return [
      ...(await pingPongRows(ours)),
      ...(await fanOutRows(ours)),
      ...(await heapRows(ours)),
      ...(await spawnExitRows(ours)),
    ];
  } finally {
    await ours.shutdown();
  }
}

/** A warm-up run (discarded), then the median of RUNS. */
async function measure(once: () => number | Promise<number>): Promise<Sample> {
  await once();
  return sample(RUNS, once);
}

async function pingPongRows(ours: OurActors): Promise<BenchRow[]> {
  const our = await measure(() => ours.pingPong(PING_PONG_TRIPS));
  const hand = await measure(() => handPingPong(PING_PONG_TRIPS));
  const emitter = await measure(() => emitterPingPong(EMITTER_PING_PONG_TRIPS));
  const nact = await measure(() => nactPingPong(NACT_PING_PONG_TRIPS));
  await ours.shutdown();
  const figure = formatSample(our, '/s');
  return [
    row(
      'ping-pong round trips',
      figure,
      'hand mailbox',
      hand,
      our,
      '>= 1.5M/s',
      our.median >= 1.5e6,
    ),
    row('ping-pong round trips', figure, 'eventemitter3', emitter, our),
    row(
      'ping-pong round trips',
      figure,
      'nact',
      nact,
      our,
      '>= 15x nact',
      our.median >= 15 * nact.median,
    ),
    ...gapRows(ours.gaps.slice(-RUNS), handGaps.slice(-RUNS)),
  ];
}

async function fanOutRows(ours: OurActors): Promise<BenchRow[]> {
  await ours.prepareFanOut(FAN_OUT_PROCESSES);
  const our = await measure(() => ours.fanOut(FAN_OUT_ROUNDS));
  await ours.shutdown();
  const hand = await measure(() => handFanOut(FAN_OUT_PROCESSES, FAN_OUT_ROUNDS));
  const emitter = await measure(() => emitterFanOut(FAN_OUT_PROCESSES, EMITTER_FAN_OUT_ROUNDS));
  const figure = formatSample(our, ' msg/s');
  return [
    row(
      'fan-out to 10k processes',
      figure,
      'hand mailbox',
      hand,
      our,
      '>= 3M msg/s',
      our.median >= 3e6,
      ' msg/s',
    ),
    row(
      'fan-out to 10k processes',
      figure,
      'eventemitter3',
      emitter,
      our,
      '(info)',
      true,
      ' msg/s',
    ),
  ];
}

async function heapRows(ours: OurActors): Promise<BenchRow[]> {
  const our = await measure(() => ours.heapPerProcess(IDLE_PROCESSES));
  const hand = await measure(() => handHeapPerProcess(IDLE_PROCESSES));
  return [
    row(
      'heap per idle process',
      formatSample(our, ' B'),
      'hand mailbox',
      hand,
      our,
      '<= 400 B',
      our.median <= 400,
      ' B',
    ),
  ];
}

async function spawnExitRows(ours: OurActors): Promise<BenchRow[]> {
  await ours.checkSpawnExit();
  const our = await measure(() => ours.spawnExit(SPAWN_TOTAL, SPAWN_BATCH));
  await ours.shutdown();
  const nact = await measure(() => nactSpawnStop(NACT_SPAWN_TOTAL, SPAWN_BATCH));
  const hand = await measure(() => handSpawnExit(SPAWN_TOTAL, SPAWN_BATCH));
  const figure = formatSample(our, '/s');
  return [
    row('spawn + normal exit', figure, 'nact spawn+stop', nact, our, '>= 1M/s', our.median >= 1e6),
    row('spawn + normal exit', figure, 'hand mailbox', hand, our),
  ];
}

/**
 * The largest event-loop gap of each measured run (warm-up excluded), in wall time and in our
 * own CPU time. The target is on the median of the wall-time gaps, which is what a timer sees;
 * the worst run is shown too. On this shared machine a wall gap also counts time the OS gave to
 * other programs, which no scheduler can prevent: the on-CPU row tells the two apart.
 */
function gapRows(ours: LoopGap[], hand: LoopGap[]): BenchRow[] {
  const ms = (s: Sample): string =>
    `${s.median.toFixed(1)} ms ±${s.spreadPct.toFixed(0)}% (worst ${s.max.toFixed(1)})`;
  const ourWall = summarize(ours.map((g) => g.wallMs));
  const handWall = summarize(hand.map((g) => g.wallMs));
  const ourCpu = summarize(ours.map((g) => g.cpuMs));
  const handCpu = summarize(hand.map((g) => g.cpuMs));
  return [
    {
      name: 'ping-pong max loop gap, wall',
      figure: ms(ourWall),
      baseline: `hand mailbox ${ms(handWall)}`,
      ratio: formatRatio(ourWall.median, handWall.median),
      target: '<= 10 ms',
      pass: ourWall.median <= 10,
    },
    {
      name: 'ping-pong max loop gap, on-CPU',
      figure: ms(ourCpu),
      baseline: `hand mailbox ${ms(handCpu)}`,
      ratio: formatRatio(ourCpu.median, handCpu.median),
      target: '(info)',
      pass: true,
    },
  ];
}

function row(
  name: string,
  figure: string,
  baselineName: string,
  baseline: Sample,
  our: Sample,
  target = '(info)',
  pass = true,
  unit = '/s',
): BenchRow {
  return {
    name,
    figure,
    baseline: `${baselineName} ${formatSample(baseline, unit)}`,
    ratio: formatRatio(our.median, baseline.median),
    target,
    pass,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await run();
  printTable('actors', rows);
}
