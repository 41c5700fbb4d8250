/**
 * Retry delays for the socket and its channels.
 *
 * Many tabs lose the same server at the same moment; if they all retried on the same schedule
 * they would all arrive together. "Equal jitter" keeps half of each delay fixed (so a retry is
 * never almost immediate) and spreads the other half at random.
 */

/**
 * The delay before retry number `tries` (1 for the first): a random value between half and
 * all of `min(maxMs, baseMs * 2^(tries - 1))`. Defaults: 100 ms doubling up to 10 s.
 */
export function backoff(
  tries: number,
  opts: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const { baseMs = 100, maxMs = 10_000, random = Math.random } = opts;
  const cap = Math.min(maxMs, baseMs * 2 ** (Math.max(1, tries) - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * The delay before channel rejoin number `tries`: 1 s, 2 s, 5 s, then every 10 s, as Phoenix
 * does. No jitter: a rejoin only happens while the socket is up, and the server is answering.
 */
export function rejoinDelay(tries: number): number {
  return [1000, 2000, 5000][tries - 1] ?? 10_000;
}
