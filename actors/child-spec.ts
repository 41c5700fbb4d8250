import type { AnyBehaviour } from './behaviour.js';
import { type ExitReason, isNormalish } from './exit-reason.js';
import type { Pid } from './pid.js';
import { type AutoShutdown, resolveSignificant } from './supervisor-auto-shutdown.js';

/** Any behaviour, whatever its state and message types: a supervisor never looks inside. */
export type ChildBehaviour = AnyBehaviour<unknown, unknown>;

/** When a child that exited is started again. */
export type RestartType = 'permanent' | 'transient' | 'temporary';

/** How a child is stopped: ms to wait after `'shutdown'` before `'kill'`, at once, or no limit. */
export type ShutdownSpec = number | 'brutal_kill' | 'infinity';

/** Whether the child is a plain process or itself a supervisor (changes the shutdown default). */
export type ChildType = 'worker' | 'supervisor';

/**
 * How a supervisor starts, restarts and stops one child.
 *
 * @example
 * const spec: ChildSpec = { id: 'cache', start: [cache, { size: 100 }], restart: 'transient', shutdown: 1_000 };
 */
export interface ChildSpec {
  /** Unique within its supervisor; names the child in whichChildren, terminateChild, restartChild. */
  readonly id: string;
  /** The behaviour and its `init` argument; the child is spawned linked to its supervisor. */
  readonly start: readonly [behaviour: ChildBehaviour, arg: unknown];
  /** `'permanent'` (default): always restarted; `'transient'`: only after an abnormal exit
   * (not `'normal'`, not `'shutdown'`); `'temporary'`: never restarted, and forgotten once it exits. */
  readonly restart?: RestartType | undefined;
  /** Default 5000 ms for a worker, `'infinity'` for a supervisor. */
  readonly shutdown?: ShutdownSpec | undefined;
  /** Default `'worker'`. */
  readonly type?: ChildType | undefined;
  /** A name the child is registered under while it runs, so others can reach it across restarts. */
  readonly name?: string | undefined;
  /** Its ending for good ends its supervisor's work (see the supervisor's `autoShutdown`).
   * Only for a `'transient'` or `'temporary'` child of such a Supervisor. Default false. */
  readonly significant?: boolean | undefined;
}

/** One row of `whichChildren`: `pid` is undefined while the child is not running. */
export interface ChildInfo {
  readonly id: string;
  readonly pid: Pid | undefined;
  readonly type: ChildType;
  readonly restart: RestartType;
}

/** A child spec with every default filled in. @internal */
export interface ResolvedChildSpec {
  readonly id: string;
  readonly start: readonly [behaviour: ChildBehaviour, arg: unknown];
  readonly restart: RestartType;
  readonly shutdown: ShutdownSpec;
  readonly type: ChildType;
  readonly name: string | undefined;
  readonly significant: boolean;
}

const DEFAULT_WORKER_SHUTDOWN = 5_000;
const RESTART_TYPES: ReadonlySet<unknown> = new Set(['permanent', 'transient', 'temporary']);
const CHILD_TYPES: ReadonlySet<unknown> = new Set(['worker', 'supervisor']);

/**
 * Checks a child spec and fills in its defaults; a malformed spec is a programming error, so this
 * throws a TypeError at once rather than failing later inside the supervisor. `autoShutdown` is
 * the supervisor's mode, which decides whether the child may be significant.
 * @internal
 */
export function resolveChildSpec(
  spec: ChildSpec,
  autoShutdown: AutoShutdown = 'never',
): ResolvedChildSpec {
  if (typeof spec !== 'object' || spec === null)
    throw new TypeError('child spec must be an object');
  if (typeof spec.id !== 'string') throw new TypeError('child spec: id must be a string');
  const [behaviour] = Array.isArray(spec.start) ? spec.start : [];
  if (typeof behaviour !== 'object' || behaviour === null) {
    throw new TypeError(`child spec '${spec.id}': start must be [behaviour, arg]`);
  }
  const restart = spec.restart ?? 'permanent';
  if (!RESTART_TYPES.has(restart)) {
    throw new TypeError(
      `child spec '${spec.id}': restart must be 'permanent', 'transient' or 'temporary'`,
    );
  }
  const type = spec.type ?? 'worker';
  if (!CHILD_TYPES.has(type)) {
    throw new TypeError(`child spec '${spec.id}': type must be 'worker' or 'supervisor'`);
  }
  const shutdown = spec.shutdown ?? (type === 'supervisor' ? 'infinity' : DEFAULT_WORKER_SHUTDOWN);
  if (
    shutdown !== 'brutal_kill' &&
    shutdown !== 'infinity' &&
    !(typeof shutdown === 'number' && shutdown >= 0)
  ) {
    throw new TypeError(
      `child spec '${spec.id}': shutdown must be ms >= 0, 'brutal_kill' or 'infinity'`,
    );
  }
  if (spec.name !== undefined && typeof spec.name !== 'string') {
    throw new TypeError(`child spec '${spec.id}': name must be a string`);
  }
  const significant = resolveSignificant(spec.id, spec.significant, restart, autoShutdown);
  return { id: spec.id, start: spec.start, restart, shutdown, type, name: spec.name, significant };
}

/**
 * Whether a child that exited with `reason` is started again. `'shutdown'` counts as a normal
 * exit here, as in OTP: it is how a child says it was asked to stop.
 * @internal
 */
export function shouldRestart(restart: RestartType, reason: ExitReason): boolean {
  if (restart === 'permanent') return true;
  if (restart === 'temporary') return false;
  return !isNormalish(reason);
}
