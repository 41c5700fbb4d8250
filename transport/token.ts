import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { TokenError } from './errors.js';

/**
 * Signed, timestamped tokens for data the server hands to the browser and must get back
 * unchanged (the session and static tokens of a live view container, flash, CSRF).
 *
 * Format: `base64url(JSON { d: data, t: signedAtMs }) + '.' + base64url(HMAC-SHA256(key, body))`.
 * The key is derived from the secret and a salt with HKDF-SHA256, so a token signed for one
 * purpose (salt 'session') never verifies for another (salt 'flash'). The token only holds
 * `[A-Za-z0-9_.-]`: safe in URLs, cookies and HTML attributes without escaping. It is signed,
 * not encrypted: the browser can read `d`.
 */

/**
 * Signs and verifies tokens for one purpose (one salt).
 *
 * @example
 * const signer: TokenSigner = createTokenSigner(secret, 'invite');
 * signer.verify(signer.sign({ room: 7 }), 3_600_000); // { room: 7 }
 */
export interface TokenSigner {
  /** A token carrying `data` (JSON-serializable) and the time it was signed. */
  sign(data: unknown): string;
  /**
   * The data of a token this signer made, if it is at most `maxAgeMs` old (default: the
   * signer's). Throws {@link TokenError}: `ERR_TOKEN_INVALID` for anything that is not such a
   * token (any non-string, truncated, tampered, other secret or salt), `ERR_TOKEN_EXPIRED` when
   * too old.
   */
  verify(token: unknown, maxAgeMs?: number): unknown;
}

/**
 * Options of {@link createTokenSigner}.
 *
 * @example
 * createTokenSigner(secret, 'session', { maxAgeMs: 86_400_000, now: () => clock.now() });
 */
export interface TokenSignerOptions {
  /** Oldest token `verify` accepts, in ms. Default 14 days; `Infinity` = no expiry. */
  readonly maxAgeMs?: number;
  /** Clock in ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Shortest accepted secret: 32 characters, the size of the HMAC-SHA256 key it feeds.
 *
 * @example
 * if (secret.length < MIN_SECRET_LENGTH) throw new Error('set a longer SECRET');
 */
export const MIN_SECRET_LENGTH = 32;

const DEFAULT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
const KEY_INFO = 'liveactor token v1';
// A SHA-256 MAC is 32 bytes: 43 base64url characters without padding.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

function checkMaxAge(maxAgeMs: number, where: string): void {
  if (typeof maxAgeMs !== 'number' || Number.isNaN(maxAgeMs) || maxAgeMs < 0) {
    throw new TypeError(`${where}: maxAgeMs must be a number >= 0 (or Infinity); got ${maxAgeMs}`);
  }
}

function invalid(why: string): TokenError {
  return new TokenError('ERR_TOKEN_INVALID', `token rejected: ${why}; sign a new one`);
}

/**
 * Creates a signer for one purpose. Throws `TypeError` for a secret shorter than
 * {@link MIN_SECRET_LENGTH} characters, an empty salt or a negative `maxAgeMs`.
 *
 * @example
 * const sessions = createTokenSigner(process.env.SECRET!, 'session', { maxAgeMs: 86_400_000 });
 * const token = sessions.sign({ id: 'phx-abc', route: '/counter' });
 * sessions.verify(token); // { id: 'phx-abc', route: '/counter' }
 */
export function createTokenSigner(
  secret: string,
  salt: string,
  opts: TokenSignerOptions = {},
): TokenSigner {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(
      `createTokenSigner: secret must be a string of at least ${MIN_SECRET_LENGTH} characters; ` +
        'generate one with crypto.randomBytes(32).toString("base64")',
    );
  }
  if (typeof salt !== 'string' || salt === '') {
    throw new TypeError('createTokenSigner: salt must be a non-empty string naming the purpose');
  }
  const defaultMaxAge = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  checkMaxAge(defaultMaxAge, 'createTokenSigner');
  const now = opts.now ?? Date.now;
  const key = Buffer.from(hkdfSync('sha256', secret, salt, KEY_INFO, 32));
  const mac = (body: string): string => createHmac('sha256', key).update(body).digest('base64url');

  return {
    sign(data: unknown): string {
      const body = Buffer.from(JSON.stringify({ d: data, t: now() }), 'utf8').toString('base64url');
      return `${body}.${mac(body)}`;
    },

    verify(token: unknown, maxAgeMs: number = defaultMaxAge): unknown {
      checkMaxAge(maxAgeMs, 'verify');
      if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) throw invalid('malformed');
      const dot = token.indexOf('.');
      const body = token.slice(0, dot);
      // Compare the encoded MACs, not decoded bytes: base64url decoding ignores the spare bits
      // of the last character, so a changed character could otherwise still verify.
      const given = Buffer.from(token.slice(dot + 1), 'latin1');
      const expected = Buffer.from(mac(body), 'latin1');
      if (!timingSafeEqual(given, expected)) throw invalid('bad signature');
      const claims = parseClaims(body);
      if (now() - claims.t > maxAgeMs) {
        throw new TokenError(
          'ERR_TOKEN_EXPIRED',
          `token signed ${now() - claims.t} ms ago is older than ${maxAgeMs} ms; reload the page`,
        );
      }
      return claims.d;
    },
  };
}

function parseClaims(body: string): { d: unknown; t: number } {
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid('unreadable body');
  }
  // Only reachable for a body signed with our key but not by `sign` (a format change).
  if (typeof claims !== 'object' || claims === null || !('t' in claims)) throw invalid('no time');
  const { d, t } = claims as { d?: unknown; t: unknown };
  if (typeof t !== 'number' || !Number.isFinite(t)) throw invalid('no time');
  return { d, t };
}

/**
 * A fresh CSRF token: 16 random bytes, signed, so the server can later tell its own tokens
 * from forged ones without storing them. Use a signer with its own salt (e.g. 'csrf').
 *
 * @example
 * const csrf = createTokenSigner(secret, 'csrf');
 * const token = createCsrfToken(csrf);   // into <meta name="csrf-token">
 * isCsrfTokenValid(csrf, token);         // true
 */
export function createCsrfToken(signer: TokenSigner): string {
  return signer.sign({ csrf: randomBytes(16).toString('base64url') });
}

/**
 * True if `token` came from {@link createCsrfToken} with this signer and has not expired.
 *
 * @example
 * if (!isCsrfTokenValid(csrf, params._csrf_token)) reply({ reason: 'stale' });
 */
export function isCsrfTokenValid(signer: TokenSigner, token: unknown): boolean {
  try {
    const data = signer.verify(token);
    return (
      typeof data === 'object' &&
      data !== null &&
      typeof (data as { csrf?: unknown }).csrf === 'string'
    );
  } catch (error) {
    if (error instanceof TokenError) return false;
    throw error;
  }
}
