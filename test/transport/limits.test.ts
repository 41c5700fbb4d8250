import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOriginAllowed, RateLimiter } from '../../transport/limits.js';

describe('isOriginAllowed', () => {
  it('allows a request without an Origin header under every policy', () => {
    for (const policy of ['same-host', ['https://a.example'], () => false, false] as const) {
      expect(isOriginAllowed(undefined, 'app.example', policy, 'http')).toBe(true);
    }
  });

  it("'same-host' allows an origin whose scheme, host and port equal the request's", () => {
    const https = (origin: string, host: string) =>
      isOriginAllowed(origin, host, 'same-host', 'https');
    expect(https('https://app.example', 'app.example')).toBe(true);
    expect(isOriginAllowed('http://localhost:4000', 'localhost:4000', 'same-host', 'http')).toBe(
      true,
    );
    expect(isOriginAllowed('http://127.0.0.1:4000', '127.0.0.1:4000', 'same-host', 'http')).toBe(
      true,
    );
    expect(https('https://App.Example', 'app.EXAMPLE')).toBe(true);
    expect(https('https://app.example', 'app.example:443')).toBe(true);
    expect(isOriginAllowed('http://[::1]:4000', '[::1]:4000', 'same-host', 'http')).toBe(true);
  });

  it("'same-host' refuses an origin of the other scheme (an https page on plain http, or back)", () => {
    expect(isOriginAllowed('https://app.example', 'app.example', 'same-host', 'http')).toBe(false);
    expect(isOriginAllowed('https://127.0.0.1:4000', '127.0.0.1:4000', 'same-host', 'http')).toBe(
      false,
    );
    expect(isOriginAllowed('http://app.example', 'app.example', 'same-host', 'https')).toBe(false);
  });

  it("'same-host' refuses another host, another port, odd schemes and unparsable values", () => {
    const check = (origin: string, host: string | undefined) =>
      isOriginAllowed(origin, host, 'same-host', 'https');
    expect(check('https://evil.example', 'app.example')).toBe(false);
    expect(isOriginAllowed('http://localhost:4001', 'localhost:4000', 'same-host', 'http')).toBe(
      false,
    );
    expect(isOriginAllowed('http://localhost', 'localhost:4000', 'same-host', 'http')).toBe(false);
    expect(check('https://app.example.evil.example', 'app.example')).toBe(false);
    expect(check('null', 'app.example')).toBe(false);
    expect(check('', 'app.example')).toBe(false);
    expect(check('file:///x', 'app.example')).toBe(false);
    expect(check('https://app.example', undefined)).toBe(false);
    expect(check('https://app.example', '')).toBe(false);
    expect(check('https://app.example', 'app.example/evil')).toBe(false);
  });

  it('an allow-list matches scheme, host and port exactly', () => {
    const list = ['https://a.example', 'http://localhost:4000/', 'HTTPS://B.EXAMPLE:443'];
    expect(isOriginAllowed('https://a.example', 'x', list, 'http')).toBe(true);
    expect(isOriginAllowed('http://localhost:4000', 'x', list, 'http')).toBe(true);
    expect(isOriginAllowed('https://b.example', 'x', list, 'http')).toBe(true);
    expect(isOriginAllowed('http://a.example', 'x', list, 'http')).toBe(false);
    expect(isOriginAllowed('https://a.example:8443', 'x', list, 'http')).toBe(false);
    expect(isOriginAllowed('https://sub.a.example', 'x', list, 'http')).toBe(false);
    expect(isOriginAllowed('http://localhost:4001', 'x', list, 'http')).toBe(false);
    expect(isOriginAllowed('null', 'x', list, 'http')).toBe(false);
    expect(isOriginAllowed('https://a.example', 'x', [], 'http')).toBe(false);
  });

  it("an allow-list with '*' allows any origin, and no other wildcard exists", () => {
    expect(isOriginAllowed('https://anything.example', 'x', ['*'], 'http')).toBe(true);
    expect(isOriginAllowed('null', 'x', ['*'], 'http')).toBe(true);
    expect(isOriginAllowed('https://a.example.com', 'x', ['*.example.com'], 'http')).toBe(false);
    expect(isOriginAllowed('null', 'x', ['null'], 'http')).toBe(true);
  });

  it('a predicate decides, and one that throws refuses', () => {
    const seen: string[] = [];
    const policy = (origin: string) => {
      seen.push(origin);
      return origin.endsWith('.trusted.example');
    };
    expect(isOriginAllowed('https://x.trusted.example', 'h', policy, 'http')).toBe(true);
    expect(isOriginAllowed('https://x.other.example', 'h', policy, 'http')).toBe(false);
    expect(seen).toEqual(['https://x.trusted.example', 'https://x.other.example']);
    const throwing = () => {
      throw new Error('boom');
    };
    expect(isOriginAllowed('https://x.example', 'h', throwing, 'http')).toBe(false);
  });

  it('false disables the check', () => {
    expect(isOriginAllowed('https://evil.example', 'app.example', false, 'http')).toBe(true);
  });
});

describe('RateLimiter', () => {
  function clock() {
    let t = 1_000;
    return {
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
    };
  }

  it('allows a burst of `events`, then refuses', () => {
    const time = clock();
    const limiter = new RateLimiter({ events: 3, per: 1_000 }, time.now);
    expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('refills at events/per tokens per ms, up to the burst size', () => {
    const time = clock();
    const limiter = new RateLimiter({ events: 4, per: 1_000 }, time.now);
    for (let i = 0; i < 4; i++) limiter.take();
    time.advance(249);
    expect(limiter.take()).toBe(false);
    time.advance(1);
    expect(limiter.take()).toBe(true);
    expect(limiter.take()).toBe(false);
    time.advance(60_000);
    expect(Array.from({ length: 5 }, () => limiter.take())).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('does not refill or break when the clock steps back', () => {
    const time = clock();
    const limiter = new RateLimiter({ events: 1, per: 1_000 }, time.now);
    expect(limiter.take()).toBe(true);
    time.advance(-5_000);
    expect(limiter.take()).toBe(false);
    time.advance(5_999);
    expect(limiter.take()).toBe(false);
    time.advance(1_001);
    expect(limiter.take()).toBe(true);
  });

  it('throws TypeError for a limit that is not positive and finite', () => {
    for (const limit of [
      { events: 0, per: 1_000 },
      { events: 10, per: 0 },
      { events: -1, per: 1_000 },
      { events: Number.NaN, per: 1_000 },
      { events: 10, per: Number.POSITIVE_INFINITY },
    ]) {
      expect(() => new RateLimiter(limit, () => 0)).toThrow(TypeError);
    }
  });

  it('never lets more than events + T * events / per through in T ms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 300 }),
        (events, per, steps) => {
          const time = clock();
          const limiter = new RateLimiter({ events, per }, time.now);
          let allowed = 0;
          let elapsed = 0;
          for (const step of steps) {
            time.advance(step);
            elapsed += step;
            if (limiter.take()) allowed++;
            expect(allowed).toBeLessThanOrEqual(events + (elapsed * events) / per + 1e-9);
          }
        },
      ),
    );
  });
});
