/**
 * The rare side of a process: everything most processes never need, in one object allocated on
 * first use. A process that never links, monitors, takes a name, sets a timer, defers a reply,
 * hands out its abort signal or is awaited pays one empty slot for all of this instead of eleven
 * (100k idle processes must fit in 40 MB).
 *
 * The fields belong to the modules that own each concept: links.ts writes `links`, `watchers`
 * and `watching`, registry.ts `name`, timers.ts `timers`, the system `parent`, and the process
 * the rest. The methods here are the waiting: who is waiting on the process, and how each waiter
 * is settled when it starts and when it dies.
 */
import type { MonitorRef } from './behaviour.js';
import type { PendingCall } from './call.js';
import { ProcessExitedError } from './errors.js';
import type { CrashSite } from './events.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { Process } from './process.js';
import type { Timer } from './timers.js';

/**
 * Per-process data most processes never need, allocated on first use.
 *
 * @example
 * const extras = process.extras; // created now if it was not yet
 * extras.name = 'db';
 * await extras.waitExit();
 * @internal
 */
export class ProcessExtras {
  links: Set<Process> | undefined = undefined;
  /** Monitors watching this process. */
  watchers: Set<MonitorRef> | undefined = undefined;
  /** Monitors this process holds on others. */
  watching: Set<MonitorRef> | undefined = undefined;
  parent: Pid | undefined = undefined;
  name: string | undefined = undefined;
  timers: Set<Timer> | undefined = undefined;
  abort: AbortController | undefined = undefined;
  /** Calls answered `noreply`, waiting for `ctx.reply`. */
  deferred: Set<PendingCall> | undefined = undefined;
  readyWaiters: { resolve(): void; reject(error: unknown): void }[] | undefined = undefined;
  exitWaiters: ((reason: ExitReason) => void)[] | undefined = undefined;
  crashedIn: CrashSite | undefined = undefined;

  /** A promise for the end of `init`: settled by `started`, or rejected at death. */
  waitReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.readyWaiters ??= [];
      this.readyWaiters.push({ resolve, reject });
    });
  }

  /** A promise for the exit reason, resolved by `settleAfterExit`. */
  waitExit(): Promise<ExitReason> {
    return new Promise((resolve) => {
      this.exitWaiters ??= [];
      this.exitWaiters.push(resolve);
    });
  }

  /** `init` has returned: the ready waiters may go on. */
  started(): void {
    const waiters = this.readyWaiters;
    if (waiters === undefined) return;
    this.readyWaiters = undefined;
    for (const waiter of waiters) waiter.resolve();
  }

  /** Holds a call answered `noreply` until `ctx.reply` answers it or the process dies. */
  defer(call: PendingCall): void {
    this.deferred ??= new Set();
    this.deferred.add(call);
  }

  /**
   * The first half of a death, before the system signals links and monitors: the deferred calls
   * and ready waiters fail and the abort signal fires, so that whatever a linked process does
   * in response already sees them settled.
   */
  settleBeforeExit(pid: Pid, reason: ExitReason): void {
    const deferred = this.deferred;
    this.deferred = undefined;
    if (deferred !== undefined) for (const call of deferred) call.targetExited(reason);
    const readyWaiters = this.readyWaiters;
    this.readyWaiters = undefined;
    if (readyWaiters !== undefined) {
      for (const waiter of readyWaiters) waiter.reject(new ProcessExitedError(pid, reason));
    }
    this.abort?.abort(new ProcessExitedError(pid, reason));
  }

  /**
   * The second half, after the system has signalled the death: an exit waiter resumes in a
   * system where the process is gone and its links and monitors have heard.
   */
  settleAfterExit(reason: ExitReason): void {
    const exitWaiters = this.exitWaiters;
    if (exitWaiters === undefined) return;
    this.exitWaiters = undefined;
    for (const resolve of exitWaiters) resolve(reason);
  }
}
