/**
 * The cluster on Redis against the targets, each with its baseline from the same run, on
 * a private redis-server (started and stopped here) and forked nodes (bench/cluster-child.ts):
 *
 * - Remote `call` round trips per second, this process calling an echo process of another node
 *   (one call in flight: a call's latency), against a `PING` round trip to Redis through the same
 *   client (node-redis, the node's own command connection). Target >= 0.5x. A call crosses Redis
 *   twice (request, reply) and wakes the other node, where a PING crosses once; an info row
 *   measures that medium alone (a message echoed by the other node, no actors), the floor under
 *   a remote call, and another row the same call with 64 in flight.
 * - One broadcast reaching 1,000 bare subscriber processes on each of 2 nodes (through Redis:
 *   node b broadcasts, its own 1,000 get it locally and node c's through Redis), against one
 *   broadcast to 2,000 on one node; timed from this process until every node said all its
 *   subscribers got it. An info row: the medium without the views.
 * - The same with real live views over WebSockets (bench/cluster-live.ts): 1,000 views on each
 *   of 2 nodes against 2,000 on one node without Redis. Target <= 2x.
 * - Clicks per second from 200 connections on `startCluster` with 2 workers against 1 worker.
 *   Target >= 1.6x on a 2-core machine. The driver processes run on the same cores, and a
 *   WebSocket client spends most of what a server spends per click (a send and a receive on a
 *   loopback socket each side): an info row gives the CPU per click of each side and the most 2
 *   workers can then give over 1 on this machine's cores, before any other load.
 * - 40,000 connected views across 4 workers of one machine: RSS per view, and one broadcast
 *   reaching every view. Target <= 1 s.
 *
 * The machine's other load weighs on every row, the more processes a row runs the more: a
 * row's spread says how much.
 *
 * Medians of several runs after a warm-up; "±" is the spread (max - min) / median.
 * Run alone: `node --expose-gc --import tsx bench/cluster.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('cluster', rows);
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ActorSystem, type Pid } from '../actors/index.js';
import { startRedis } from '../test/support/redis-server.js';
import { BenchChild } from './bench-child.js';
import { clickCeiling, clicks, crowd, fanOut as liveFanOut } from './cluster-live.js';
import { buildDist } from './dist.js';
import { type BenchRow, printTable } from './report.js';
import { formatCount, formatRatio, formatSample, type Sample, summarize } from './stats.js';

const RUNS = 7;
const CALLS = 3_000;
const SUBSCRIBERS = 1_000;
const WARM_UP_ROUNDS = 20;
const ROUNDS = 30;

async function node(redis: string, name: string): Promise<BenchChild> {
  const child = new BenchChild('./cluster-child.ts', []);
  await child.ask({ cmd: 'join', redis, name });
  return child;
}

/** Round trips per second of `once`, with `inFlight` of them going at any time. */
async function perSecond(
  count: number,
  once: () => Promise<unknown>,
  inFlight = 1,
): Promise<number> {
  const started = performance.now();
  let left = count;
  const lane = async () => {
    while (left-- > 0) await once();
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return count / ((performance.now() - started) / 1000);
}

async function callVsPing(url: string, inFlight: number): Promise<[Sample, Sample, Sample]> {
  const system = new ActorSystem({ logger: false, cluster: { redis: url, name: 'caller' } });
  await system.joinCluster();
  const b = await node(url, 'callee');
  try {
    const echo = await b.ask<Pid>({ cmd: 'echo' });
    const client = system.cluster!.internals.redis.commands;
    const call = () => system.call(echo, 'ping');
    const ping = () => client.sendCommand(['PING']);
    // The medium alone: a message to the other node and its echo back, on the same connections.
    await b.ask({ cmd: 'rawEcho' });
    const waiting: (() => void)[] = [];
    await system.cluster!.internals.redis.subscriber.subscribe(
      'bench:pong',
      () => waiting.shift()?.(),
      true,
    );
    const raw = () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        void client.publish('bench:ping', 'ping');
      });
    const count = Math.round(CALLS * inFlight ** 0.5);
    for (const f of [call, ping, raw]) await perSecond(count, f, inFlight);
    const calls: number[] = [];
    const pings: number[] = [];
    const raws: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so a slow moment of the machine weighs on all alike.
      calls.push(await perSecond(count, call, inFlight));
      pings.push(await perSecond(count, ping, inFlight));
      raws.push(await perSecond(count, raw, inFlight));
    }
    return [summarize(calls), summarize(pings), summarize(raws)];
  } finally {
    await b.stop();
    await system.shutdown();
  }
}

/** Times `run` after `arm` (every node counting), warm-up rounds aside. */
async function rounds(arm: () => Promise<unknown>, run: () => Promise<unknown>): Promise<Sample> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP_ROUNDS + ROUNDS; i++) {
    await arm();
    const started = performance.now();
    await run();
    if (i >= WARM_UP_ROUNDS) times.push(performance.now() - started);
  }
  return summarize(times);
}

