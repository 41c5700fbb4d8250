/** The per-test system, child behaviours and recorders shared by the supervisor tests. */
import { afterEach, beforeEach } from 'vitest';
import type { Behaviour } from '../../actors/behaviour.js';
import type { CrashEvent } from '../../actors/events.js';
import type { ExitReason } from '../../actors/exit-reason.js';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import { RestartIntensityError } from '../../actors/supervisor-errors.js';
import { ActorSystem } from '../../actors/system.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * Writes `start:<id>` when a child's init runs and `stop:<id>` when it exits (from the system's
 * `exit` event), so a test can assert the order of starts and stops across processes. Also keeps
 * the system's `crash` events (a top-level supervisor that gives up is one).
 */
export class Recorder {
  readonly log: string[] = [];
  readonly reasons = new Map<string, ExitReason>();
  readonly crashes: CrashEvent[] = [];
  readonly #ids = new Map<Pid, string>();

  constructor(system: ActorSystem) {
    system.on('crash', (event) => this.crashes.push(event));
    system.on('exit', ({ pid, reason }) => {
      const id = this.#ids.get(pid);
      if (id === undefined) return;
      this.log.push(`stop:${id}`);
      this.reasons.set(id, reason);
    });
  }

  /** Names a pid that did not start through `started` (a supervisor). */
  track(id: string, pid: Pid): void {
    this.#ids.set(pid, id);
  }

  started(id: string, pid: Pid): void {
    this.#ids.set(pid, id);
    this.log.push(`start:${id}`);
  }

  /** Empties the log (keeps the pid names). */
  clear(): void {
    this.log.length = 0;
  }
}

// The world of the running test, set by `useSupervisionWorld`. Live bindings: an importer always
// reads the current test's clock, system and recorder.
/** The current test's clock; time moves only with `clock.advance`. */
export let clock: ManualClock;
/** The current test's system, on `clock`; shut down after the test. */
export let system: ActorSystem;
/** The current test's Recorder of `system`. */
export let rec: Recorder;

/**
 * Gives each test of the calling file a fresh `clock`, `system` on it and `rec` of it, and shuts
 * the system down after the test. Call it once at the top of a test file.
 *
 * @example
 * useSupervisionWorld();
 * it('...', async () => { const sup = await Supervisor.start(system, spec); clock.advance(5_000); });
 */
export function useSupervisionWorld(): void {
  beforeEach(() => {
    clock = new ManualClock();
    system = new ActorSystem({ clock });
    rec = new Recorder(system);
  });
  afterEach(() => system.shutdown());
}

export interface WorkerArg {
  readonly id: string;
  readonly rec?: Recorder | undefined;
  /** Trap exits, so `'shutdown'` runs terminate instead of killing at once. */
  readonly trap?: boolean | undefined;
  /** Called when terminate starts; returning a promise keeps terminate running until it settles. */
  readonly onTerminate?: ((reason: ExitReason) => void | Promise<void>) | undefined;
}

/** Messages a worker understands in handleInfo. */
export type WorkerInfo = 'crash' | 'stop' | 'stop-shutdown';

/** A child that answers `'id'` calls, crashes on `'crash'` and stops normally on `'stop'`. */
export const worker: Behaviour<WorkerArg, WorkerArg, 'id', string, never, WorkerInfo> = {
  init(arg, ctx) {
    if (arg.trap === true) ctx.trapExit(true);
    arg.rec?.started(arg.id, ctx.self);
    return arg;
  },
  handleCall: (_msg, _from, state) => ({ reply: state.id, state }),
  handleInfo(msg, state, ctx) {
    if (msg === 'crash') throw new Error(`${state.id} crashed on purpose`);
    if (msg === 'stop') ctx.stop();
    if (msg === 'stop-shutdown') ctx.stop('shutdown');
    return state;
  },
  async terminate(reason, state) {
    await state.onTerminate?.(reason);
  },
};

/** A child whose init always throws. */
export const failsToStart: Behaviour<never, string> = {
  init(id) {
    throw new Error(`${id} cannot start`);
  },
};

/** The current pid of a child, which must be running. */
export async function childPid(system: ActorSystem, sup: Pid, id: string): Promise<Pid> {
  const rows = await Supervisor.whichChildren(system, sup);
  const pid = rows.find((row) => row.id === id)?.pid;
  if (pid === undefined) throw new Error(`child ${id} is not running`);
  return pid;
}

/** Lets promise callbacks and one turn of the event loop run (no timer involved). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise with its resolve function, to let a test release a behaviour at a moment it picks. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** True for the exit reason of a supervisor that gave up past its restart intensity. */
export function gaveUp(reason: ExitReason): boolean {
  return typeof reason === 'object' && reason.error instanceof RestartIntensityError;
}
