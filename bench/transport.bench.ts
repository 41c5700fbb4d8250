/**
 * The transport against the targets, driven over 127.0.0.1 by a second process
 * (bench/transport-driver.ts) with each server in a fresh child process (bench/transport-server.ts),
 * every figure next to plain `ws` measured the same way in the same run:
 *
 * - sequential click round trips per second on one connection vs. a `ws` echo server;
 * - the same with one subscriber on every telemetry channel vs. none, servers taking turns so
 *   that the machine's load hits both alike;
 * - RSS per connected idle counter view vs. per idle `ws` socket: what 1,000 more views (one
 *   socket each) add to a server that already holds 1,000;
 * - one PubSub broadcast reaching 1,000 and 10,000 connected views (each re-renders one number),
 *   until every client got its diff, vs. `ws` sending one frame to every socket.
 *
 * Medians of several runs after a warm-up; "±" is the spread (max - min) / median.
 * Run alone: `node --expose-gc --import tsx bench/transport.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('transport', rows);
 */
import { pathToFileURL } from 'node:url';
import { BenchChild } from './bench-child.js';
import { buildDist } from './dist.js';
import { type BenchRow, printTable } from './report.js';
import { formatCount, formatRatio, formatSample, type Sample, summarize } from './stats.js';

const RUNS = 5;
const ROUND_TRIPS = 5_000;
const IDLE_VIEWS = 1_000;
const BROADCAST_SIZES = [1_000, 10_000] as const;
const BROADCAST_WARM_UP = 20;
const BROADCAST_RUNS = 15;
const BROADCAST_TARGET_MS: Record<number, number> = { 1000: 25, 10000: 250 };

type Kind = 'liveactor' | 'ws';
/** What the server child runs: a Kind, or liveactor with a subscriber on every channel. */
type ServerKind = Kind | 'liveactor-traced';

/** Turns of each telemetry server, and measured runs per turn. */
const TELEMETRY_TURNS = 4;
const TELEMETRY_RUNS = 3;

async function withServer<T>(
  kind: ServerKind,
  body: (port: number, server: BenchChild) => Promise<T>,
  nodeFlags: readonly string[] = [],
) {
  const server = new BenchChild('./transport-server.ts', [kind], nodeFlags);
  try {
    const { port } = await server.first<{ port: number }>();
    return await body(port, server);
  } finally {
    await server.stop();
  }
}

/** Per run: round trips per second, and the server's CPU time per round trip (µs). */
interface RoundTrips {
  readonly rates: number[];
  readonly cpuMicros: number[];
}

async function roundTripRates(
  driver: BenchChild,
  server: ServerKind,
  runs: number,
): Promise<RoundTrips> {
  const kind: Kind = server === 'ws' ? 'ws' : 'liveactor';
  return withServer(server, async (port, child) => {
    const ask = (count: number) =>
      driver.ask({ cmd: 'roundtrips', kind, port, path: '/counter', count });
    await ask(1_000);
    const rates: number[] = [];
    const cpuMicros: number[] = [];
    for (let i = 0; i < runs; i++) {
      const before = await child.ask({ cmd: 'cpu' });
      rates.push(await ask(ROUND_TRIPS));
      cpuMicros.push(((await child.ask({ cmd: 'cpu' })) - before) / ROUND_TRIPS);
    }
    return { rates, cpuMicros };
  });
}

async function roundTripRate(driver: BenchChild, kind: Kind): Promise<Sample> {
  return summarize((await roundTripRates(driver, kind, RUNS)).rates);
}

interface TelemetryCost {
  readonly none: Sample;
  readonly traced: Sample;
  readonly noneCpu: Sample;
  readonly tracedCpu: Sample;
}

/** Click round trips with no subscriber and with one on every channel, servers taking turns. */
async function telemetryCost(driver: BenchChild): Promise<TelemetryCost> {
  const none: RoundTrips = { rates: [], cpuMicros: [] };
  const traced: RoundTrips = { rates: [], cpuMicros: [] };
  for (let turn = 0; turn < TELEMETRY_TURNS; turn++) {
    for (const [into, server] of [
      [none, 'liveactor'],
      [traced, 'liveactor-traced'],
    ] as const) {
      const { rates, cpuMicros } = await roundTripRates(driver, server, TELEMETRY_RUNS);
      into.rates.push(...rates);
      into.cpuMicros.push(...cpuMicros);
    }
  }
  return {
    none: summarize(none.rates),
    traced: summarize(traced.rates),
    noneCpu: summarize(none.cpuMicros),
    tracedCpu: summarize(traced.cpuMicros),
  };
}

/**
 * V8 sizes its young generation (up to 16 MB per semi-space) by allocation rate, so a burst of
 * connections grows the process by tens of MB once, whatever it keeps. Both servers run with
 * that size fixed, so the figure is what each view keeps.
 */
const FIXED_YOUNG_GENERATION = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

