import { describe, expect, it, onTestFinished } from 'vitest';
import {
  ActorSystem,
  type Logger,
  type Pid,
  PubSub,
  RedisPubSubAdapter,
} from '../../actors/index.js';
import { ClusterNode, FAST, localNode, type NodeReport } from '../support/cluster-node.js';
import { probe } from '../support/probe.js';
import { startRedis } from '../support/redis-server.js';

/** A logger that keeps its records and lets a test await one. */
function recordingLogger() {
  const records: { level: string; msg: string | undefined; obj: object }[] = [];
  const waiters: { match: (msg: string) => boolean; resolve: () => void }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    records.push({ level, msg, obj });
    for (const w of [...waiters]) {
      if (msg !== undefined && w.match(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const logger: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug() {} };
  const when = (match: (msg: string) => boolean) =>
    new Promise<void>((resolve) => waiters.push({ match, resolve }));
  return { logger, records, when };
}

const isInfo = (topic: string) => (r: NodeReport) =>
  r.event === 'info' && (r.msg as { topic?: string })?.topic === topic;

describe('a Redis outage', () => {
  it('crashes nothing, drops broadcasts meanwhile (at most once), and resubscribes when Redis is back', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const log = recordingLogger();
    const system = new ActorSystem({
      logger: log.logger,
      cluster: { redis: redis.url, name: 'a', ...FAST },
    });
    onTestFinished(() => system.shutdown());
    await system.joinCluster();
    const pubsub = new PubSub(system, { adapter: new RedisPubSubAdapter(system) });
    const local = probe(system);
    pubsub.subscribe(local.pid, 'o');
    const b = await ClusterNode.start(redis.url, 'b');
    onTestFinished(() => b.stop());
    const [remote] = await b.ask<Pid[]>('spawnMany', { count: 1 });
    await b.ask('subscribe', { pids: [remote], topic: 'o' });

    pubsub.broadcast('o', { topic: 'o', n: 1 });
    expect((await b.next(isInfo('o'))).msg).toEqual({ topic: 'o', n: 1 });
    expect(await local.next()).toEqual({ topic: 'o', n: 1 });

    const lost = log.when((m) => m.startsWith('lost Redis'));
    await redis.stop({ hard: true });
    await lost;
    pubsub.broadcast('o', { topic: 'o', n: 2 }); // during the outage: local subscribers only
    expect(await local.next()).toEqual({ topic: 'o', n: 2 });

    const backHere = log.when((m) => m.startsWith('Redis is back'));
    const backThere = b.next((r) => r.event === 'log' && String(r.msg).startsWith('Redis is back'));
    await redis.start();
    await Promise.all([backHere, backThere]);
    pubsub.broadcast('o', { topic: 'o', n: 3 });
    // The next message b's subscriber gets is 3: 2 was dropped, not delivered late.
    expect((await b.next(isInfo('o'))).msg).toEqual({ topic: 'o', n: 3 });
    expect(await local.next()).toEqual({ topic: 'o', n: 3 });
    const warn = log.records.find((r) => r.msg?.startsWith('lost Redis'));
    expect(warn?.obj).toMatchObject({ url: redis.url });
    expect(
      log.records.some((r) => r.msg?.startsWith('broadcasts published while Redis was away')),
    ).toBe(true);
  }, 30_000);

  it('writes the global names back when Redis lost them in a restart', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const system = await localNode(redis.url, 'a');
    const keeper = probe(system);
    await system.registerGlobal('keeper', keeper.pid);
    await redis.stop({ hard: true });
    const resynced = new Promise<void>((resolve) => system.cluster!.once('resync', resolve));
    await redis.start(); // empty: no persistence
    await resynced;
    expect(await system.cluster!.whereisGlobal('keeper')).toBe(keeper.pid);
  }, 30_000);
});
