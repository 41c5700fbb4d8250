import { describe, expect, test } from 'vitest';
import { backoff, rejoinDelay } from '../../client/backoff.js';

describe('backoff', () => {
  test('keeps half of the doubled delay fixed and spreads the other half with random()', () => {
    expect([1, 2, 3, 4].map((tries) => backoff(tries, { random: () => 0 }))).toEqual([
      50, 100, 200, 400,
    ]);
    expect([1, 2, 3, 4].map((tries) => backoff(tries, { random: () => 1 }))).toEqual([
      100, 200, 400, 800,
    ]);
    expect(backoff(3, { random: () => 0.5 })).toBe(300);
  });

  test('never passes maxMs, however many tries', () => {
    expect(backoff(8, { random: () => 1 })).toBe(10_000);
    expect(backoff(1000, { random: () => 1 })).toBe(10_000);
    expect(backoff(1000, { random: () => 0 })).toBe(5000);
    expect(backoff(5, { baseMs: 1000, maxMs: 4000, random: () => 1 })).toBe(4000);
  });

  test('treats tries below 1 as the first try', () => {
    expect(backoff(0, { random: () => 1 })).toBe(100);
    expect(backoff(-3, { random: () => 1 })).toBe(100);
  });

  test('with Math.random stays within the equal-jitter bounds', () => {
    for (let i = 0; i < 100; i++) {
      const delay = backoff(3);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});

describe('rejoinDelay', () => {
  test('is 1 s, 2 s, 5 s, then 10 s for every later try', () => {
    expect([1, 2, 3, 4, 5, 50].map(rejoinDelay)).toEqual([
      1000, 2000, 5000, 10_000, 10_000, 10_000,
    ]);
  });
});
