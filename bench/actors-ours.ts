import { performance } from 'node:perf_hooks';
import { ActorSystem, type Behaviour, type Pid } from '../actors/index.js';
import { deferred, fullGc, type LoopGap, startLoopGapProbe } from './actors-loop-gap.js';

/**
 * The four liveactor scenarios of the issue. Each measuring function does one run and returns
 * its figure (a rate per second, or bytes); setup that is not part of the question (spawning the
 * fan-out's receivers, say) happens outside the timed part.
 *
 * @example
 * const bench = new OurActors();
 * const rate = await bench.pingPong(300_000);
 * await bench.shutdown();
 */
export class OurActors {
  #system = new ActorSystem();
  /** The largest event-loop gaps of each ping-pong run, in run order. */
  readonly gaps: LoopGap[] = [];

  /** Two processes send a message back and forth `roundTrips` times; returns round trips/s. */
  async pingPong(roundTrips: number): Promise<number> {
    const system = this.#system;
    const done = deferred();
    const ponger = system.spawn(pongBehaviour, undefined);
    const pinger = system.spawn(pingBehaviour, { ponger, left: roundTrips, done: done.resolve });
    await system.ready(pinger);
    const stopProbe = startLoopGapProbe();
    const started = performance.now();
    system.send(pinger, 'pong');
    await done.promise;
    const elapsed = performance.now() - started;
    this.gaps.push(stopProbe());
    system.exit(pinger, 'kill');
    system.exit(ponger, 'kill');
    return (roundTrips / elapsed) * 1000;
  }

  #receivers: Pid[] = [];
  readonly #fanOut = { received: 0, total: 0, done: (): void => {} };

  /** Spawns the fan-out's receivers (not timed). */
  async prepareFanOut(processes: number): Promise<void> {
    const counter = this.#fanOut;
    const receiver: Behaviour<number, number, never, unknown, never, string> = {
      handleInfo(_msg, n) {
        if (++counter.received === counter.total) counter.done();
        return n + 1;
      },
    };
    this.#receivers = Array.from({ length: processes }, () => this.#system.spawn(receiver, 0));
    await this.#system.idle();
  }

  /** Sends one message to every receiver, `rounds` times, each round awaited; returns msgs/s. */
  async fanOut(rounds: number): Promise<number> {
    const system = this.#system;
    const pids = this.#receivers;
    const counter = this.#fanOut;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      const done = deferred();
      counter.received = 0;
      counter.total = pids.length;
      counter.done = done.resolve;
      for (let i = 0; i < pids.length; i++) system.send(pids[i]!, 'tick');
      await done.promise;
    }
    const elapsed = performance.now() - started;
    return ((rounds * pids.length) / elapsed) * 1000;
  }

  /** Heap bytes per idle process: `count` processes whose behaviour is only an init. */
  async heapPerProcess(count: number): Promise<number> {
    await this.shutdown();
    const system = this.#system;
    fullGc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < count; i++) system.spawn(idleBehaviour, undefined);
    await system.idle();
    fullGc();
    const after = process.memoryUsage().heapUsed;
    await this.shutdown();
    return (after - before) / count;
  }

  /** Spawns processes that stop in init, in batches, each batch awaited; returns spawn+exit/s. */
  async spawnExit(total: number, batch: number): Promise<number> {
    const system = this.#system;
    const started = performance.now();
    for (let done = 0; done < total; done += batch) {
      for (let i = 0; i < batch; i++) system.spawn(stopBehaviour, undefined);
      await system.idle();
    }
    const elapsed = performance.now() - started;
    return (total / elapsed) * 1000;
  }

  /** Checks (outside any timing) that `spawnExit`'s processes really exit 'normal'. */
  async checkSpawnExit(): Promise<void> {
    const system = this.#system;
    let normal = 0;
    const onExit = (e: { reason: unknown }): void => {
      if (e.reason === 'normal') normal++;
    };
    system.on('exit', onExit);
    const pid = system.spawn(stopBehaviour, undefined);
    await system.idle();
    system.off('exit', onExit);
    if (normal !== 1 || system.isAlive(pid)) {
      throw new Error('spawn+exit: the process did not exit normally; the figure would be wrong');
    }
  }

  /** Ends every process and starts a fresh system for the next scenario. */
  async shutdown(): Promise<void> {
    await this.#system.shutdown();
    this.#system = new ActorSystem();
    this.#receivers = [];
  }
}

interface PingState {
  ponger: Pid;
  left: number;
  done: () => void;
}

/** Answers every ping (whose payload is the sender's pid) with 'pong'. */
const pongBehaviour: Behaviour<undefined, undefined, never, unknown, never, Pid> = {
  handleInfo(from, state, ctx) {
    ctx.system.send(from, 'pong');
    return state;
  },
};

/** Sends a ping for each pong until `left` runs out. Allocates nothing per message. */
const pingBehaviour: Behaviour<PingState, PingState, never, unknown, never, 'pong'> = {
  handleInfo(_pong, state, ctx) {
    if (state.left-- === 0) state.done();
    else ctx.system.send(state.ponger, ctx.self);
    return state;
  },
};

/** An idle process: init returns a small state and nothing else ever happens. */
const idleBehaviour: Behaviour<{ n: number }, undefined> = {
  init: () => ({ n: 0 }),
};

/** Exits 'normal' as soon as init returns. */
const stopBehaviour: Behaviour<number, undefined> = {
  init(_arg, ctx) {
    ctx.stop();
    return 0;
  },
};
