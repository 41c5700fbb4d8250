import { describe, expect, it, onTestFinished } from 'vitest';
import type { ActorSystem, Pid } from '../../actors/index.js';
import { ClusterNode, localNode, type NodeReport, nodesPerFile } from '../support/cluster-node.js';
import { probe } from '../support/probe.js';

const env = nodesPerFile('b');
const b = (): ClusterNode => env.nodes[0]!;

const nodeA = (): Promise<ActorSystem> => localNode(env.redis.url, 'a');

const from = (pid: Pid) => (r: NodeReport) => r.pid === pid;

describe('pids of another node', () => {
  it('take send, cast and call, in order', async () => {
    const a = await nodeA();
    const remote = await b().ask<Pid>('spawn');
    a.send(remote, 'one');
    a.cast(remote, 'two');
    a.send(remote, { three: [3, new Map([[1, 2]])] });
    expect(await a.call(remote, 'ping')).toEqual({ node: b().id, msg: 'ping' });
    expect((await b().next(from(remote))).msg).toBe('one');
    expect(await b().next(from(remote))).toMatchObject({ event: 'cast', msg: 'two' });
    expect((await b().next(from(remote))).msg).toEqual({ three: [3, new Map([[1, 2]])] });
    // And the other way: b calls a process of this node.
    const here = a.spawn(
      { handleCall: (m: string, _f: unknown, s: null) => ({ reply: `${m}!`, state: s }) },
      null,
    );
    expect(await b().ask('call', { to: here, msg: 'hey', timeout: 5_000 })).toBe('hey!');
  });

  it('time out a call, reject a call to a dead pid, and refuse an uncloneable message', async () => {
    const a = await nodeA();
    const remote = await b().ask<Pid>('spawn');
    await expect(a.call(remote, 'slow', { timeout: 100 })).rejects.toMatchObject({
      code: 'ERR_CALL_TIMEOUT',
    });
    await b().ask('exit', { pid: remote, reason: 'kill' });
    await expect(a.call(remote, 'ping')).rejects.toMatchObject({
      code: 'ERR_PROCESS_EXITED',
      reason: 'noproc',
    });
    expect(() => a.send(remote, () => 1)).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_CLONEABLE' }),
    );
  });

  it('monitor: DOWN with the real reason, and noproc for a pid already dead', async () => {
    const a = await nodeA();
    const watcher = probe(a);
    const remote = await b().ask<Pid>('spawn');
    const ref = a.monitor(watcher.pid, remote);
    // The monitor is in place once a call made after it has been answered (same inbox, in order).
    await a.call(remote, 'sync');
    await b().ask('exit', { pid: remote, reason: 'shutdown' });
    expect(await watcher.next()).toEqual({ type: 'DOWN', ref, pid: remote, reason: 'shutdown' });
    const again = a.monitor(watcher.pid, remote);
    expect(await watcher.next()).toEqual({
      type: 'DOWN',
      ref: again,
      pid: remote,
      reason: 'noproc',
    });
    // Demonitor: no DOWN comes after it.
    const other = await b().ask<Pid>('spawn');
    const ref3 = a.monitor(watcher.pid, other);
    a.demonitor(ref3);
    const ref4 = a.monitor(watcher.pid, other);
    await a.call(other, 'sync');
    await b().ask('exit', { pid: other, reason: 'bye' });
    expect(await watcher.next()).toEqual({ type: 'DOWN', ref: ref4, pid: other, reason: 'bye' });
  });

  it('link: exit signals cross both ways, noproc for a dead pid, and a remote process can monitor a local one', async () => {
    const a = await nodeA();
    const trapper = probe(a, { trapExit: true });
    const remote = await b().ask<Pid>('spawn');
    a.link(trapper.pid, remote);
    await a.call(remote, 'sync');
    await b().ask('exit', { pid: remote, reason: 'boom' });
    expect(await trapper.next()).toEqual({ type: 'EXIT', from: remote, reason: 'boom' });
    a.link(trapper.pid, remote);
    expect(await trapper.next()).toEqual({ type: 'EXIT', from: remote, reason: 'noproc' });

    // A remote trapping process linked to a local one that crashes.
    const remoteTrapper = await b().ask<Pid>('spawn', { trap: true });
    const local = a.spawn(
      {
        handleCast: () => {
          throw new Error('local crash');
        },
      },
      null,
    );
    a.link(local, remoteTrapper);
    const watcherThere = await b().ask<Pid>('spawn');
    const ref = await b().ask<string>('monitor', { watcher: watcherThere, target: local });
    await a.call(remoteTrapper, 'sync');
    a.cast(local, 'go');
    const exit = await b().next((r) => r.pid === remoteTrapper);
    expect(exit.msg).toMatchObject({
      type: 'EXIT',
      from: local,
      reason: { error: expect.objectContaining({ message: 'local crash' }) },
    });
    const down = await b().next((r) => r.pid === watcherThere);
    expect(down.msg).toMatchObject({ type: 'DOWN', ref, pid: local });
  });
});

describe('a node that dies (SIGKILL)', () => {
  it("fires monitors and links with 'noconnection' and rejects its pending calls", async () => {
    const a = await nodeA();
    const doomed = await ClusterNode.start(env.redis.url, 'doomed');
    onTestFinished(() => doomed.stop());
    const remote = await doomed.ask<Pid>('spawn');
    const watcher = probe(a);
    const trapper = probe(a, { trapExit: true });
    const ref = a.monitor(watcher.pid, remote);
    a.link(trapper.pid, remote);
    await a.call(remote, 'sync');
    const pending = a.call(remote, 'slow', { timeout: 60_000 }).catch((e: unknown) => e);
    const down = new Promise((resolve) => a.cluster!.once('nodedown', resolve));
    await doomed.kill();
    expect(await down).toBe(doomed.id);
    expect(await watcher.next()).toEqual({
      type: 'DOWN',
      ref,
      pid: remote,
      reason: 'noconnection',
    });
    expect(await trapper.next()).toEqual({ type: 'EXIT', from: remote, reason: 'noconnection' });
    expect(await pending).toMatchObject({ code: 'ERR_PROCESS_EXITED', reason: 'noconnection' });
    // Every node learns it: b does too.
    await b().ask('nodeDown', { node: doomed.id });
    expect(await b().ask<string[]>('nodes')).not.toContain(doomed.id);
    // A monitor of a pid of a node that is down fires at once.
    const late = a.monitor(watcher.pid, remote);
    expect(await watcher.next()).toEqual({
      type: 'DOWN',
      ref: late,
      pid: remote,
      reason: 'noconnection',
    });
  }, 30_000);
});
