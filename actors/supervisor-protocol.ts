import type { AnyBehaviour, ExitMessage } from './behaviour.js';
import { ProcessExitedError } from './errors.js';
import type { Pid } from './pid.js';
import { ChildStartError } from './supervisor-errors.js';
import type { ActorSystem } from './system.js';
import type { SpawnOptions } from './system-options.js';

/**
 * How a supervisor answers a call: failures travel as values, because throwing inside
 * `handleCall` would crash the supervisor instead of rejecting the caller.
 * @internal
 */
export type SupervisorReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Error };

/** Options accepted by every supervisor operation. */
export interface SupervisorCallOptions {
  /** How long to wait for the supervisor's answer, in ms (the system's call default otherwise). */
  readonly timeout?: number | undefined;
}

/**
 * Wraps what a supervisor operation produced: an Error is a failure for the caller, anything else
 * (a pid, rows, counts, nothing) is the answer.
 * @internal
 */
export function replyWith<T>(outcome: T | Error): SupervisorReply<T> {
  return outcome instanceof Error ? { ok: false, error: outcome } : { ok: true, value: outcome };
}

/**
 * Calls a supervisor and turns its `{ ok: false }` answer back into a rejection.
 * @internal
 */
export async function callSupervisor<T>(
  system: ActorSystem,
  sup: Pid | string,
  msg: unknown,
  opts: SupervisorCallOptions | undefined,
): Promise<T> {
  const reply = await system.call<SupervisorReply<T>>(sup, msg, opts);
  if (!reply.ok) throw reply.error;
  return reply.value;
}

/**
 * Whether a `handleInfo` message is an exit signal turned into a message by `trapExit`.
 *
 * @example
 * handleInfo(msg, state, ctx) {
 *   if (isExitMessage(msg) && msg.from === state.worker) ctx.stop(msg.reason);
 *   return state;
 * }
 */
export function isExitMessage(msg: unknown): msg is ExitMessage {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'EXIT';
}

/**
 * Spawns a supervisor process (trapping exits from the start) and waits for its `init`. If a
 * child failed to start, the rejection is that child's ChildStartError rather than the
 * ProcessExitedError of the supervisor that died of it.
 * @internal
 */
export async function spawnSupervisor<S, A>(
  system: ActorSystem,
  behaviour: AnyBehaviour<S, A>,
  spec: A,
  opts: SpawnOptions | undefined,
): Promise<Pid> {
  const pid = system.spawn(behaviour, spec, { ...opts, trapExit: true });
  try {
    await system.ready(pid);
  } catch (error) {
    const reason = error instanceof ProcessExitedError ? error.reason : undefined;
    if (typeof reason === 'object' && reason.error instanceof ChildStartError) throw reason.error;
    throw error;
  }
  return pid;
}
