import { describe, expect, it } from 'vitest';
import { systemClock } from '../../actors/clock.js';
import { ManualClock } from '../support/manual-clock.js';

describe('ManualClock', () => {
  it('fires due timers in time order, ties in creation order, reading each due time', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    const note = (tag: string) => () => fired.push(`${tag}@${clock.now()}`);
    clock.setTimeout(note('c'), 30);
    clock.setTimeout(note('a'), 10);
    clock.setTimeout(note('b1'), 20);
    clock.setTimeout(note('b2'), 20);
    clock.setTimeout(note('late'), 100);
    clock.advance(30);
    expect(fired).toEqual(['a@1010', 'b1@1020', 'b2@1020', 'c@1030']);
    expect(clock.now()).toBe(1_030);
    expect(clock.pending).toBe(1);
  });

  it('fires timers set by timers when they fall within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).toEqual([5, 10]);
  });

  it('clearTimeout cancels; advance(0) fires timers due now', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const handle = clock.setTimeout(() => fired.push('cancelled'), 0);
    clock.setTimeout(() => fired.push('zero'), 0);
    clock.clearTimeout(handle);
    clock.advance(0);
    expect(fired).toEqual(['zero']);
  });
});

describe('systemClock', () => {
  it('reads a clock that does not go backwards and runs real timers', async () => {
    const t0 = systemClock.now();
    await new Promise<void>((resolve) => {
      systemClock.setTimeout(resolve, 1);
    });
    expect(systemClock.now()).toBeGreaterThanOrEqual(t0);
    const handle = systemClock.setTimeout(() => expect.unreachable(), 0);
    systemClock.clearTimeout(handle);
  });
});
