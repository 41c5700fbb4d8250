import { describe, expect, it, onTestFinished } from 'vitest';
import {
  ActorSystem,
  type Pid,
  Presence,
  type PresenceDiff,
  PubSub,
  RedisPubSubAdapter,
} from '../../actors/index.js';
import { ClusterNode, localNode, type NodeReport } from '../support/cluster-node.js';

import { probe } from '../support/probe.js';
import { startRedis } from '../support/redis-server.js';

const diffOn = (pid: Pid) => (r: NodeReport) =>
  r.pid === pid && (r.msg as PresenceDiff)?.type === 'presence_diff';
const keys = (list: object) => Object.keys(list).sort();

describe('presence across nodes', () => {
  it('shows joins and leaves on every node, untracks exited processes and a down node, and converges', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const a = await localNode(redis.url, 'a');
    const pubsub = new PubSub(a, { adapter: new RedisPubSubAdapter(a) });
    const presence = new Presence(a, { pubsub });
    await presence.ready();
    const watcher = probe(a);
    pubsub.subscribe(watcher.pid, 'room');

    const b = await ClusterNode.start(redis.url, 'b');
    onTestFinished(() => b.stop());
    const [bWatcher, bUser] = (await b.ask<Pid[]>('spawnMany', { count: 2 })) as [Pid, Pid];
    await b.ask('subscribe', { pids: [bWatcher], topic: 'room' });

    // A process of b joins: a sees it.
    await b.ask('track', { pid: bUser, topic: 'room', key: 'user:1', meta: { device: 'phone' } });
    const join = await watcher.next<PresenceDiff>();
    expect(join).toMatchObject({
      type: 'presence_diff',
      topic: 'room',
      joins: { 'user:1': { metas: [{ device: 'phone' }] } },
      leaves: {},
    });
    expect(((await b.next(diffOn(bWatcher))).msg as PresenceDiff).joins).toHaveProperty('user:1');
    expect(presence.list('room')['user:1']?.metas).toEqual([
      expect.objectContaining({ device: 'phone', phx_ref: expect.any(String) }),
    ]);

    // A process of a joins: b sees it, and both lists agree.
    const here = probe(a);
    presence.track(here.pid, 'room', 'user:2', { device: 'laptop' });
    expect((await watcher.next<PresenceDiff>()).joins).toHaveProperty('user:2');
    expect(((await b.next(diffOn(bWatcher))).msg as PresenceDiff).joins).toHaveProperty('user:2');
    expect(keys(await b.ask('list', { topic: 'room' }))).toEqual(['user:1', 'user:2']);
    expect(keys(presence.list('room'))).toEqual(['user:1', 'user:2']);
    expect(await b.ask('list', { topic: 'room' })).toEqual(presence.list('room'));

    // The process of a exits: it is untracked, on both nodes.
    a.exit(here.pid, 'kill');
    expect((await watcher.next<PresenceDiff>()).leaves).toHaveProperty('user:2');
    expect(((await b.next(diffOn(bWatcher))).msg as PresenceDiff).leaves).toHaveProperty('user:2');

    // b dies: its entries leave a's list within the down timeout.
    await b.kill();
    const leave = await watcher.next<PresenceDiff>();
    expect(leave.leaves).toHaveProperty('user:1');
    expect(presence.list('room')).toEqual({});
  }, 30_000);

  it('converges again after Redis lost everything in a restart', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const a = await localNode(redis.url, 'a');
    const pubsub = new PubSub(a, { adapter: new RedisPubSubAdapter(a) });
    const presence = new Presence(a, { pubsub });
    await presence.ready();
    const b = await ClusterNode.start(redis.url, 'b');
    onTestFinished(() => b.stop());
    const [bUser] = (await b.ask<Pid[]>('spawnMany', { count: 1 })) as [Pid];
    await b.ask('track', { pid: bUser, topic: 'hall', key: 'from-b' });
    const here = probe(a);
    presence.track(here.pid, 'hall', 'from-a');

    await redis.stop({ hard: true });
    const resyncedHere = new Promise<void>((resolve) => a.cluster!.once('resync', resolve));
    const resyncedThere = b.next((r) => r.event === 'resync');
    await redis.start(); // empty: every node writes its own entries back
    await Promise.all([resyncedHere, resyncedThere]);
    // A node that joins now knows only what Redis holds.
    const c = await ClusterNode.start(redis.url, 'c');
    onTestFinished(() => c.stop());
    expect(keys(await c.ask('list', { topic: 'hall' }))).toEqual(['from-a', 'from-b']);
    // What b wrote back reaches a before a message b sends after it (Redis keeps one
    // connection's order), and the other way round.
    await b.ask('send', { to: here.pid, msgs: ['sync'] });
    expect(await here.next()).toBe('sync');
    expect(keys(presence.list('hall'))).toEqual(['from-a', 'from-b']);
    a.send(bUser, 'sync');
    await b.next((r) => r.pid === bUser && r.msg === 'sync');
    expect(keys(await b.ask('list', { topic: 'hall' }))).toEqual(['from-a', 'from-b']);
  }, 30_000);

  it('works on one node without a cluster', async () => {
    const system = new ActorSystem({ logger: false });
    onTestFinished(() => system.shutdown());
    const pubsub = new PubSub(system);
    const presence = new Presence(system, { pubsub });
    await presence.ready();
    const watcher = probe(system);
    pubsub.subscribe(watcher.pid, 'lobby');
    const user = probe(system);
    presence.track(user.pid, 'lobby', 'ann', { away: false });
    expect((await watcher.next<PresenceDiff>()).joins).toEqual({
      ann: { metas: [expect.objectContaining({ away: false })] },
    });
    presence.untrack(user.pid, 'lobby', 'ann');
    expect((await watcher.next<PresenceDiff>()).leaves).toHaveProperty('ann');
    expect(presence.list('lobby')).toEqual({});
  });
});
