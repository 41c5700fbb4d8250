/**
 * The cluster benchmark's scenarios with real live views over real WebSockets: the servers are
 * bench/cluster-server.ts processes (compiled library), the clients bench/transport-driver.ts
 * processes, every view a `/board` (one topic, one number) or a `/counter`.
 *
 * - fanOut: one broadcast reaching 1,000 views on each of 2 nodes (through Redis) against
 *   2,000 views on one node without Redis; timed in the driver from the click on a view of the
 *   first node until every socket got its diff.
 * - clicks: clicks answered per second from 200 connections (each one click in flight) on
 *   `startCluster` with 2 workers against 1 worker.
 * - crowd: 40,000 views on 4 workers of one machine, connected by 4 driver processes, each from
 *   its own source address (a process may hold 20,000 open files; one source address reaches
 *   one port through ~28,000 ephemeral ports): RSS per view, and one broadcast reaching them all.
 */
import { BenchChild } from './bench-child.js';
import { ServerProcess } from './server-process.js';
import { type Sample, summarize } from './stats.js';

const FAN_OUT_VIEWS = 1_000;
const FAN_OUT_WARM_UP = 10;
const FAN_OUT_ROUNDS = 20;
const CLICK_CONNECTIONS = 200;
const CLICK_MS = 2_000;
const CLICK_CYCLES = 2;
const CLICK_RUNS = 3;
const CROWD_DRIVERS = 4;
const CROWD_WORKERS = 4;
/** 10,000 per driver; `BENCH_CROWD_VIEWS` makes a quicker run with fewer. */
const CROWD_VIEWS_PER_DRIVER = Math.ceil(Number(process.env.BENCH_CROWD_VIEWS ?? 40_000) / 4);
const CROWD_ROUNDS = 5;

/** Times `rounds` broadcasts (after a warm-up) of the views the driver holds. */
async function broadcasts(driver: BenchChild, warmUp: number, rounds: number): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < warmUp + rounds; i++) {
    const ms = await driver.ask<number>({ cmd: 'broadcast', event: 'bump' });
    if (i >= warmUp) times.push(ms);
  }
  return summarize(times);
}

/** [2 nodes x 1,000 views, 1 node x 2,000 views] */
export async function fanOut(redis: string): Promise<[Sample, Sample]> {
  const driver = new BenchChild('./transport-driver.ts', []);
  try {
    const nodes = await Promise.all([
      ServerProcess.start({ REDIS_URL: redis }),
      ServerProcess.start({ REDIS_URL: redis }),
    ]);
    let two: Sample;
    try {
      for (const node of nodes) {
        await driver.ask({ cmd: 'connect', port: node.port, path: '/board', count: FAN_OUT_VIEWS });
      }
      two = await broadcasts(driver, FAN_OUT_WARM_UP, FAN_OUT_ROUNDS);
      await driver.ask({ cmd: 'close' });
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }
    const single = await ServerProcess.start({});
    try {
      await driver.ask({
        cmd: 'connect',
        port: single.port,
        path: '/board',
        count: 2 * FAN_OUT_VIEWS,
      });
      const one = await broadcasts(driver, FAN_OUT_WARM_UP, FAN_OUT_ROUNDS);
      await driver.ask({ cmd: 'close' });
      return [two, one];
    } finally {
      await single.stop();
    }
  } finally {
    await driver.stop();
  }
}

/** What the click rows measured, by worker count (1 or 2). */
export interface Clicks {
  /** Clicks answered per second. */
  readonly rate: ReadonlyMap<number, Sample>;
  /** CPU per click answered, in microseconds: the serving workers', and the drivers'. */
  readonly serverUs: ReadonlyMap<number, Sample>;
  readonly driverUs: ReadonlyMap<number, Sample>;
}

/**
 * Clicks per second on 2 workers and on 1, runs of both alternating so load changes hit both.
 * Two driver processes share the connections, so one client process is not what limits 2
 * workers; the CPU each side spends per click says what the machine's cores can give at most,
 * since the drivers run on the same cores as the workers.
 */
