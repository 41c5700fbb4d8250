import { performance } from 'node:perf_hooks';

/**
 * Where the actor system reads time: call timeouts, `sendAfter`, supervisor restart windows.
 * Tests inject a manual clock and advance it by hand instead of sleeping.
 *
 * @example
 * const system = new ActorSystem({ clock: systemClock });
 * const started = system.clock.now();
 */
export interface Clock {
  /** Milliseconds on a clock that never goes backwards (not wall-clock time). */
  now(): number;
  /** Runs `fn` once after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer from `setTimeout`; a handle that already fired is ignored. */
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock: `performance.now()` and Node's timers.
 *
 * @example
 * const handle = systemClock.setTimeout(() => console.log('later'), 100);
 * systemClock.clearTimeout(handle);
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
