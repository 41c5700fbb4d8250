import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';

/**
 * Which callback threw, for a `crash` event; `'exit'` when the process was ended by an
 * `{ error }` exit signal (a linked process crashed) and nothing was linked to or monitoring it.
 *
 * @example
 * system.on('crash', ({ during }) => metrics.increment(`crash.${during}`));
 */
export type CrashSite = 'init' | 'handleCall' | 'handleCast' | 'handleInfo' | 'terminate' | 'exit';

/** A process was spawned. @example system.on('spawn', ({ pid, name }) => log('spawn', pid, name)); */
export interface SpawnEvent {
  readonly pid: Pid;
  readonly name: string | undefined;
}

/** A process exited; emitted after its links and monitors were signalled. @example system.on('exit', ({ pid }) => forget(pid)); */
export interface ExitEvent {
  readonly pid: Pid;
  readonly reason: ExitReason;
}

/** A supervisor restarted a child. @example system.on('restart', ({ childId }) => log('restarted', childId)); */
export interface RestartEvent {
  readonly supervisor: Pid;
  readonly childId: string;
  readonly oldPid: Pid | undefined;
  readonly pid: Pid;
  readonly reason: ExitReason;
}

/**
 * An error no process heard about: a callback threw and nothing was linked to or monitoring
 * the process, or `terminate` itself threw. (Every crash is also logged, through the system's
 * `logger`, whether or not anyone listens here.)
 *
 * @example
 * system.on('crash', ({ pid, error, during }) => logger.error({ pid, during }, error));
 */
export interface CrashEvent {
  readonly pid: Pid;
  readonly error: unknown;
  readonly during: CrashSite;
}

/**
 * The events an `ActorSystem` emits (eventemitter3), for logs and metrics.
 *
 * @example
 * system.on('exit', ({ pid, reason }) => console.log(pid, 'exited', reason));
 */
export interface SystemEvents {
  spawn: [event: SpawnEvent];
  exit: [event: ExitEvent];
  restart: [event: RestartEvent];
  crash: [event: CrashEvent];
  shutdown: [];
}
