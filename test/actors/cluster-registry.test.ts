import { describe, expect, it, onTestFinished } from 'vitest';
import type { ActorSystem, Pid } from '../../actors/index.js';
import { ClusterNode, localNode, type NodeReport, nodesPerFile } from '../support/cluster-node.js';
import { probe } from '../support/probe.js';

const env = nodesPerFile('b');
const b = (): ClusterNode => env.nodes[0]!;

const nodeA = (): Promise<ActorSystem> => localNode(env.redis.url, 'a');

/**
 * Redis delivers what one connection publishes in order, on every channel: once a message sent
 * after a registration reached b, so has the registration's event.
 */
async function syncWithB(a: ActorSystem): Promise<void> {
  const pid = await b().ask<Pid>('spawn');
  a.send(pid, 'sync');
  await b().next((r: NodeReport) => r.pid === pid);
}

describe('the global registry', () => {
  it('resolves a name on every node, refuses it to a second process, and frees it when the process exits', async () => {
    const a = await nodeA();
    const svc = a.spawn(
      { handleCall: (m: string, _f: unknown, s: null) => ({ reply: `svc:${m}`, state: s }) },
      null,
    );
    await a.registerGlobal('svc', svc);
    expect(a.whereis('svc')).toBe(svc);
    await syncWithB(a);
    expect(await b().ask('whereis', { name: 'svc' })).toBe(svc);
    expect(await b().ask('call', { to: 'svc', msg: 'hi', timeout: 5_000 })).toBe('svc:hi');
    const rival = await b().ask<Pid>('spawn');
    await expect(b().ask('registerGlobal', { name: 'svc', pid: rival })).rejects.toMatchObject({
      code: 'ERR_NAME_TAKEN',
    });
    a.exit(svc, 'kill');
    // The exit frees the name in Redis first and announces it after, so a message sent at once
    // may overtake the announcement: sync again until b has heard it (or give up and fail).
    for (let i = 0; i < 50 && (await b().ask('whereis', { name: 'svc' })) !== null; i++) {
      await syncWithB(a);
    }
    expect(await b().ask('whereis', { name: 'svc' })).toBe(null);
    expect(await a.cluster!.whereisGlobal('svc')).toBeUndefined();
    await b().ask('registerGlobal', { name: 'svc', pid: rival });
    expect(await a.cluster!.whereisGlobal('svc')).toBe(rival);
  });

  it('frees the names of a node that goes down', async () => {
    const a = await nodeA();
    const doomed = await ClusterNode.start(env.redis.url, 'doomed');
    onTestFinished(() => doomed.stop());
    const pid = await doomed.ask<Pid>('spawn');
    await doomed.ask('registerGlobal', { name: 'doomed-svc', pid });
    expect(await a.cluster!.whereisGlobal('doomed-svc')).toBe(pid);
    const down = new Promise((resolve) => a.cluster!.once('nodedown', resolve));
    await doomed.kill();
    await down;
    expect(a.whereis('doomed-svc')).toBeUndefined();
    expect(await a.cluster!.whereisGlobal('doomed-svc')).toBeUndefined();
  }, 30_000);

  it('resolves a conflict after Redis lost its data: the older registration wins and the loser is told', async () => {
    const a = await nodeA();
    const holder = await ClusterNode.start(env.redis.url, 'holder');
    onTestFinished(() => holder.stop());
    const older = await holder.ask<Pid>('spawn');
    await holder.ask('registerGlobal', { name: 'x', pid: older });
    holder.signal('SIGSTOP');
    await a.cluster!.internals.redis.commands.sendCommand(['FLUSHALL']);
    const newer = probe(a);
    await a.registerGlobal('x', newer.pid); // free, as far as Redis now knows
    holder.signal('SIGCONT');
    // The holder writes its name back on its next heartbeat, and wins: its registration is older.
    expect(await newer.next()).toEqual({ type: 'GLOBAL_NAME_CONFLICT', name: 'x', winner: older });
    expect(await a.cluster!.whereisGlobal('x')).toBe(older);
    expect(a.whereis('x')).toBe(older);
  }, 30_000);
});
