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

/**
 * [clicks/s on 2 workers, on 1 worker], runs of both alternating so load changes hit both. Two
 * driver processes share the connections, so the clients are not what limits 2 workers.
 */
export async function clicks(redis: string): Promise<[Sample, Sample]> {
  const drivers = [0, 1].map(() => new BenchChild('./transport-driver.ts', []));
  const rates = new Map<number, number[]>([
    [1, []],
    [2, []],
  ]);
  const all = <T>(f: (driver: BenchChild) => Promise<T>) => Promise.all(drivers.map(f));
  try {
    for (let cycle = 0; cycle < CLICK_CYCLES; cycle++) {
      for (const workers of [1, 2]) {
        const server = await ServerProcess.start({ REDIS_URL: redis, WORKERS: String(workers) });
        try {
          const count = CLICK_CONNECTIONS / drivers.length;
          await all((d) => d.ask({ cmd: 'connect', port: server.port, path: '/counter', count }));
          const throughput = { cmd: 'throughput', event: 'inc', ms: CLICK_MS };
          await all((d) => d.ask({ ...throughput, ms: CLICK_MS / 2 })); // warm-up
          for (let run = 0; run < CLICK_RUNS; run++) {
            const each = await all((d) => d.ask<number>(throughput));
            rates.get(workers)!.push(each.reduce((a, b) => a + b, 0));
          }
          await all((d) => d.ask({ cmd: 'close' }));
        } finally {
          await server.stop();
        }
      }
    }
    return [summarize(rates.get(2)!), summarize(rates.get(1)!)];
  } finally {
    await all((d) => d.stop());
  }
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
