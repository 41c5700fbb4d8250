import type { CrashDescription } from './crash-report.js';
import type { CrashSite } from './events.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { ActorSystem } from './system.js';
import type { SpawnOptions } from './system-options.js';

/**
 * The opaque reply address of one call, handed to `handleCall`. Keep it to answer later with
 * `ctx.reply(from, value)` after returning `{ noreply: true, state }`.
 *
 * @example
 * handleCall(msg, from, state, ctx) { state.waiting.push(from); return { noreply: true, state }; }
 */
export interface From {
  /** The calling process, when the call came from one; undefined from outside. */
  readonly pid: Pid | undefined;
  /** Unique per call. */
  readonly ref: string;
}

/**
 * A monitor's reference, as returned by `system.monitor` and carried by its `DOWN` message.
 *
 * @example
 * const ref: MonitorRef = system.monitor(watcher, target);
 */
export type MonitorRef = string & { readonly __monitorRef: unique symbol };

/**
 * A pending `sendAfter` timer, for `cancelTimer`. Opaque.
 *
 * @example
 * const timer: TimerRef = system.sendAfter(pid, 'tick', 1_000);
 * system.cancelTimer(timer);
 */
export interface TimerRef {
  readonly __timerRef: unique symbol;
}

/**
 * What a process that traps exits receives in `handleInfo` when a linked process (other than its
 * parent) exits.
 *
 * @example
 * handleInfo(msg: ExitMessage, state) { if (msg.reason !== 'normal') restart(msg.from); return state; }
 */
export interface ExitMessage {
  readonly type: 'EXIT';
  readonly from: Pid;
  readonly reason: ExitReason;
}

/**
 * What a watcher receives in `handleInfo` when a process it monitors exits (at once with
 * `'noproc'` if the target was not alive).
 *
 * @example
 * handleInfo(msg: DownMessage, state) { state.viewers.delete(msg.pid); return state; }
 */
export interface DownMessage {
  readonly type: 'DOWN';
  readonly ref: MonitorRef;
  readonly pid: Pid;
  readonly reason: ExitReason;
}

/**
 * What every callback gets besides its message and state: who it is and what it may do.
 *
 * @example
 * init(arg, ctx) { ctx.trapExit(true); ctx.spawnLink(worker, arg); return {}; }
 */
export interface Context {
  /** This process's pid. */
  readonly self: Pid;
  /** The system this process runs in. */
  readonly system: ActorSystem;
  /** Aborts when the process dies (killed, exit signal, shutdown), so slow async work can stop. */
  readonly signal: AbortSignal;
  /** True once the process is dead: `signal.aborted` without creating the signal (a process
   * that never asks for its signal does not pay for an AbortController). */
  readonly aborted: boolean;
  /** Turns exit signals from linked processes into `EXIT` messages instead of death. */
  trapExit(on: boolean): void;
  /** Spawns a process linked to this one, with this one as its parent. */
  spawnLink<S, A>(behaviour: AnyBehaviour<S, A>, arg: A, opts?: Omit<SpawnOptions, 'link'>): Pid;
  /** Answers a call later (after `handleCall` returned `{ noreply: true, state }`). */
  reply(from: From, value: unknown): void;
  /**
   * Ends this process once the current callback has returned: `terminate(reason)` runs, then it
   * exits with `reason` (default `'normal'`).
   */
  stop(reason?: ExitReason): void;
}

/**
 * What `handleCall` returns: a reply now, or `noreply` to answer later with `ctx.reply`.
 *
 * @example
 * const r: CallResult<number, number> = { reply: n, state: n };
 */
export type CallResult<State, Reply> =
  | { readonly reply: Reply; readonly state: State }
  | { readonly noreply: true; readonly state: State };

/**
 * A process's code: a plain object of callbacks, each may be async. Only one callback of a
 * process runs at a time, one message at a time, in arrival order.
 *
 * @example
 * const counter: Behaviour<number, number, 'get', number, 'inc'> = {
 *   init: (start) => start,
 *   handleCast: (_msg, n) => n + 1,
 *   handleCall: (_msg, _from, n) => ({ reply: n, state: n }),
 * };
 */
export interface Behaviour<
  State,
  Arg = void,
  Call = never,
  Reply = unknown,
  Cast = never,
  Info = unknown,
> {
  /** Runs first; its result is the initial state. Default: the state is `arg`. */
  init?(arg: Arg, ctx: Context): State | Promise<State>;
  /** Answers `system.call`. */
  handleCall?(
    msg: Call,
    from: From,
    state: State,
    ctx: Context,
  ): CallResult<State, Reply> | Promise<CallResult<State, Reply>>;
  /** Handles `system.cast`. */
  handleCast?(msg: Cast, state: State, ctx: Context): State | Promise<State>;
  /** Handles `system.send`, timers, and system messages (`EXIT`, `DOWN`, `TASK_*`). */
  handleInfo?(msg: Info, state: State, ctx: Context): State | Promise<State>;
  /** Runs before the process ends after a crash, `ctx.stop`, or (trapping) a shutdown. */
  terminate?(reason: ExitReason, state: State, ctx: Context): void | Promise<void>;
  /** Names the behaviour in crash logs and telemetry (`Supervisor`, `LiveView`, `Cache`). */
  readonly name?: string | undefined;
  /**
   * Says what the process was doing when a callback threw, for its crash log. Called only on a
   * crash, with the state the callback was given (for a crash in `init`, the init argument);
   * what it throws is ignored.
   *
   * @example
   * describeCrash: (state, site) => ({ subject: `cache '${state.table}'`, during: `${site} (refresh)` })
   */
  describeCrash?(state: State, site: CrashSite): CrashDescription;
}

/**
 * A behaviour of any message types, as `spawn` accepts it. (Callback parameters are checked
 * bivariantly because they are methods, so any concrete behaviour fits.)
 *
 * @example
 * function start<S, A>(b: AnyBehaviour<S, A>, arg: A) { return system.spawn(b, arg); }
 */
export type AnyBehaviour<State, Arg> = Behaviour<State, Arg, never, unknown, never, never>;

const CALLBACKS = [
  'init',
  'handleCall',
  'handleCast',
  'handleInfo',
  'terminate',
  'describeCrash',
] as const;

/**
 * Throws a TypeError at `spawn` for something that is not a behaviour, rather than a confusing
 * crash when the first message arrives. `checked` remembers the behaviours that passed: most
 * programs spawn a handful of behaviours many times.
 * @internal
 */
export function checkBehaviour(behaviour: unknown, checked: WeakSet<object>): void {
  if (checked.has(behaviour as object)) return;
  if (typeof behaviour !== 'object' || behaviour === null) {
    throw new TypeError(
      'spawn: behaviour must be an object of callbacks ({ init, handleCall, ... })',
    );
  }
  for (const key of CALLBACKS) {
    const callback = (behaviour as Record<string, unknown>)[key];
    if (callback !== undefined && typeof callback !== 'function') {
      throw new TypeError(`spawn: behaviour.${key} must be a function`);
    }
  }
  const name = (behaviour as { name?: unknown }).name;
  if (name !== undefined && typeof name !== 'string') {
    throw new TypeError('spawn: behaviour.name must be a string');
  }
  checked.add(behaviour);
}
