import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RestartIntensity } from '../../actors/restart-intensity.js';

/** A clock whose time the test sets directly. */
function fixedClock(): { now(): number; set(t: number): void } {
  let time = 0;
  return {
    now: () => time,
    set: (t) => {
      time = t;
    },
  };
}

/** The rule written the obvious way: count every restart so far whose age is below the period. */
function modelExceeded(history: readonly number[], now: number, intensity: number, period: number) {
  return history.filter((t) => now - t < period).length > intensity;
}

describe('RestartIntensity', () => {
  it('tolerates exactly `intensity` restarts inside one period', () => {
    const clock = fixedClock();
    const window = new RestartIntensity({ intensity: 2, period: 1_000 }, clock);
    expect(window.exceededAfterRestart()).toBe(false);
    clock.set(10);
    expect(window.exceededAfterRestart()).toBe(false);
    clock.set(20);
    expect(window.exceededAfterRestart()).toBe(true);
  });

  it('forgets a restart once it is `period` ms old', () => {
    const clock = fixedClock();
    const window = new RestartIntensity({ intensity: 1, period: 1_000 }, clock);
    expect(window.exceededAfterRestart()).toBe(false);
    clock.set(1_000);
    expect(window.exceededAfterRestart()).toBe(false);
    clock.set(1_999);
    expect(window.exceededAfterRestart()).toBe(true);
  });

  it('gives up on the first restart when intensity is 0', () => {
    const window = new RestartIntensity({ intensity: 0, period: 1_000 }, fixedClock());
    expect(window.exceededAfterRestart()).toBe(true);
  });

  it('rejects limits that make no sense', () => {
    const clock = fixedClock();
    expect(() => new RestartIntensity({ intensity: -1, period: 1 }, clock)).toThrow(TypeError);
    expect(() => new RestartIntensity({ intensity: 1.5, period: 1 }, clock)).toThrow(TypeError);
    expect(() => new RestartIntensity({ intensity: 1, period: 0 }, clock)).toThrow(TypeError);
    expect(() => new RestartIntensity({ intensity: 1, period: Number.NaN }, clock)).toThrow(
      TypeError,
    );
  });

  it('agrees with "more than N restarts in a window of P ms" for any sequence of restarts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 60 }),
        (intensity, period, gaps) => {
          const clock = fixedClock();
          const window = new RestartIntensity({ intensity, period }, clock);
          const history: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            clock.set(now);
            history.push(now);
            expect(window.exceededAfterRestart()).toBe(
              modelExceeded(history, now, intensity, period),
            );
          }
        },
      ),
    );
  });
});
