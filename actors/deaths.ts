/**
 * What a death sets off once the process has left the table: its links get exit signals, its
 * watchers get DOWN messages, the 'exit' listeners hear of it, and a crash that nobody else will
 * hear of is reported.
 *
 * Deaths are signalled from a queue, not by recursion. A link's exit signal often kills the
 * process it reaches, whose own death arrives here while the first is still being signalled; it
 * is queued and handled when the first is done. So a chain of ten thousand links cannot overflow
 * the stack, deaths are announced in the order they happened, and every signal has been
 * delivered before the `exit()` (or crash) that started the chain returns.
 *
 * Every abnormal exit goes to the crash reports (crash-report.ts), which log it. A crash is also
 * emitted as the 'crash' event when nothing was linked to or monitoring the process, since then
 * no process learns of the error; and always when `terminate` threw, since the link or monitor
 * only learns the reason, not that the clean-up failed. Each exit is published on
 * `liveactor:process:exit` while it has subscribers.
 */
import type { EventEmitter } from 'eventemitter3';
import type { CrashReports } from './crash-report.js';
import type { SystemEvents } from './events.js';
import { type ExitReason, isErrorReason } from './exit-reason.js';
import type { Links } from './links.js';
import { Mailbox } from './mailbox.js';
import type { Pid } from './pid.js';
import type { Process } from './process.js';
import { processExitChannel } from './telemetry.js';

/**
 * The queue of deaths whose links, monitors and listeners are still to be told.
 * @internal
 */
export class Deaths {
  readonly #links: Links;
  readonly #events: EventEmitter<SystemEvents>;
  readonly #reports: CrashReports;
  /** Whether a process of another node links to or monitors `pid` (it then hears of the crash). */
  readonly #heardElsewhere: (pid: Pid) => boolean;
  /** Deaths still to be signalled: process, reason, process, reason, ... */
  readonly #queue = new Mailbox<unknown>(16);
  #signalling = false;

  constructor(
    links: Links,
    events: EventEmitter<SystemEvents>,
    reports: CrashReports,
    heardElsewhere: (pid: Pid) => boolean = () => false,
  ) {
    this.#links = links;
    this.#events = events;
    this.#reports = reports;
    this.#heardElsewhere = heardElsewhere;
  }

  /** Signals the death of `process` now, or after the deaths already being signalled. */
  announce(process: Process, reason: ExitReason): void {
    this.#queue.push(process);
    this.#queue.push(reason);
    if (this.#signalling) return;
    this.#signalling = true;
    try {
      while (!this.#queue.isEmpty()) {
        const dead = this.#queue.shift() as Process;
        const why = this.#queue.shift() as ExitReason;
        this.#signal(dead, why);
      }
    } finally {
      this.#signalling = false;
    }
  }

  #signal(dead: Process, reason: ExitReason): void {
    const told = this.#links.propagate(dead, reason) || this.#heardElsewhere(dead.pid);
    const crashedIn = dead.maybeExtras?.crashed?.site;
    const events = this.#events;
    this.#reports.died(dead, reason, told);
    try {
      if (processExitChannel.hasSubscribers) publishExit(dead, reason);
      if (events.listenerCount('exit') > 0) events.emit('exit', { pid: dead.pid, reason });
      if (isErrorReason(reason) && (!told || crashedIn === 'terminate')) {
        events.emit('crash', { pid: dead.pid, error: reason.error, during: crashedIn ?? 'exit' });
      }
    } catch (listenerError) {
      // A throwing listener must not stop the signalling of other deaths, nor reach whoever
      // caused this one; rethrown on its own, it becomes an uncaught exception.
      queueMicrotask(() => {
        throw listenerError;
      });
    }
  }
}

function publishExit(dead: Process, reason: ExitReason): void {
  processExitChannel.publish({
    pid: dead.pid,
    reason,
    name: dead.maybeExtras?.name,
    behaviour: dead.behaviour.name,
    ...(isErrorReason(reason) && { error: reason.error }),
  });
}
