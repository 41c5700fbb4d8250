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
 * - One broadcast reaching 1,000 subscribers on each of 2 nodes (through Redis: node b
 *   broadcasts, its own 1,000 get it locally and node c's through Redis), against one broadcast
 *   to 2,000 subscribers on one node. Timed from this process until every node said all its
 *   subscribers got it. Target <= 2x.
 *
 * Medians of several runs after a warm-up; "±" is the spread (max - min) / median.
 * Run alone: `node --expose-gc --import tsx bench/cluster.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('cluster', rows);
 */
import { pathToFileURL } from 'node:url';
import { ActorSystem, type Pid } from '../actors/index.js';
import { startRedis } from '../test/support/redis-server.js';
import { BenchChild } from './bench-child.js';
import { type BenchRow, printTable } from './report.js';
import { formatRatio, formatSample, type Sample, summarize } from './stats.js';

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

/** Measures both rows. */
export async function run(): Promise<BenchRow[]> {
  const redis = await startRedis();
  try {
    const [calls, pings, raws] = await callVsPing(redis.url, 1);
    const [calls64, pings64] = await callVsPing(redis.url, 64);
    const [two, one] = await fanOut(redis.url);
    const callRatio = calls.median / pings.median;
    const fanRatio = two.median / one.median;
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
        name: `broadcast to ${SUBSCRIBERS} subscribers on each of 2 nodes`,
        figure: ms(two),
        baseline: `${2 * SUBSCRIBERS} on one node ${ms(one)}`,
        ratio: formatRatio(two.median, one.median),
        target: '<= 2x',
        pass: fanRatio <= 2,
      },
    ];
  } finally {
    await redis.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('cluster', await run());
}
