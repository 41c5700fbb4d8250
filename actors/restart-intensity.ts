import type { Clock } from './clock.js';

/** The two numbers of an OTP restart policy. */
export interface RestartLimits {
  /** How many restarts are tolerated inside one window; 0 means "give up on the first". */
  readonly intensity: number;
  /** Length of the sliding window in ms, read from the injected clock. */
  readonly period: number;
}

/**
 * Counts restarts in a sliding window, the way an OTP supervisor's `intensity` and `period` do:
 * more than `intensity` restarts within `period` ms means the supervisor should give up.
 *
 * A restart made at time `t` is inside the window at time `now` while `now - t < period`; one made
 * exactly `period` ms ago has left it. Timestamps come from the clock, so tests drive the window
 * with a manual clock instead of waiting.
 *
 * @example
 * const window = new RestartIntensity({ intensity: 3, period: 5_000 }, system.clock);
 * if (window.exceededAfterRestart()) giveUp();
 */
export class RestartIntensity {
  readonly #intensity: number;
  readonly #period: number;
  readonly #clock: Pick<Clock, 'now'>;
  // Oldest first. Never longer than intensity + 1: older entries cannot change any later answer.
  #restarts: number[] = [];

  constructor(limits: RestartLimits, clock: Pick<Clock, 'now'>) {
    checkRestartLimits(limits);
    this.#intensity = limits.intensity;
    this.#period = limits.period;
    this.#clock = clock;
  }

  /** Records one restart at the clock's current time; true if that makes more than `intensity`. */
  exceededAfterRestart(): boolean {
    const now = this.#clock.now();
    let expired = 0;
    while (expired < this.#restarts.length && now - this.#restarts[expired]! >= this.#period) {
      expired++;
    }
    if (expired > 0) this.#restarts.splice(0, expired);
    this.#restarts.push(now);
    if (this.#restarts.length > this.#intensity + 1) this.#restarts.shift();
    return this.#restarts.length > this.#intensity;
  }
}

/**
 * Throws a TypeError unless `intensity` is an integer >= 0 and `period` a number of ms > 0.
 * @internal
 */
export function checkRestartLimits(limits: RestartLimits): void {
  if (!Number.isInteger(limits.intensity) || limits.intensity < 0) {
    throw new TypeError(`intensity must be an integer >= 0, got ${String(limits.intensity)}`);
  }
  if (!(limits.period > 0)) {
    throw new TypeError(`period must be a number of ms > 0, got ${String(limits.period)}`);
  }
}
