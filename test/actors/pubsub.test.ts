import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageNotCloneableError } from '../../actors/errors.js';
import type { Pid } from '../../actors/pid.js';
import { LocalAdapter, PubSub } from '../../actors/pubsub.js';
import type { PubSubAdapter, PubSubDispatch } from '../../actors/pubsub-adapter.js';
import { ActorSystem } from '../../actors/system.js';
import { probe } from '../support/probe.js';

const idle = { handleInfo: (_msg: unknown, state: null) => state };

/** An adapter that records what PubSub hands it and lets a test play "another thread". */
class RecordingAdapter implements PubSubAdapter {
  dispatch: PubSubDispatch | undefined;
  readonly published: Array<[string, unknown, Pid | undefined]> = [];
  closed = 0;
  start(dispatch: PubSubDispatch): void {
    this.dispatch = dispatch;
  }
  publish(topic: string, msg: unknown, from: Pid | undefined): void {
    this.published.push([topic, msg, from]);
  }
  close(): void {
    this.closed++;
  }
}

describe('PubSub (local adapter)', () => {
  let system: ActorSystem;
  let pubsub: PubSub;
  beforeEach(() => {
    system = new ActorSystem();
    pubsub = new PubSub(system);
  });
  afterEach(() => system.shutdown());

  it("delivers a broadcast to every subscriber's handleInfo, and only to subscribers of that topic", async () => {
    const a = probe(system);
    const b = probe(system);
    const other = probe(system);
    pubsub.subscribe(a.pid, 'room:1');
    pubsub.subscribe(b.pid, 'room:1');
    pubsub.subscribe(other.pid, 'room:2');
    pubsub.broadcast('room:1', { text: 'hi' });
    pubsub.broadcast('room:2', 'fence');
    expect(await a.next()).toEqual({ text: 'hi' });
    expect(await b.next()).toEqual({ text: 'hi' });
    expect(await other.next()).toBe('fence');
  });

  it('subscribing twice delivers once', async () => {
    const a = probe(system);
    pubsub.subscribe(a.pid, 't');
    pubsub.subscribe(a.pid, 't');
    expect(pubsub.subscribers('t')).toEqual([a.pid]);
    pubsub.broadcast('t', 1);
    pubsub.broadcast('t', 2);
    expect(await a.next()).toBe(1);
    expect(await a.next()).toBe(2); // a duplicate subscription would have delivered 1 again
  });

  it('unsubscribe stops delivery on that topic only', async () => {
    const a = probe(system);
    pubsub.subscribe(a.pid, 't');
    pubsub.subscribe(a.pid, 'u');
    pubsub.unsubscribe(a.pid, 't');
    pubsub.unsubscribe(a.pid, 'never-subscribed');
    pubsub.broadcast('t', 'dropped');
    pubsub.broadcast('u', 'kept');
    expect(await a.next()).toBe('kept');
    expect(pubsub.subscribers('t')).toEqual([]);
    expect(pubsub.topicCount).toBe(1);
  });

  it('broadcastFrom skips the sender', async () => {
    const sender = probe(system);
    const peer = probe(system);
    pubsub.subscribe(sender.pid, 't');
    pubsub.subscribe(peer.pid, 't');
    pubsub.broadcastFrom(sender.pid, 't', 'from sender');
    pubsub.broadcast('t', 'fence');
    expect(await peer.next()).toBe('from sender');
    expect(await sender.next()).toBe('fence');
  });

  it('localBroadcast delivers in this thread without asking the adapter', async () => {
    const adapter = new RecordingAdapter();
    pubsub = new PubSub(system, { adapter });
    const a = probe(system);
    pubsub.subscribe(a.pid, 't');
    pubsub.localBroadcast('t', 'local');
    expect(await a.next()).toBe('local');
    expect(adapter.published).toEqual([]);
    pubsub.broadcast('t', 'both');
    expect(adapter.published).toEqual([['t', 'both', undefined]]);
  });

  it('delivers what the adapter dispatches from elsewhere, skipping its from pid', async () => {
    const adapter = new RecordingAdapter();
    pubsub = new PubSub(system, { adapter });
    const a = probe(system);
    const b = probe(system);
    pubsub.subscribe(a.pid, 't');
    pubsub.subscribe(b.pid, 't');
    adapter.dispatch?.('t', 'remote', b.pid);
    adapter.dispatch?.('t', 'remote 2', undefined);
    expect(await a.next()).toBe('remote');
    expect(await b.next()).toBe('remote 2');
  });

  it('unsubscribes a process when it dies: after 1,000 subscribers die the maps are empty', async () => {
    const pids = Array.from({ length: 1_000 }, () => system.spawn(idle, null));
    for (const [i, pid] of pids.entries()) {
      pubsub.subscribe(pid, 'all');
      pubsub.subscribe(pid, `own:${i}`);
    }
    expect(pubsub.subscribers('all')).toHaveLength(1_000);
    expect(pubsub.topicCount).toBe(1_001);
    expect(pubsub.subscriberCount).toBe(1_000);
    for (const pid of pids) system.exit(pid, 'kill');
    await Promise.all(pids.map((pid) => system.exited(pid)));
    expect(pubsub.subscribers('all')).toEqual([]);
    expect(pubsub.topicCount).toBe(0);
    expect(pubsub.subscriberCount).toBe(0);
  });

  it('ignores a subscription for a process that is already dead', async () => {
    const pid = system.spawn(idle, null);
    system.exit(pid, 'kill');
    await system.exited(pid);
    pubsub.subscribe(pid, 't');
    expect(pubsub.subscriberCount).toBe(0);
  });

  it.each([
    ['a function', { onClick: () => 1 }],
    ['a symbol', { kind: Symbol('x') }],
  ])('refuses a message holding %s at the sender and delivers it to nobody', async (_what, msg) => {
    const a = probe(system);
    pubsub.subscribe(a.pid, 't');
    expect(() => pubsub.broadcast('t', msg)).toThrow(MessageNotCloneableError);
    expect(() => pubsub.broadcastFrom(a.pid, 't', msg)).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_CLONEABLE', topic: 't' }),
    );
    pubsub.broadcast('t', 'fence');
    expect(await a.next()).toBe('fence');
  });

  it('skips the clone check when the local adapter is told to', async () => {
    pubsub = new PubSub(system, { adapter: new LocalAdapter({ checkCloneable: false }) });
    const a = probe(system);
    pubsub.subscribe(a.pid, 't');
    const fn = () => 1;
    pubsub.broadcast('t', fn);
    expect(await a.next()).toBe(fn);
  });

  it('closes its adapter and lets go of the system on shutdown', async () => {
    pubsub.close(); // the one from beforeEach: now only the PubSub below listens
    expect(system.listenerCount('exit')).toBe(0);
    const adapter = new RecordingAdapter();
    pubsub = new PubSub(system, { adapter });
    pubsub.subscribe(probe(system).pid, 't');
    expect(system.listenerCount('exit')).toBe(1);
    expect(system.listenerCount('shutdown')).toBe(1);
    await system.shutdown();
    expect(adapter.closed).toBe(1);
    expect(system.listenerCount('exit')).toBe(0);
    expect(system.listenerCount('shutdown')).toBe(0);
    expect(pubsub.topicCount).toBe(0);
    pubsub.close(); // idempotent
    expect(adapter.closed).toBe(1);
    expect(() => pubsub.broadcast('t', 1)).toThrow(TypeError);
  });

  it('keeps subscribers(topic) equal to a model under any sequence of subscribe/unsubscribe', () => {
    const pids = [probe(system).pid, probe(system).pid, probe(system).pid];
    const op = fc.record({
      sub: fc.boolean(),
      pid: fc.integer({ min: 0, max: 2 }),
      topic: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const ps = new PubSub(system);
        const model = new Map<string, Set<Pid>>();
        for (const { sub, pid, topic } of ops) {
          const set = model.get(topic) ?? new Set<Pid>();
          if (sub) {
            ps.subscribe(pids[pid]!, topic);
            set.add(pids[pid]!);
          } else {
            ps.unsubscribe(pids[pid]!, topic);
            set.delete(pids[pid]!);
          }
          model.set(topic, set);
        }
        for (const topic of ['a', 'b', 'c']) {
          expect(new Set(ps.subscribers(topic))).toEqual(model.get(topic) ?? new Set());
        }
        const nonEmpty = [...model.values()].filter((s) => s.size > 0).length;
        expect(ps.topicCount).toBe(nonEmpty);
        ps.close();
      }),
    );
  });
});
