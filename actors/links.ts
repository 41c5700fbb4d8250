/**
 * Links, monitors, and what happens to them when a process exits.
 *
 * A **link** is symmetric: each side keeps the other in `extras.links`. When one side exits with
 * reason R, the other receives an exit signal (from, R), where a reason of 'kill' travels as
 * 'killed' (the untrappable kill stops at the process it hit). The receiver then:
 *
 *   traps exits, signal from its parent    -> terminate(R), then exits with R
 *   traps exits, signal from anyone else   -> handleInfo({ type: 'EXIT', from, reason: R })
 *   does not trap, R is 'normal'           -> nothing
 *   does not trap, R is anything else      -> dies at once with R (no terminate)
 *
 * The parent is the pid a process was spawned linked to (`opts.link`, `ctx.spawnLink`); a signal
 * sent with `system.exit` counts as from the parent too. This is OTP's gen_server rule, and it is
 * why stopping a trapping child (a supervisor) with `system.exit(child, 'shutdown')` runs its
 * terminate, while the EXIT of one of its own children arrives as a message.
 *
 * A **monitor** is one-way: the target keeps the ref in `extras.watchers`, the watcher in
 * `extras.watching`, and the table below maps the ref to both. When the target exits, the watcher
 * gets `{ type: 'DOWN', ref, pid, reason }` once; when the watcher exits first, the monitor is
 * dropped so the target does not keep a ref to a dead watcher.
 *
 * Example: A links B, C monitors A (ref 'm1'), B does not trap. A throws `err`:
 *
 *   A's terminate runs; A dies with { error: err }
 *   B receives (A, { error: err })  -> B dies with { error: err }, its own links are signalled next
 *   C receives { type: 'DOWN', ref: 'm1', pid: A, reason: { error: err } }
 *
 * Deaths caused by a death are not handled by recursion: the system queues them and signals each
 * one's links in turn (see deaths.ts), so a chain of ten thousand links cannot overflow the
 * stack, and every signal has been delivered before the `exit()` that started it returns.
 */
import type { DownMessage, MonitorRef } from './behaviour.js';
import type { ExitReason } from './exit-reason.js';
import type { Process } from './process.js';
import { INFO } from './process-host.js';
import { addToSmallSet, deleteFromSmallSet, smallSetSize } from './small-set.js';

interface Monitor {
  readonly watcher: Process;
  readonly target: Process;
}

/**
 * The links and monitors of one system.
 * @internal
 */
export class Links {
  readonly #monitors = new Map<MonitorRef, Monitor>();
  readonly #refPrefix: string;
  #refCounter = 0;

  constructor(systemId: string) {
    this.#refPrefix = `${systemId}#m`;
  }

  /** Links two live processes (idempotent). */
  link(a: Process, b: Process): void {
    if (a === b) return;
    const ax = a.extras;
    const bx = b.extras;
    ax.links = addToSmallSet(ax.links, b);
    bx.links = addToSmallSet(bx.links, a);
  }

  unlink(a: Process, b: Process): void {
    deleteFromSmallSet(a.maybeExtras?.links, b);
    deleteFromSmallSet(b.maybeExtras?.links, a);
  }

  /** A fresh monitor ref (also for a monitor of a dead process, whose DOWN is sent at once). */
  newRef(): MonitorRef {
    return `${this.#refPrefix}${(++this.#refCounter).toString(36)}` as MonitorRef;
  }

  monitor(watcher: Process, target: Process): MonitorRef {
    const ref = this.newRef();
    this.#monitors.set(ref, { watcher, target });
    const wx = watcher.extras;
    const tx = target.extras;
    wx.watching = addToSmallSet(wx.watching, ref);
    tx.watchers = addToSmallSet(tx.watchers, ref);
    return ref;
  }

  /** Removes a monitor; false if it was not active (already DOWN, or demonitored). */
  demonitor(ref: MonitorRef): boolean {
    const monitor = this.#monitors.get(ref);
    if (monitor === undefined) return false;
    this.#monitors.delete(ref);
    deleteFromSmallSet(monitor.watcher.maybeExtras?.watching, ref);
    deleteFromSmallSet(monitor.target.maybeExtras?.watchers, ref);
    return true;
  }

  /**
   * Signals everyone linked to or monitoring a process that just died, and drops the monitors it
   * held. Returns whether anyone was told (an `{ error }` nobody heard is reported as a crash).
   */
  propagate(dead: Process, reason: ExitReason): boolean {
    const extras = dead.maybeExtras;
    if (extras === undefined) return false;
    let told = false;
    const links = extras.links;
    extras.links = undefined;
    if (links !== undefined && smallSetSize(links) > 0) {
      told = true;
      const signal = reason === 'kill' ? 'killed' : reason;
      for (const other of links) {
        deleteFromSmallSet(other.maybeExtras?.links, dead);
        other.exitSignal(dead.pid, signal);
      }
    }
    const watchers = extras.watchers;
    extras.watchers = undefined;
    if (watchers !== undefined && smallSetSize(watchers) > 0) {
      told = true;
      for (const ref of watchers) this.#down(ref, dead, reason);
    }
    const watching = extras.watching;
    extras.watching = undefined;
    if (watching !== undefined) for (const ref of watching) this.#drop(ref);
    return told;
  }

  #down(ref: MonitorRef, dead: Process, reason: ExitReason): void {
    const monitor = this.#monitors.get(ref);
    if (monitor === undefined) return;
    this.#monitors.delete(ref);
    deleteFromSmallSet(monitor.watcher.maybeExtras?.watching, ref);
    const down: DownMessage = { type: 'DOWN', ref, pid: dead.pid, reason };
    monitor.watcher.deliver(INFO, down);
  }

  #drop(ref: MonitorRef): void {
    const monitor = this.#monitors.get(ref);
    if (monitor === undefined) return;
    this.#monitors.delete(ref);
    deleteFromSmallSet(monitor.target.maybeExtras?.watchers, ref);
  }
}
