import type { Clock } from '../../actors/clock.js';

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A clock that moves only when told to: `advance(ms)` fires every timer that falls due, in time
 * order (ties in the order they were created), with `now()` reading each timer's due time while
 * it runs. Timers set by those callbacks fire too if they fall within the same advance.
 *
 * @example
 * const clock = new ManualClock();
 * const system = new ActorSystem({ clock });
 * system.sendAfter(pid, 'tick', 1_000);
 * clock.advance(1_000); // 'tick' is delivered now
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers = new Set<ManualTimer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: ManualTimer = { due: this.#now + delay, seq: this.#seq++, fn };
    this.#timers.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as ManualTimer);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing the timers that fall due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance: ms must be >= 0, got ${ms}`);
    const target = this.#now + ms;
    for (let timer = this.#earliest(target); timer !== undefined; timer = this.#earliest(target)) {
      this.#timers.delete(timer);
      this.#now = timer.due;
      timer.fn();
    }
    this.#now = target;
  }

  #earliest(until: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.#timers) {
      if (timer.due > until) continue;
      if (
        best === undefined ||
        timer.due < best.due ||
        (timer.due === best.due && timer.seq < best.seq)
      ) {
        best = timer;
      }
    }
    return best;
  }
}
