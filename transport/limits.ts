import { parseUrl } from './http-util.js';

/**
 * Which web pages may open a live socket, checked on the WebSocket upgrade:
 *
 * - `'same-host'` (the default of the server): the `Origin`'s scheme, host and port equal the
 *   request's: `Origin: https://app.example` passes with `Host: app.example` on a TLS socket (or
 *   behind a proxy that sends `X-Forwarded-Proto: https`, with the server's `trustProxy`), and
 *   not on plain http;
 * - a list of origins: `'https://a.example'` or `'http://localhost:4000'` match exactly (scheme,
 *   host, port; a trailing slash or a path in an entry is ignored), `'*'` matches any origin.
 *   There are no other wildcards: `'*.example.com'` matches nothing;
 * - a predicate `(origin) => boolean` (one that throws refuses);
 * - `false`: no check.
 *
 * A request without an `Origin` header is allowed: browsers always send one on a WebSocket
 * upgrade, so its absence means a non-browser client, which cross-site request forgery cannot
 * drive anyway.
 *
 * @example
 * createLiveServer({ routes, secret, origins: ['https://app.example', 'http://localhost:4000'] });
 */
export type OriginPolicy = 'same-host' | readonly string[] | ((origin: string) => boolean) | false;

function isSameHost(origin: string, host: string | undefined, scheme: 'http' | 'https'): boolean {
  const url = parseUrl(origin);
  // A Host header is `host[:port]` only; anything else would let the URL parser drop a part.
  if (url === undefined || host === undefined || !/^[^/?#@\\\s]+$/.test(host)) return false;
  if (url.protocol !== `${scheme}:`) return false;
  // Parse the Host header with the request's scheme so default ports compare equal
  // (`Host: a.example:443` and `Origin: https://a.example`) and case is normalized.
  const hostUrl = parseUrl(`${scheme}://${host}`);
  return hostUrl !== undefined && hostUrl.host === url.host;
}

function isListed(origin: string, list: readonly string[]): boolean {
  const url = parseUrl(origin);
  const normalized = url === undefined || url.origin === 'null' ? origin : url.origin;
  return list.some((entry) => {
    if (entry === '*' || entry === origin) return true;
    const allowed = parseUrl(entry);
    return allowed !== undefined && allowed.origin !== 'null' && allowed.origin === normalized;
  });
}

/**
 * True if a WebSocket upgrade with this `Origin` header may proceed under `policy`; `host` and
 * `scheme` are the request's (its `Host` header, and whether it came over TLS).
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  policy: OriginPolicy,
  scheme: 'http' | 'https',
): boolean {
  if (origin === undefined || policy === false) return true;
  if (policy === 'same-host') return isSameHost(origin, host, scheme);
  if (typeof policy === 'function') {
    try {
      return policy(origin) === true;
    } catch {
      return false;
    }
  }
  return isListed(origin, policy);
}

/**
 * A rate: at most `events` per `per` ms on average, with bursts up to `events`.
 *
 * @example
 * createLiveServer({ routes, secret, eventRate: { events: 50, per: 1_000 } satisfies RateLimit });
 */
export interface RateLimit {
  readonly events: number;
  readonly per: number;
}

/**
 * A token bucket: it holds up to `events` tokens, starts full and refills continuously at
 * `events / per` tokens per ms; each `take()` spends one. Over any stretch of `T` ms it lets
 * through at most `events + T * events / per` takes. Time comes from the injected `now`.
 */
export class RateLimiter {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(limit: RateLimit, now: () => number) {
    const { events, per } = limit;
    if (!(Number.isFinite(events) && events > 0 && Number.isFinite(per) && per > 0)) {
      throw new TypeError(
        `RateLimiter: events and per must be finite numbers > 0; got { events: ${events}, per: ${per} }`,
      );
    }
    this.#capacity = events;
    this.#perMs = events / per;
    this.#now = now;
    this.#tokens = events;
    this.#last = now();
  }

  /** Spends one token if there is one; false means the caller is over its rate. */
  take(): boolean {
    const now = this.#now();
    // A clock that steps back (it should not) refills nothing rather than draining.
    const elapsed = Math.max(0, now - this.#last);
    this.#last = Math.max(this.#last, now);
    this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#perMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
