/**
 * {@link systemPerTest} with a ManualClock: the view's timers and restart window run on a
 * clock the test advances.
 */
import { ManualClock } from '../support/manual-clock.js';
import { systemPerTest, type TestSystem } from '../support/system-per-test.js';

export interface ClockedSystem extends TestSystem {
  /** The current test's clock (a new one for each test: read it inside the test). */
  readonly clock: ManualClock;
}

/**
 * Registers a fresh system per test, each on a new ManualClock.
 *
 * @example
 * const env = clockedSystemPerTest();
 * it('ticks', () => { env.clock.advance(1_000); });
 */
export function clockedSystemPerTest(): ClockedSystem {
  let clock: ManualClock | undefined;
  const env = systemPerTest(() => {
    clock = new ManualClock();
    return { clock };
  });
  return {
    get system() {
      return env.system;
    },
    get pubsub() {
      return env.pubsub;
    },
    get clock() {
      if (clock === undefined) throw new Error('the clock exists inside a test only');
      return clock;
    },
  };
}