async function fanOut(url: string): Promise<[Sample, Sample]> {
  const [b, c, single] = await Promise.all([node(url, 'b'), node(url, 'c'), node(url, 'single')]);
  try {
    await b.ask({ cmd: 'subscribers', topic: 'two', count: SUBSCRIBERS });
    await c.ask({ cmd: 'subscribers', topic: 'two', count: SUBSCRIBERS });
    await single.ask({ cmd: 'subscribers', topic: 'one', count: 2 * SUBSCRIBERS });
    const twoNodes = await rounds(
      () => Promise.all([b.ask({ cmd: 'arm' }), c.ask({ cmd: 'arm' })]),
      () =>
        Promise.all([
          c.ask({ cmd: 'wait' }),
          b.ask({ cmd: 'wait', topic: 'two', broadcast: true }),
        ]),
    );
    const oneNode = await rounds(
      () => single.ask({ cmd: 'arm' }),
      () => single.ask({ cmd: 'wait', topic: 'one', broadcast: true }),
    );
    return [twoNodes, oneNode];
  } finally {
    await Promise.all([b.stop(), c.stop(), single.stop()]);
  }
}

const ms = (s: Sample): string => `${s.median.toFixed(2)} ms ±${s.spreadPct.toFixed(0)}%`;

const us = (s: Sample): string => `${s.median.toFixed(1)} µs ±${s.spreadPct.toFixed(0)}%`;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Measures every row. */
export async function run(): Promise<BenchRow[]> {
  // The live-view servers run the compiled library, as a deployment would.
  await buildDist();
  const redis = await startRedis();
  try {
    const [calls, pings, raws] = await callVsPing(redis.url, 1);
    const [calls64, pings64] = await callVsPing(redis.url, 64);
    const [two, one] = await fanOut(redis.url);
    const [liveTwo, liveOne] = await liveFanOut(redis.url);
    const click = await clicks(redis.url);
    const [clicksTwo, clicksOne] = [click.rate.get(2)!, click.rate.get(1)!];
    const [serverUs, driverUs] = [click.serverUs.get(2)!, click.driverUs.get(2)!];
    const cores = availableParallelism();
    const ceiling = clickCeiling(2, cores, serverUs.median, driverUs.median);
    const many = await crowd(redis.url);
    const callRatio = calls.median / pings.median;
    return [
      {
        name: 'remote call round trips (1 in flight)',
        figure: formatSample(calls, '/s'),
        baseline: `Redis PING ${formatSample(pings, '/s')}`,
        ratio: formatRatio(calls.median, pings.median),
        target: '>= 0.5x',
        pass: callRatio >= 0.5,
      },
      {
        name: 'the medium alone: pub/sub echo via the other node (1 in flight)',
        figure: formatSample(raws, '/s'),
        baseline: `Redis PING ${formatSample(pings, '/s')}`,
        ratio: formatRatio(raws.median, pings.median),
        target: '(info: the floor under a remote call)',
        pass: true,
      },
      {
        name: 'remote call round trips (64 in flight)',
        figure: formatSample(calls64, '/s'),
        baseline: `Redis PING ${formatSample(pings64, '/s')}`,
        ratio: formatRatio(calls64.median, pings64.median),
        target: '(info)',
        pass: true,
      },
      {
        name: `broadcast to ${SUBSCRIBERS} bare subscribers on each of 2 nodes`,
        figure: ms(two),
        baseline: `${2 * SUBSCRIBERS} on one node ${ms(one)}`,
        ratio: formatRatio(two.median, one.median),
        target: '(info: the medium, no views)',
        pass: true,
      },
      {
        name: `broadcast to ${SUBSCRIBERS} live views on each of 2 nodes, all diffs in`,
        figure: ms(liveTwo),
        baseline: `${2 * SUBSCRIBERS} views on one node, no Redis ${ms(liveOne)}`,
        ratio: formatRatio(liveTwo.median, liveOne.median),
        target: '<= 2x',
        pass: liveTwo.median <= 2 * liveOne.median,
      },
      {
        name: 'clicks answered from 200 connections, 2 workers',
        figure: formatSample(clicksTwo, '/s'),
        baseline: `1 worker ${formatSample(clicksOne, '/s')}`,
        ratio: formatRatio(clicksTwo.median, clicksOne.median),
        target: '>= 1.6x',
        pass: clicksTwo.median >= 1.6 * clicksOne.median,
      },
      {
        name: 'CPU per click on 2 workers: server, drivers (same cores)',
        figure: `${us(serverUs)}, drivers ${us(driverUs)}`,
        baseline: `1 worker: ${us(click.serverUs.get(1)!)}, drivers ${us(click.driverUs.get(1)!)}`,
        ratio: `${ceiling.toFixed(2)}x`,
        target: `(info: the most 2 workers can give over 1 on ${cores} cores at these costs)`,
        pass: true,
      },
      {
        name: `${formatCount(many.views)} views on ${many.workers} workers: RSS per view`,
        figure: `${(many.rssPerView / 1024).toFixed(1)} KiB`,
        baseline: `${many.workers} idle workers ${mib(many.idleRss)}`,
        ratio: '-',
        target: '(info)',
        pass: true,
      },
      {
        name: `${formatCount(many.views)} views on ${many.workers} workers: one broadcast, all diffs in`,
        figure: ms(many.broadcast),
        baseline: 'target 1000 ms',
        ratio: formatRatio(many.broadcast.median, 1000),
        target: '<= 1 s',
        pass: many.broadcast.median <= 1000,
      },
    ];
  } finally {
    await redis.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('cluster', await run());
}
