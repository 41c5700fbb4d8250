import type { Context } from './behaviour.js';
import type { ResolvedChildSpec, ShutdownSpec } from './child-spec.js';
import { ProcessExitedError } from './errors.js';
import type { RestartEvent } from './events.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { RestartIntensity } from './restart-intensity.js';
import { ChildStartError, RestartIntensityError } from './supervisor-errors.js';
import type { ActorSystem } from './system.js';
import { supervisorRestartChannel } from './telemetry.js';

/** What starting one child gave. @internal */
export type StartOutcome =
  | { readonly ok: true; readonly pid: Pid }
  | { readonly ok: false; readonly error: ChildStartError };

/**
 * Spawns a child linked to the supervisor running `ctx` and waits for its `init`, so children
 * start one after the other and a sibling started later can rely on an earlier one being ready.
 * @internal
 */
export async function startLinked(
  ctx: Context,
  spec: Pick<ResolvedChildSpec, 'id' | 'start' | 'name'>,
): Promise<StartOutcome> {
  // A supervisor killed while its callback still runs must not leave children behind.
  if (ctx.aborted) return { ok: false, error: new ChildStartError(spec.id, 'shutdown') };
  const [behaviour, arg] = spec.start;
  let pid: Pid;
  try {
    pid = ctx.spawnLink(behaviour, arg, { name: spec.name });
  } catch (error) {
    // A name still held by another process: the child cannot start.
    return { ok: false, error: new ChildStartError(spec.id, { error }) };
  }
  try {
    await ctx.system.ready(pid);
    return { ok: true, pid };
  } catch (error) {
    const reason: ExitReason = error instanceof ProcessExitedError ? error.reason : { error };
    ctx.system.crashReports.settle(pid, {
      kind: 'not_restarted',
      why: 'it failed to start; its supervisor was told',
    });
    return { ok: false, error: new ChildStartError(spec.id, reason) };
  }
}

/**
 * Stops one child the OTP way and resolves with its exit reason: `'brutal_kill'` kills at once;
 * a number sends `'shutdown'`, gives the child that many ms on the system clock to run its
 * `terminate`, then kills it; `'infinity'` waits as long as it takes (for supervisor children,
 * which need the time to stop their own children).
 * @internal
 */
export async function stopChild(
  system: ActorSystem,
  pid: Pid,
  shutdown: ShutdownSpec,
): Promise<ExitReason> {
  const exited = system.exited(pid);
  if (shutdown === 'brutal_kill') {
    system.exit(pid, 'kill');
    return exited;
  }
  system.exit(pid, 'shutdown');
  if (shutdown === 'infinity') return exited;
  let timer: unknown;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = system.clock.setTimeout(() => resolve('timeout'), shutdown);
  });
  const first = await Promise.race([exited, timedOut]);
  system.clock.clearTimeout(timer);
  if (first !== 'timeout') return first;
  system.exit(pid, 'kill');
  return exited;
}

/**
 * Whether a supervisor may make one more attempt at restarting: each attempt counts as a restart
 * in `window`. Past its intensity the supervisor gives up: it stops itself with
 * `{ error: RestartIntensityError }`, an abnormal reason, so its own supervisor hears of it
 * (escalation). A supervisor killed while its restart was under way attempts nothing more.
 * @internal
 */
export function mayRestart(ctx: Context, window: RestartIntensity, crashed: Pid): boolean {
  const reports = ctx.system.crashReports;
  // A killed supervisor's callback may still be unwinding; it must not start anything.
  if (ctx.aborted) {
    reports.settle(crashed, { kind: 'not_restarted', why: 'its supervisor is stopping' });
    return false;
  }
  if (!window.exceededAfterRestart()) return true;
  const { intensity, period } = window.limits;
  reports.settle(crashed, { kind: 'gave_up', limits: window.limits });
  ctx.stop({ error: new RestartIntensityError(ctx.self, intensity, period) });
  return false;
}

/**
 * A crashed child runs again: settles its crash report, emits the system's `restart` event and
 * publishes on `liveactor:supervisor:restart`.
 * @internal
 */
export function announceRestart(
  ctx: Context,
  event: Omit<RestartEvent, 'supervisor'>,
  window: RestartIntensity,
): void {
  const { system, self } = ctx;
  const { restarts, limits } = window;
  if (event.oldPid !== undefined) {
    system.crashReports.settle(event.oldPid, { kind: 'restarted', restarts, limits });
  }
  system.emit('restart', { supervisor: self, ...event });
  if (supervisorRestartChannel.hasSubscribers) {
    supervisorRestartChannel.publish({ supervisor: self, ...event, restarts, ...limits });
  }
}

/**
 * A child exited and will not run again: its restart type says so, or it was stopped already.
 * @internal
 */
export function notRestarted(ctx: Context, pid: Pid, why: string): void {
  ctx.system.crashReports.settle(pid, { kind: 'not_restarted', why });
}
