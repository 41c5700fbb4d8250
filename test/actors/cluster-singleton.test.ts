import { createClient } from '@redis/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, FencedValue } from '../../actors/index.js';
import { ClusterNode, FAST, type NodeReport } from '../support/cluster-node.js';
import { startRedis } from '../support/redis-server.js';

const started = (r: NodeReport) => r.event === 'singleton';
const LEASE_KEY = '{liveactor}:lease:counter';

/** Records every change of the lease key, from Redis's keyspace notifications, in order. */
async function watchLease(url: string) {
  const client = createClient({ url });
  await client.connect();
  await client.sendCommand(['CONFIG', 'SET', 'notify-keyspace-events', 'Kgx$']);
  const events: string[] = [];
  const sub = client.duplicate();
  await sub.connect();
  await sub.subscribe(`__keyspace@0__:${LEASE_KEY}`, (event) => events.push(event));
  return {
    events,
    get: () => client.sendCommand<string | null>(['GET', LEASE_KEY]),
    close: async () => {
      await sub.close();
      await client.close();
    },
  };
}

/** Starts the same singleton on every node; returns the node that runs it and its report. */
async function firstOwner(nodes: ClusterNode[]) {
  await Promise.all(nodes.map((n) => n.ask('singleton', { name: 'counter' })));
  const { node, report } = await ClusterNode.first(nodes, started);
  return { node, r: report };
}

describe('cluster singletons', () => {
  it('run on one node; after a SIGKILL of the owner exactly one other node takes over, with a higher token', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const lease = await watchLease(redis.url);
    onTestFinished(() => lease.close());
    const nodes = await Promise.all(
      ['s1', 's2', 's3'].map((name) => ClusterNode.start(redis.url, name)),
    );
    onTestFinished(() => Promise.all(nodes.map((n) => n.stop())).then(() => {}));
    const first = await firstOwner(nodes);
    expect(first.r.node).toBe(first.node.id);
    expect(await lease.get()).toMatch(
      new RegExp(`^${first.node.id.replace('$', '\\$')}\\.\\S+ ${first.r.token}$`),
    );

    const killedAt = performance.now();
    await first.node.kill();
    const survivors = nodes.filter((n) => n !== first.node);
    const next = await ClusterNode.first(survivors, started);
    const second = { node: next.node, r: next.report };
    const took = performance.now() - killedAt;
    expect(second.r.token as number).toBeGreaterThan(first.r.token as number);
    // Within the lease (a generous bound for a loaded machine: the lease plus 5 s).
    expect(took).toBeLessThan(FAST.lease + 5_000);
    // Exactly one new owner: Redis names it, and the other survivor runs no child.
    expect(await lease.get()).toBe(
      `${(await second.node.ask<{ holder: string }>('lease', { name: 'counter' })).holder} ${second.r.token}`,
    );
    const other = survivors.find((n) => n !== second.node)!;
    expect(await other.ask('lease', { name: 'counter' })).toBe(null);
    // No double owner at any instant: every SET of the lease followed the expiry or deletion
    // of the one before (events: set, pexpire..., expired|del, set, ...).
    const sets = lease.events.map((e, i) => [e, i] as const).filter(([e]) => e === 'set');
    expect(sets.length).toBe(2);
    const between = lease.events.slice(sets[0]![1] + 1, sets[1]![1]);
    expect(between.some((e) => e === 'expired' || e === 'del')).toBe(true);
  }, 60_000);

  it('refuses the writes of a paused owner once another node took over (fencing)', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const observer = new ActorSystem({
      logger: false,
      cluster: { redis: redis.url, name: 'observer', ...FAST },
    });
    onTestFinished(() => observer.shutdown());
    await observer.joinCluster();
    const nodes = await Promise.all(['p1', 'p2'].map((name) => ClusterNode.start(redis.url, name)));
    onTestFinished(() => Promise.all(nodes.map((n) => n.stop())).then(() => {}));
    const first = await firstOwner(nodes);
    const oldToken = first.r.token as number;
    await first.node.ask('fencedWrite', { name: 'counter', token: oldToken, value: { n: 1 } });

    first.node.signal('SIGSTOP'); // a GC pause, a frozen VM: the owner cannot renew
    const other = nodes.find((n) => n !== first.node)!;
    const second = await other.next(started);
    const newToken = second.token as number;
    expect(newToken).toBeGreaterThan(oldToken);
    await other.ask('fencedWrite', { name: 'counter', token: newToken, value: { n: 2 } });

    const stopped = first.node.next(
      (r) => r.event === 'log' && String(r.msg).startsWith('singleton stopped here'),
    );
    first.node.signal('SIGCONT');
    // Woken up, the old owner still holds its old token: its write is refused in Redis...
    await expect(
      first.node.ask('fencedWrite', { name: 'counter', token: oldToken, value: { n: 99 } }),
    ).rejects.toMatchObject({
      code: 'ERR_STALE_TOKEN',
    });
    // ...and it stops its child, as its lease ran out on its own clock.
    await stopped;
    const shared = new FencedValue<{ n: number }>(observer.cluster!, 'counter');
    expect(await shared.read()).toEqual({ value: { n: 2 }, token: newToken });
  }, 60_000);
});
