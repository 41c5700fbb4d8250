/**
 * The rare side of a process: everything most processes never need, in one object allocated on
 * first use. A process that never links, monitors, takes a name, sets a timer, defers a reply,
 * hands out its abort signal or is awaited pays one empty slot for all of this instead of eleven
 * (100k idle processes must fit in 40 MB).
 *
 * The fields belong to the modules that own each concept: links.ts writes `links`, `watchers`
 * and `watching`, registry.ts `name`, timers.ts `timers`, the system `parent`, and the process
 * the rest. The methods here are the waiting: who is waiting on the process, and how each waiter
 * is settled when it starts and when it dies. The waiters sit in a second small object that is
 * dropped once nobody waits, since nearly every process is waited on (for its init) only once.
 */
import type { MonitorRef } from './behaviour.js';
import type { PendingCall } from './call.js';
import type { CrashNote } from './crash-report.js';
import { ProcessExitedError } from './errors.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { Process } from './process.js';
import type { SmallSet } from './small-set.js';
import type { Timer } from './timers.js';

/** Who waits on a process (for its init, its reply, its end) and its abort signal. */
interface Waits {
  abort: AbortController | undefined;
  /** Calls answered `noreply`, waiting for `ctx.reply`. */
  deferred: Set<PendingCall> | undefined;
  ready: { resolve(): void; reject(error: unknown): void }[] | undefined;
  exit: ((reason: ExitReason) => void)[] | undefined;
}

function noWaits(): Waits {
  return { abort: undefined, deferred: undefined, ready: undefined, exit: undefined };
}

/**
 * Per-process data most processes never need, allocated on first use.
 * @internal
 */
export class ProcessExtras {
  links: SmallSet<Process> | undefined = undefined;
  /** Monitors watching this process. */
  watchers: SmallSet<MonitorRef> | undefined = undefined;
  /** Monitors this process holds on others. */
  watching: SmallSet<MonitorRef> | undefined = undefined;
  parent: Pid | undefined = undefined;
  name: string | undefined = undefined;
  timers: SmallSet<Timer> | undefined = undefined;
  /** Where and how it crashed (crash-report.ts), set as a callback throws. */
  crashed: CrashNote | undefined = undefined;
  /**
   * Apart, and dropped once empty: most processes are waited on only for a moment (a supervisor
   * awaits a child's init), and a long-lived process should not carry four empty fields for it.
   */
  #waits: Waits | undefined = undefined;

  /** The controller behind `ctx.signal`, if it was ever asked for. */
  get abort(): AbortController | undefined {
    return this.#waits?.abort;
  }

  set abort(controller: AbortController | undefined) {
    this.#waits ??= noWaits();
    this.#waits.abort = controller;
  }

  /** A promise for the end of `init`: settled by `started`, or rejected at death. */
  waitReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waits ??= noWaits();
      this.#waits.ready ??= [];
      this.#waits.ready.push({ resolve, reject });
    });
  }

  /** A promise for the exit reason, resolved by `settleAfterExit`. */
  waitExit(): Promise<ExitReason> {
    return new Promise((resolve) => {
      this.#waits ??= noWaits();
      this.#waits.exit ??= [];
      this.#waits.exit.push(resolve);
    });
  }

  /** `init` has returned: the ready waiters may go on. */
  started(): void {
    const waits = this.#waits;
    const ready = waits?.ready;
    if (waits === undefined || ready === undefined) return;
    waits.ready = undefined;
    if (waits.abort === undefined && waits.deferred === undefined && waits.exit === undefined) {
      this.#waits = undefined;
    }
    for (const waiter of ready) waiter.resolve();
  }

  /** Holds a call answered `noreply` until `ctx.reply` answers it or the process dies. */
  defer(call: PendingCall): void {
    this.#waits ??= noWaits();
    this.#waits.deferred ??= new Set();
    this.#waits.deferred.add(call);
  }

  /** Drops a deferred call that got its answer. */
  forget(call: PendingCall): void {
    this.#waits?.deferred?.delete(call);
  }

  /**
   * The first half of a death, before the system signals links and monitors: the deferred calls
   * and ready waiters fail and the abort signal fires, so that whatever a linked process does
   * in response already sees them settled.
   */
  settleBeforeExit(pid: Pid, reason: ExitReason): void {
    const waits = this.#waits;
    if (waits === undefined) return;
    const deferred = waits.deferred;
    waits.deferred = undefined;
    if (deferred !== undefined) for (const call of deferred) call.targetExited(reason);
    const ready = waits.ready;
    waits.ready = undefined;
    if (ready !== undefined) {
      for (const waiter of ready) waiter.reject(new ProcessExitedError(pid, reason));
    }
    waits.abort?.abort(new ProcessExitedError(pid, reason));
  }

  /**
   * The second half, after the system has signalled the death: an exit waiter resumes in a
   * system where the process is gone and its links and monitors have heard.
   */
  settleAfterExit(reason: ExitReason): void {
    const waits = this.#waits;
    const exit = waits?.exit;
    if (waits === undefined || exit === undefined) return;
    waits.exit = undefined;
    for (const resolve of exit) resolve(reason);
  }
}
