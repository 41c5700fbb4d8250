import { describe, expect, it } from 'vitest';
import { type Pid, PubSub, RedisPubSubAdapter } from '../../actors/index.js';
import { type ClusterNode, localNode, nodesPerFile } from '../support/cluster-node.js';
import { probe } from '../support/probe.js';

const env = nodesPerFile('b', 'c');
const b = (): ClusterNode => env.nodes[0]!;
const c = (): ClusterNode => env.nodes[1]!;

/** This process as node "a", with a Redis PubSub. */
async function nodeA() {
  const system = await localNode(env.redis.url, 'a');
  const pubsub = new PubSub(system, { adapter: new RedisPubSubAdapter(system) });
  return { system, pubsub };
}

async function subscribers(node: ClusterNode, topic: string, count: number): Promise<Pid[]> {
  const pids = await node.ask<Pid[]>('spawnMany', { count });
  await node.ask('subscribe', { pids, topic });
  return pids;
}

const infoFor = (topic: string) => (r: { event: string; msg?: unknown }) =>
  r.event === 'info' && (r.msg as { topic?: string })?.topic === topic;

describe('PubSub on Redis', () => {
  it('delivers a broadcast once to every subscriber of every node, with one publish', async () => {
    const { system, pubsub } = await nodeA();
    const local = probe(system);
    pubsub.subscribe(local.pid, 'room');
    const onB = await subscribers(b(), 'room', 2);
    const onC = await subscribers(c(), 'room', 3);
    const redisCmd = (args: string[]) => system.cluster!.internals.redis.commands.sendCommand(args);
    // One Redis subscription per node, however many subscribers it has.
    expect(await redisCmd(['PUBSUB', 'NUMSUB', '{liveactor}:topic:room'])).toEqual([
      '{liveactor}:topic:room',
      3,
    ]);
    const publishes = async () =>
      Number(
        /cmdstat_publish:calls=(\d+)/.exec(String(await redisCmd(['INFO', 'commandstats'])))?.[1] ??
          0,
      );
    const before = await publishes();
    pubsub.broadcast('room', { topic: 'room', n: 1 });
    expect(await local.next()).toEqual({ topic: 'room', n: 1 });
    const got: string[] = [];
    for (const [node, pids] of [
      [b(), onB],
      [c(), onC],
    ] as const) {
      for (let i = 0; i < pids.length; i++)
        got.push(String((await node.next(infoFor('room'))).pid));
    }
    expect(got.sort()).toEqual([...onB, ...onC].sort());
    expect(await publishes()).toBe(before + 1);
    // A broadcast from another node reaches this one too; then nothing is left over anywhere.
    await c().ask('broadcast', { topic: 'room', msgs: [{ topic: 'room', n: 2 }] });
    expect(await local.next()).toEqual({ topic: 'room', n: 2 });
    for (const [node, pids] of [
      [b(), onB],
      [c(), onC],
    ] as const) {
      for (let i = 0; i < pids.length; i++) await node.next(infoFor('room'));
    }
    await system.idle();
    expect(local.pending).toEqual([]);
    expect(b().pending.filter(infoFor('room'))).toEqual([]);
    expect(c().pending.filter(infoFor('room'))).toEqual([]);
  });

  it('keeps the order of one publisher to one subscriber', async () => {
    await nodeA();
    await subscribers(b(), 'seq', 1);
    const msgs = Array.from({ length: 200 }, (_, i) => ({ topic: 'seq', i }));
    await c().ask('broadcast', { topic: 'seq', msgs });
    const seen: number[] = [];
    for (let i = 0; i < msgs.length; i++)
      seen.push(((await b().next(infoFor('seq'))).msg as { i: number }).i);
    expect(seen).toEqual(msgs.map((m) => m.i));
  });

  it('refuses an uncloneable message at the sender, and broadcastFrom skips only the sender', async () => {
    const { system, pubsub } = await nodeA();
    expect(() => pubsub.broadcast('room2', { f: () => 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_CLONEABLE' }),
    );
    const sender = probe(system);
    const other = probe(system);
    pubsub.subscribe(sender.pid, 'room2');
    pubsub.subscribe(other.pid, 'room2');
    const [remote] = await subscribers(b(), 'room2', 1);
    pubsub.broadcastFrom(sender.pid, 'room2', { topic: 'room2', from: 'sender' });
    expect(await other.next()).toEqual({ topic: 'room2', from: 'sender' });
    expect((await b().next(infoFor('room2'))).pid).toBe(remote);
    pubsub.broadcast('room2', { topic: 'room2', marker: true });
    expect(await sender.next()).toEqual({ topic: 'room2', marker: true });
  });

  it('keeps localBroadcast on its node', async () => {
    const { system, pubsub } = await nodeA();
    const local = probe(system);
    pubsub.subscribe(local.pid, 'near');
    await subscribers(b(), 'near', 1);
    pubsub.localBroadcast('near', { topic: 'near', local: true });
    pubsub.broadcast('near', { topic: 'near', everywhere: true });
    expect(await local.next()).toEqual({ topic: 'near', local: true });
    expect((await b().next(infoFor('near'))).msg).toEqual({ topic: 'near', everywhere: true });
  });
});
