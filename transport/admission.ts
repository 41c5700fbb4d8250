import { type RateLimit, RateLimiter } from './limits.js';

/**
 * How long a connection may keep sending over its rate before it is closed with 1008: a flood
 * that lasts this long is sustained, whatever its pace.
 */
export const FLOOD_WINDOW_MS = 10_000;

/**
 * What admission says of one inbound frame: handle it, refuse it (`rate_limited`), or refuse
 * it and close the connection (a sustained flood).
 * @internal
 */
export type Verdict = 'admit' | 'refuse' | 'flood';

/**
 * The rate rule every inbound frame of a connection passes, heartbeats included: a token bucket
 * (limits.ts) decides each frame, and a *flood* is tracked across refills, so a client cannot
 * keep sending just over the rate by letting each refill admit one frame.
 *
 * A flood starts with a refused frame and goes on while refusals follow each other closer than
 * the bucket's `per` (the time it takes to refill completely). It is sustained, and the verdict
 * is `'flood'`, once it has refused more frames than the bucket holds or lasted
 * {@link FLOOD_WINDOW_MS}. A client that stays under its rate for `per` ms starts afresh.
 *
 * Worked example, `{ events: 300, per: 1000 }`: a burst of 10,000 frames at once gets 300
 * admitted, then 300 refused, and the 301st refusal is a flood. A client sending 310 frames a
 * second is refused about 10 a second, each less than 1 s after the last: a flood after 10 s.
 *
 * @example
 * const admission = new Admission({ events: 300, per: 1_000 }, clock.now);
 * if (admission.check() === 'flood') conn.close(1008, 'rate limit exceeded');
 * @internal
 */
export class Admission extends RateLimiter {
  // A subclass rather than a field: one object less per connection (a server holds thousands).
  readonly #limit: RateLimit;
  readonly #now: () => number;
  /** When the current flood began; NaN when there is none (a number keeps the field unboxed). */
  #floodStart = Number.NaN;
  #lastRefused = 0;
  #refused = 0;

  constructor(limit: RateLimit, now: () => number) {
    super(limit, now);
    this.#limit = limit;
    this.#now = now;
  }

  /** Takes a token for one frame, and says what to do with it. */
  check(): Verdict {
    if (this.take()) return 'admit';
    const now = this.#now();
    if (Number.isNaN(this.#floodStart) || now - this.#lastRefused > this.#limit.per) {
      this.#floodStart = now;
      this.#refused = 0;
    }
    this.#lastRefused = now;
    this.#refused += 1;
    const sustained =
      this.#refused > this.#limit.events || now - this.#floodStart >= FLOOD_WINDOW_MS;
    return sustained ? 'flood' : 'refuse';
  }
}
