import type { TimerRef } from './behaviour.js';
import type { Clock } from './clock.js';
import type { Process } from './process.js';
import { INFO } from './process-host.js';
import { addToSmallSet, deleteFromSmallSet } from './small-set.js';

/**
 * One `sendAfter`: fires once, unless cancelled or its process exits first.
 * @internal
 */
export class Timer {
  readonly target: Process | string;
  readonly msg: unknown;
  handle: unknown = undefined;
  done = false;

  constructor(target: Process | string, msg: unknown) {
    this.target = target;
    this.msg = msg;
  }
}

/**
 * `sendAfter` / `cancelTimer` over the injected clock (Erlang's `erlang:send_after/3`). A timer
 * aimed at a process is cancelled when that process exits; one aimed at a name looks the name up
 * when it fires.
 * @internal
 */
export class Timers {
  readonly #clock: Clock;
  readonly #sendToName: (name: string, msg: unknown) => void;
  /** Pending timers aimed at names: no process owns them, so shutdown cancels them here. */
  readonly #named = new Set<Timer>();

  constructor(clock: Clock, sendToName: (name: string, msg: unknown) => void) {
    this.#clock = clock;
    this.#sendToName = sendToName;
  }

  /** Starts a timer; with `target` undefined (a dead pid) it never fires. */
  start(target: Process | string | undefined, msg: unknown, ms: number): TimerRef {
    if (!(ms >= 0)) throw new RangeError(`sendAfter: ms must be a number >= 0, got ${ms}`);
    const timer = new Timer(target ?? '', msg);
    if (target === undefined) {
      timer.done = true;
    } else {
      if (typeof target === 'string') {
        this.#named.add(timer);
      } else {
        const extras = target.extras;
        extras.timers = addToSmallSet(extras.timers, timer);
      }
      timer.handle = this.#clock.setTimeout(() => this.#fire(timer), ms);
    }
    return timer as unknown as TimerRef;
  }

  /** Cancels a timer; false if it had fired or been cancelled already. */
  cancel(ref: TimerRef): boolean {
    const timer = ref as unknown;
    if (!(timer instanceof Timer) || timer.done) return false;
    timer.done = true;
    this.#clock.clearTimeout(timer.handle);
    if (typeof timer.target === 'string') this.#named.delete(timer);
    else deleteFromSmallSet(timer.target.maybeExtras?.timers, timer);
    return true;
  }

  /** Cancels every pending timer aimed at a process that exited. */
  cancelAll(process: Process): void {
    const extras = process.maybeExtras;
    const timers = extras?.timers;
    if (timers === undefined) return;
    extras!.timers = undefined;
    for (const timer of timers) {
      timer.done = true;
      this.#clock.clearTimeout(timer.handle);
    }
  }

  /** Cancels every pending timer aimed at a name (at shutdown, when no process is left). */
  cancelNamed(): void {
    for (const timer of this.#named) {
      timer.done = true;
      this.#clock.clearTimeout(timer.handle);
    }
    this.#named.clear();
  }

  #fire(timer: Timer): void {
    if (timer.done) return;
    timer.done = true;
    const target = timer.target;
    if (typeof target === 'string') {
      this.#named.delete(timer);
      this.#sendToName(target, timer.msg);
    } else {
      deleteFromSmallSet(target.maybeExtras?.timers, timer);
      target.deliver(INFO, timer.msg);
    }
  }
}
