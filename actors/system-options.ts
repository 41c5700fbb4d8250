/**
 * The options of `ActorSystem`: of the system itself, of `spawn` and of `call`. They live apart
 * from the system so that behaviours and supervisors, which pass spawn options along, need not
 * import the system to name them.
 */

import type { Clock } from './clock.js';
import type { ClusterOptions } from './cluster/options.js';
import type { LoggerOption } from './logger.js';
import type { Pid } from './pid.js';

/**
 * Options of `spawn`.
 *
 * @example
 * system.spawn(worker, arg, { name: 'db', link: ctx.self, trapExit: true });
 */
export interface SpawnOptions {
  /** Registers the process under this name (NameTakenError if taken). */
  name?: string | undefined;
  /** Links the process to this pid, which becomes its parent (see links.ts). */
  link?: Pid | undefined;
  /** Starts trapping exits before `init` runs. */
  trapExit?: boolean | undefined;
}

/**
 * Options of `new ActorSystem()`.
 *
 * @example
 * const system = new ActorSystem({ clock: new ManualClock(), maxBatch: 1_024 });
 */
export interface ActorSystemOptions {
  /** Where time comes from (timeouts, timers); tests pass a ManualClock. Default: real time. */
  clock?: Clock | undefined;
  /** Messages handled per turn of the event loop before yielding with setImmediate. Default 4096. */
  maxBatch?: number | undefined;
  /**
   * Where crashes and other runtime records go: any pino-shaped logger, or `false` for none.
   * Default: stderr (readable lines; JSON lines when `NODE_ENV=production`).
   */
  logger?: LoggerOption;
  /**
   * Also log the message a process was handling when it crashed (a live view: the event's
   * value). Off by default: payloads may hold personal data.
   */
  logPayloads?: boolean | undefined;
  /**
   * Makes this system a node of a cluster on Redis (then `await system.joinCluster()`): pids of
   * other nodes, global names, cluster PubSub, presence and singletons. Default: none, and no
   * Redis code is loaded.
   */
  cluster?: ClusterOptions | undefined;
}

/**
 * Options of `call`.
 *
 * @example
 * await system.call(pid, 'slow', { timeout: 30_000 });
 */
export interface CallOptions {
  /** Milliseconds on the system clock before CallTimeoutError; default 5000; `Infinity` waits. */
  timeout?: number | undefined;
}