export async function clicks(redis: string): Promise<Clicks> {
  const drivers = [0, 1].map(() => new BenchChild('./transport-driver.ts', []));
  const empty = () =>
    new Map<number, number[]>([
      [1, []],
      [2, []],
    ]);
  const [rates, serverUs, driverUs] = [empty(), empty(), empty()];
  const all = <T>(f: (driver: BenchChild) => Promise<T>) => Promise.all(drivers.map(f));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  try {
    for (let cycle = 0; cycle < CLICK_CYCLES; cycle++) {
      for (const workers of [1, 2]) {
        const server = await ServerProcess.start({ REDIS_URL: redis, WORKERS: String(workers) });
        const cpu = async () => [
          sum(await server.cpu()),
          sum(await all((d) => d.ask({ cmd: 'cpu' }))),
        ];
        try {
          const count = CLICK_CONNECTIONS / drivers.length;
          await all((d) => d.ask({ cmd: 'connect', port: server.port, path: '/counter', count }));
          const throughput = { cmd: 'throughput', event: 'inc', ms: CLICK_MS };
          await all((d) => d.ask({ ...throughput, ms: CLICK_MS / 2 })); // warm-up
          for (let run = 0; run < CLICK_RUNS; run++) {
            const [server0, drivers0] = await cpu();
            const rate = sum(await all((d) => d.ask<number>(throughput)));
            const [server1, drivers1] = await cpu();
            const answered = (rate * CLICK_MS) / 1000;
            rates.get(workers)!.push(rate);
            serverUs.get(workers)!.push((server1! - server0!) / answered);
            driverUs.get(workers)!.push((drivers1! - drivers0!) / answered);
          }
          await all((d) => d.ask({ cmd: 'close' }));
        } finally {
          await server.stop();
        }
      }
    }
    const summed = (m: Map<number, number[]>) =>
      new Map([...m].map(([workers, values]) => [workers, summarize(values)]));
    return { rate: summed(rates), serverUs: summed(serverUs), driverUs: summed(driverUs) };
  } finally {
    await all((d) => d.stop());
  }
}

/**
 * The most `workers` workers can give over 1 on `cores` cores, when each click costs the server
 * `server` and the driver `driver` (any unit) and both share the cores: a worker uses at most
 * one core, and all processes together at most `cores`.
 *
 * @example
 * clickCeiling(2, 2, 19, 14); // 1.15: the drivers take the second core's room
 */
export function clickCeiling(
  workers: number,
  cores: number,
  server: number,
  driver: number,
): number {
  const rate = (n: number) => Math.min(n / server, cores / (server + driver));
  return rate(workers) / rate(1);
}

/** What 40,000 views on one machine cost and how fast one broadcast reaches them. */
export interface Crowd {
  readonly views: number;
  readonly workers: number;
  readonly idleRss: number;
  readonly rssPerView: number;
  readonly broadcast: Sample;
}

export async function crowd(redis: string): Promise<Crowd> {
  // Joining 10,000 views keeps a worker busy for seconds on a loaded machine: a longer down
  // timeout than the default keeps it from being declared down meanwhile.
  const server = await ServerProcess.start({
    REDIS_URL: redis,
    WORKERS: String(CROWD_WORKERS),
    DOWN_AFTER: '30000',
  });
  const drivers = Array.from(
    { length: CROWD_DRIVERS },
    () => new BenchChild('./transport-driver.ts', []),
  );
  try {
    const idle = (await server.rss()).reduce((a, b) => a + b, 0);
    const counts = await Promise.all(
      drivers.map((driver, i) =>
        driver.ask<number>({
          cmd: 'connect',
          port: server.port,
          path: '/board',
          count: CROWD_VIEWS_PER_DRIVER,
          localAddress: `127.0.0.${i + 2}`,
          pagesPer: 25,
        }),
      ),
    );
    const views = counts.reduce((a, b) => a + b, 0);
    const loaded = (await server.rss()).reduce((a, b) => a + b, 0);
    const times: number[] = [];
    for (let i = 0; i < 1 + CROWD_ROUNDS; i++) {
      await Promise.all(drivers.map((driver) => driver.ask({ cmd: 'arm' })));
      const sent = await drivers[0]!.ask<number>({ cmd: 'click', event: 'bump' });
      const settled = await Promise.all(drivers.map((d) => d.ask<number>({ cmd: 'settled' })));
      if (i > 0) times.push(Math.max(...settled) - sent);
    }
    await Promise.all(drivers.map((driver) => driver.ask({ cmd: 'close' })));
    return {
      views,
      workers: CROWD_WORKERS,
      idleRss: idle,
      rssPerView: (loaded - idle) / views,
      broadcast: summarize(times),
    };
  } finally {
    await Promise.all(drivers.map((driver) => driver.stop()));
    await server.stop();
  }
}
