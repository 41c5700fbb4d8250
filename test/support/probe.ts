import type { Pid } from '../../actors/pid.js';
import type { ActorSystem } from '../../actors/system.js';
import type { SpawnOptions } from '../../actors/system-options.js';

/** A process that records what it receives, for tests to await in order. */
export interface Probe {
  readonly pid: Pid;
  /** Resolves with the next message this probe received (in arrival order), waiting if needed. */
  next<T = unknown>(): Promise<T>;
  /** Messages received and not yet taken by `next()`. */
  readonly pending: readonly unknown[];
}

/**
 * Spawns a probe: every message sent to it (`send`, EXIT, DOWN, TASK_*) is kept in order, and
 * `await probe.next()` takes them one at a time. Pass `{ trapExit: true }` to record EXITs of
 * linked processes instead of dying with them.
 *
 * @example
 * const watcher = probe(system);
 * const ref = system.monitor(watcher.pid, worker);
 * system.exit(worker, 'kill');
 * expect(await watcher.next()).toEqual({ type: 'DOWN', ref, pid: worker, reason: 'killed' });
 */
export function probe(system: ActorSystem, opts?: SpawnOptions): Probe {
  const received: unknown[] = [];
  const waiters: ((msg: unknown) => void)[] = [];
  const pid = system.spawn(
    {
      handleInfo(msg: unknown, state: null) {
        const waiter = waiters.shift();
        if (waiter !== undefined) waiter(msg);
        else received.push(msg);
        return state;
      },
    },
    null,
    opts,
  );
  return {
    pid,
    pending: received,
    next<T>(): Promise<T> {
      if (received.length > 0) return Promise.resolve(received.shift() as T);
      return new Promise<T>((resolve) => waiters.push(resolve as (msg: unknown) => void));
    },
  };
}
