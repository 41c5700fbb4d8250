import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub, RedisPubSubAdapter } from '../../actors/index.js';
import { FAST } from '../support/cluster-node.js';
import { probe } from '../support/probe.js';
import { startRedis } from '../support/redis-server.js';

describe('joining a cluster', () => {
  it('rejects with a clear error naming the URL when Redis is unreachable, and crashes nothing', async () => {
    const redis = await startRedis();
    await redis.stop(); // a port nothing listens on
    const system = new ActorSystem({
      logger: false,
      cluster: { redis: `redis://:hunter2@127.0.0.1:${redis.port}` },
    });
    onTestFinished(() => system.shutdown());
    const error = await system.joinCluster().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CLUSTER_UNREACHABLE' });
    expect((error as Error).message).toContain(`redis://:***@127.0.0.1:${redis.port}`);
    expect((error as Error).message).not.toContain('hunter2');
    // The system itself still works locally.
    const pid = system.spawn(
      { handleCall: (_m: 'ping', _f: unknown, s: null) => ({ reply: 'pong', state: s }) },
      null,
    );
    expect(await system.call(pid, 'ping')).toBe('pong');
  });

  it('loads no Redis code without the cluster option', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../fixtures/no-redis-without-cluster.ts', import.meta.url)),
      ],
      { timeout: 60_000 },
    );
    expect(stdout.trim()).toBe('0');
  });

  it('needs no Redis without the cluster option, and says so if asked to join', async () => {
    const system = new ActorSystem({ logger: false });
    onTestFinished(() => system.shutdown());
    expect(system.cluster).toBeUndefined();
    await expect(system.joinCluster()).rejects.toMatchObject({ code: 'ERR_NOT_IN_CLUSTER' });
  });

  it('checks its options before connecting', () => {
    expect(() => new ActorSystem({ cluster: { redis: 'http://x' } })).toThrow(TypeError);
    expect(() => new ActorSystem({ cluster: { redis: 'redis://x', name: 'a b' } })).toThrow(
      TypeError,
    );
    expect(
      () => new ActorSystem({ cluster: { redis: 'redis://x', downAfter: 100, heartbeat: 90 } }),
    ).toThrow(RangeError);
  });

  it('gives pids that name their node, and learns of other nodes joining and leaving', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const a = new ActorSystem({
      logger: false,
      cluster: { redis: redis.url, name: 'alpha', ...FAST },
    });
    const b = new ActorSystem({
      logger: false,
      cluster: { redis: redis.url, name: 'beta', ...FAST },
    });
    onTestFinished(() => a.shutdown());
    await a.joinCluster();
    const up = new Promise((resolve) => a.cluster!.once('nodeup', resolve));
    await b.joinCluster();
    expect(await up).toBe(b.id);
    expect(a.id).toMatch(/^alpha@/);
    expect(a.spawn({}, null).startsWith(`${a.id}.`)).toBe(true);
    expect(a.cluster!.nodes().sort()).toEqual([a.id, b.id].sort());
    const down = new Promise((resolve) => a.cluster!.once('nodedown', resolve));
    await b.shutdown();
    expect(await down).toBe(b.id);
  });

  it('lets a PubSub take subscribers before the node joined, and wires them in once it has', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const early = new ActorSystem({
      logger: false,
      cluster: { redis: redis.url, name: 'early', ...FAST },
    });
    const other = new ActorSystem({
      logger: false,
      cluster: { redis: redis.url, name: 'other', ...FAST },
    });
    onTestFinished(() => Promise.all([early.shutdown(), other.shutdown()]).then(() => {}));
    const adapter = new RedisPubSubAdapter(early);
    const pubsub = new PubSub(early, { adapter });
    const listener = probe(early);
    pubsub.subscribe(listener.pid, 'news');
    pubsub.broadcast('news', 'before joining'); // reaches this node only
    expect(await listener.next()).toBe('before joining');
    await Promise.all([early.joinCluster(), other.joinCluster()]);
    await adapter.whenSubscribed('news');
    new PubSub(other, { adapter: new RedisPubSubAdapter(other) }).broadcast(
      'news',
      'from the other node',
    );
    expect(await listener.next()).toBe('from the other node');
  });
});
