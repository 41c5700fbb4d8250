/**
 * The baselines of actors.bench.ts, each doing the same work as its liveactor scenario: the
 * hand-written mailbox runtime, eventemitter3 (synchronous calls, no queue at all) and nact
 * (every message is handled in its own `setImmediate`, by design).
 *
 * Each function does one run and returns its figure; sizes and repetitions are the caller's.
 */
import { performance } from 'node:perf_hooks';
import { EventEmitter } from 'eventemitter3';
import { dispatch, type Ref, spawn, start, stop } from 'nact';
import { type HandMailbox, HandRuntime } from './actors-hand-mailbox.js';
import { deferred, fullGc, type LoopGap, nextTurn, startLoopGapProbe } from './actors-loop-gap.js';

/**
 * The largest event-loop gaps of each hand-written ping-pong run, in run order.
 *
 * @example
 * await handPingPong(1_000);
 * handGaps.at(-1); // { wallMs, cpuMs } of that run
 */
export const handGaps: LoopGap[] = [];

/**
 * Ping-pong between two hand-written mailboxes; returns round trips/s.
 *
 * @example
 * const perSecond = await handPingPong(1_000_000);
 */
export async function handPingPong(roundTrips: number): Promise<number> {
  const rt = new HandRuntime();
  const done = deferred();
  let left = roundTrips;
  const ponger = rt.spawn(
    (from, state, _self, r) => {
      r.send(from as string, 'pong');
      return state;
    },
    () => 0,
  );
  const pinger = rt.spawn(
    (_pong, state, self, r) => {
      if (left-- === 0) done.resolve();
      else r.send(ponger, self.id);
      return state;
    },
    () => 0,
  );
  await rt.idle();
  const stopProbe = startLoopGapProbe();
  const started = performance.now();
  rt.send(pinger, 'pong');
  await done.promise;
  const elapsed = performance.now() - started;
  handGaps.push(stopProbe());
  return (roundTrips / elapsed) * 1000;
}

/**
 * Ping-pong as two eventemitter3 emits per round trip (a synchronous call each); round trips/s.
 *
 * @example
 * const perSecond = emitterPingPong(3_000_000);
 */
export function emitterPingPong(roundTrips: number): number {
  const a = new EventEmitter();
  const b = new EventEmitter();
  let pongs = 0;
  a.on('ping', () => b.emit('pong'));
  b.on('pong', () => {
    pongs++;
  });
  const started = performance.now();
  for (let i = 0; i < roundTrips; i++) a.emit('ping');
  const elapsed = performance.now() - started;
  if (pongs !== roundTrips) throw new Error('eventemitter3 ping-pong lost a message');
  return (roundTrips / elapsed) * 1000;
}

/**
 * Ping-pong between two nact actors with `dispatch`; returns round trips/s.
 *
 * @example
 * const perSecond = await nactPingPong(100_000);
 */
export async function nactPingPong(roundTrips: number): Promise<number> {
  const system = start();
  const done = deferred();
  type Ping = { from: Ref<'pong'> };
  const ponger = spawn(system, (state: number, msg: Ping) => {
    dispatch(msg.from, 'pong');
    return state;
  });
  let left = roundTrips;
  const pinger = spawn(
    system,
    (state: number, _msg: 'pong', ctx) => {
      if (left-- === 0) done.resolve();
      else dispatch(ponger, { from: ctx.self });
      return state;
    },
    undefined,
    { initialState: 0 },
  );
  const started = performance.now();
  dispatch(pinger, 'pong');
  await done.promise;
  const elapsed = performance.now() - started;
  stop(system);
  return (roundTrips / elapsed) * 1000;
}

/**
 * Fan-out over hand-written mailboxes: `processes` mailboxes get one message each per round,
 * each round awaited; msgs/s. Setup (spawning) is not timed.
 *
 * @example
 * const msgsPerSecond = await handFanOut(10_000, 200);
 */
export async function handFanOut(processes: number, rounds: number): Promise<number> {
  const rt = new HandRuntime();
  const counter = { received: 0, total: processes, done: (): void => {} };
  const ids = Array.from({ length: processes }, () =>
    rt.spawn(
      (_msg, n) => {
        if (++counter.received === counter.total) counter.done();
        return (n as number) + 1;
      },
      () => 0,
    ),
  );
  await rt.idle();
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    const done = deferred();
    counter.received = 0;
    counter.done = done.resolve;
    for (let i = 0; i < ids.length; i++) rt.send(ids[i]!, 'tick');
    await done.promise;
  }
  const elapsed = performance.now() - started;
  return ((rounds * processes) / elapsed) * 1000;
}

/**
 * Fan-out as one emit on each of `processes` eventemitter3 emitters (one listener each, with
 * its own counter), per round; msgs/s.
 *
 * @example
 * const msgsPerSecond = emitterFanOut(10_000, 1_000);
 */
export function emitterFanOut(processes: number, rounds: number): number {
  const states = new Array<number>(processes).fill(0);
  const emitters = states.map((_, i) => {
    const e = new EventEmitter();
    e.on('tick', () => {
      states[i]!++;
    });
    return e;
  });
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < emitters.length; i++) emitters[i]!.emit('tick');
  }
  const elapsed = performance.now() - started;
  return ((rounds * processes) / elapsed) * 1000;
}

/**
 * Heap bytes per hand-written mailbox holding the same small state, table entry included.
 *
 * @example
 * const bytes = await handHeapPerProcess(100_000);
 */
export async function handHeapPerProcess(count: number): Promise<number> {
  let rt: HandRuntime | undefined = new HandRuntime();
  fullGc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) rt.spawn(ignore, smallState);
  await rt.idle();
  fullGc();
  const after = process.memoryUsage().heapUsed;
  if (rt.table.size !== count) throw new Error('hand heap: mailboxes went missing');
  rt = undefined;
  return (after - before) / count;
}

/**
 * Hand-written spawn + exit (init removes the mailbox from the table), in awaited batches; per s.
 *
 * @example
 * const perSecond = await handSpawnExit(500_000, 10_000);
 */
export async function handSpawnExit(total: number, batch: number): Promise<number> {
  const rt = new HandRuntime();
  const started = performance.now();
  for (let done = 0; done < total; done += batch) {
    for (let i = 0; i < batch; i++) {
      rt.spawn(ignore, exitAtOnce);
    }
    await rt.idle();
  }
  const elapsed = performance.now() - started;
  if (rt.table.size !== 0) throw new Error('hand spawn+exit: mailboxes did not exit');
  return (total / elapsed) * 1000;
}

/**
 * nact spawn + stop, in batches, each batch followed by one turn of the event loop (nact runs
 * `afterStop` in a setImmediate). nact's stop is synchronous and has no init to wait for.
 *
 * @example
 * const perSecond = await nactSpawnStop(100_000, 10_000);
 */
export async function nactSpawnStop(total: number, batch: number): Promise<number> {
  const system = start();
  const actor = (state: number): number => state;
  const started = performance.now();
  for (let done = 0; done < total; done += batch) {
    for (let i = 0; i < batch; i++) stop(spawn(system, actor, undefined, { initialState: 0 }));
    await nextTurn();
  }
  const elapsed = performance.now() - started;
  stop(system);
  return (total / elapsed) * 1000;
}

function ignore(_msg: unknown, state: unknown): unknown {
  return state;
}

function smallState(): { n: number } {
  return { n: 0 };
}

function exitAtOnce(self: HandMailbox, rt: HandRuntime): number {
  rt.exit(self);
  return 0;
}
