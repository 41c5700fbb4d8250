import type { Clock } from './clock.js';

/** Defaults of both supervisors, as in Elixir: at most 3 restarts in 5 seconds. */
const DEFAULT_INTENSITY = 3;
const DEFAULT_PERIOD = 5_000;

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
 */
export class RestartIntensity {
  /** The policy this window enforces (a copy of the one given). */
  readonly limits: RestartLimits;
  readonly #clock: Pick<Clock, 'now'>;
  // Oldest first. Never longer than intensity + 1: older entries cannot change any later answer.
  #restarts: number[] = [];

  constructor(limits: RestartLimits, clock: Pick<Clock, 'now'>) {
    checkRestartLimits(limits);
    this.limits = { intensity: limits.intensity, period: limits.period };
    this.#clock = clock;
  }

  /** Restarts recorded inside the window as of the last `exceededAfterRestart`. */
  get restarts(): number {
    return this.#restarts.length;
  }

  /** Records one restart at the clock's current time; true if that makes more than `intensity`. */
  exceededAfterRestart(): boolean {
    const { intensity, period } = this.limits;
    const now = this.#clock.now();
    let expired = 0;
    while (expired < this.#restarts.length && now - this.#restarts[expired]! >= period) {
      expired++;
    }
    if (expired > 0) this.#restarts.splice(0, expired);
    this.#restarts.push(now);
    if (this.#restarts.length > intensity + 1) this.#restarts.shift();
    return this.#restarts.length > intensity;
  }
}

/**
 * The restart limits of a supervisor spec with the defaults filled in; throws a TypeError naming
 * the problem if they are malformed.
 * @internal
 */
export function resolveRestartLimits(spec: {
  readonly intensity?: number | undefined;
  readonly period?: number | undefined;
}): RestartLimits {
  const limits = {
    intensity: spec.intensity ?? DEFAULT_INTENSITY,
    period: spec.period ?? DEFAULT_PERIOD,
  };
  checkRestartLimits(limits);
  return limits;
}

/** Throws a TypeError unless `intensity` is an integer >= 0 and `period` a number of ms > 0. */
function checkRestartLimits(limits: RestartLimits): void {
  if (!Number.isInteger(limits.intensity) || limits.intensity < 0) {
    throw new TypeError(`intensity must be an integer >= 0, got ${String(limits.intensity)}`);
  }
  if (!(limits.period > 0)) {
    throw new TypeError(`period must be a number of ms > 0, got ${String(limits.period)}`);
  }
}