async function rssPerSocket(driver: BenchChild, kind: Kind): Promise<Sample> {
  const perView: number[] = [];
  for (let i = 0; i < 3; i++) {
    perView.push(
      await withServer(
        kind,
        async (port, server) => {
          // The first 1,000 pay the server's one-off growth (compiled code, heap pages);
          // the figure is what 1,000 more add.
          const connect = () =>
            driver.ask({ cmd: 'connect', kind, port, path: '/counter', count: IDLE_VIEWS });
          await connect();
          const before = await server.ask({ cmd: 'rss' });
          await connect();
          const after = await server.ask({ cmd: 'rss' });
          await driver.ask({ cmd: 'close' });
          return (after - before) / IDLE_VIEWS;
        },
        FIXED_YOUNG_GENERATION,
      ),
    );
  }
  return summarize(perView);
}

async function broadcastMs(driver: BenchChild, kind: Kind, views: number): Promise<Sample> {
  return withServer(kind, async (port) => {
    await driver.ask({ cmd: 'connect', kind, port, path: '/board', count: views });
    // The first broadcasts run cold (the render and frame paths are not compiled yet): a view
    // server lives long, so the figure is the warm one, as for the baseline.
    for (let i = 0; i < BROADCAST_WARM_UP; i++) await driver.ask({ cmd: 'broadcast', kind });
    const times: number[] = [];
    for (let i = 0; i < BROADCAST_RUNS; i++) {
      times.push(await driver.ask({ cmd: 'broadcast', kind }));
    }
    await driver.ask({ cmd: 'close' });
    return summarize(times);
  });
}

const kib = (s: Sample): string =>
  `${(s.median / 1024).toFixed(1)} KiB ±${s.spreadPct.toFixed(0)}%`;
const ms = (s: Sample): string => `${s.median.toFixed(1)} ms ±${s.spreadPct.toFixed(0)}%`;

/** Measures every scenario and returns one row per (figure, baseline) pair. */
export async function run(): Promise<BenchRow[]> {
  // The server child runs the compiled library, as a deployment would.
  await buildDist();
  const driver = new BenchChild('./transport-driver.ts', []);
  try {
    const rows: BenchRow[] = [];
    const ours = await roundTripRate(driver, 'liveactor');
    const echo = await roundTripRate(driver, 'ws');
    rows.push({
      name: 'click round trips, one connection',
      figure: formatSample(ours, '/s'),
      baseline: `ws echo ${formatSample(echo, '/s')}`,
      ratio: formatRatio(ours.median, echo.median),
      target: '>= 0.5x echo',
      pass: ours.median >= 0.5 * echo.median,
    });

    const telemetry = await telemetryCost(driver);
    rows.push({
      name: 'click round trips, a subscriber on every telemetry channel',
      figure: formatSample(telemetry.traced, '/s'),
      baseline: `no subscriber ${formatSample(telemetry.none, '/s')}`,
      ratio: formatRatio(telemetry.traced.median, telemetry.none.median),
      target: '>= 0.9x no subscriber',
      pass: telemetry.traced.median >= 0.9 * telemetry.none.median,
    });
    // CPU time is what the subscribers add; on a loaded machine it is steadier than throughput.
    const micros = (s: Sample): string => `${s.median.toFixed(1)} µs ±${s.spreadPct.toFixed(0)}%`;
    rows.push({
      name: 'server CPU per click round trip, a subscriber on every channel',
      figure: micros(telemetry.tracedCpu),
      baseline: `no subscriber ${micros(telemetry.noneCpu)}`,
      ratio: formatRatio(telemetry.tracedCpu.median, telemetry.noneCpu.median),
      target: '<= 1.1x no subscriber',
      pass: telemetry.tracedCpu.median <= 1.1 * telemetry.noneCpu.median,
    });

    const viewRss = await rssPerSocket(driver, 'liveactor');
    const wsRss = await rssPerSocket(driver, 'ws');
    rows.push({
      name: `RSS per idle counter view (${formatCount(IDLE_VIEWS)})`,
      figure: kib(viewRss),
      baseline: `idle ws socket ${kib(wsRss)}`,
      ratio: formatRatio(viewRss.median, wsRss.median),
      target: '<= 12 KiB',
      pass: viewRss.median <= 12 * 1024,
    });

    for (const views of BROADCAST_SIZES) {
      const ourTime = await broadcastMs(driver, 'liveactor', views);
      const wsTime = await broadcastMs(driver, 'ws', views);
      const target = BROADCAST_TARGET_MS[views]!;
      rows.push({
        name: `broadcast to ${formatCount(views)} views, all diffs in`,
        figure: ms(ourTime),
        baseline: `ws send-to-all ${ms(wsTime)}`,
        ratio: formatRatio(ourTime.median, wsTime.median),
        target: `<= ${target} ms`,
        pass: ourTime.median <= target,
      });
    }
    return rows;
  } finally {
    await driver.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('transport', await run());
}
