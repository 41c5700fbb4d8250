import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenError } from '../../transport/errors.js';
import {
  createCsrfToken,
  createTokenSigner,
  isCsrfTokenValid,
  MIN_SECRET_LENGTH,
} from '../../transport/token.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const OTHER_SECRET = 'another-secret-that-is-long-enough-9876543210';

function manualTime(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectTokenError(fn: () => unknown, code: string): void {
  const error = errorOf(fn);
  expect(error).toBeInstanceOf(TokenError);
  expect(error).toMatchObject({ code });
}

describe('createTokenSigner', () => {
  it('verifies what it signed and returns the data', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const data = { id: 'phx-abc', route: '/events/:id', session: { user: 7, tags: ['a'] } };
    expect(signer.verify(signer.sign(data))).toEqual(data);
    expect(signer.verify(signer.sign(null))).toBe(null);
    expect(signer.verify(signer.sign('text'))).toBe('text');
  });

  it('makes tokens that are safe in URLs, cookies and HTML attributes', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const token = signer.sign({ text: '<"&\'>?/+=é🎉' });
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('rejects every non-string token as invalid', () => {
    const signer = createTokenSigner(SECRET, 'session');
    for (const bad of [undefined, null, 42, {}, ['a.b'], true]) {
      expectTokenError(() => signer.verify(bad), 'ERR_TOKEN_INVALID');
    }
  });

  it('rejects malformed and truncated tokens as invalid', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const token = signer.sign({ id: 1 });
    const [body, mac] = token.split('.') as [string, string];
    for (const bad of [
      '',
      '.',
      body,
      `${body}.`,
      `.${mac}`,
      token.slice(0, -1),
      token.slice(1),
      `${token}A`,
      `${body}.${mac}.${mac}`,
      `${body} .${mac}`,
      `${body}.${mac.slice(0, -1)}=`,
    ]) {
      expectTokenError(() => signer.verify(bad), 'ERR_TOKEN_INVALID');
    }
  });

  it('rejects a MAC whose last character differs only in bits base64url decoding ignores', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const token = signer.sign({ id: 1 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    for (const spare of [1, 2, 3]) {
      const twin = token.slice(0, -1) + alphabet[last ^ spare];
      const macOf = (t: string) => Buffer.from(t.split('.')[1]!, 'base64url');
      expect(macOf(twin).equals(macOf(token))).toBe(true);
      expectTokenError(() => signer.verify(twin), 'ERR_TOKEN_INVALID');
    }
  });

  it('rejects a token whose data was changed and re-encoded', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const token = signer.sign({ id: 'phx-abc', admin: false });
    const [body, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    claims.d.admin = true;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
    expectTokenError(() => signer.verify(forged), 'ERR_TOKEN_INVALID');
  });

  it('rejects a token re-signed with a guessed key (the raw secret) as invalid', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const body = Buffer.from(JSON.stringify({ d: { admin: true }, t: Date.now() })).toString(
      'base64url',
    );
    const mac = createHmac('sha256', SECRET).update(body).digest('base64url');
    expectTokenError(() => signer.verify(`${body}.${mac}`), 'ERR_TOKEN_INVALID');
  });

  it('rejects a token from another salt or another secret as invalid', () => {
    const session = createTokenSigner(SECRET, 'session');
    const flash = createTokenSigner(SECRET, 'flash');
    const foreign = createTokenSigner(OTHER_SECRET, 'session');
    expectTokenError(() => flash.verify(session.sign({ id: 1 })), 'ERR_TOKEN_INVALID');
    expectTokenError(() => session.verify(foreign.sign({ id: 1 })), 'ERR_TOKEN_INVALID');
  });

  it('expires a token older than maxAgeMs and accepts it up to that age', () => {
    const time = manualTime();
    const signer = createTokenSigner(SECRET, 'session', { maxAgeMs: 60_000, now: time.now });
    const token = signer.sign('x');
    time.advance(60_000);
    expect(signer.verify(token)).toBe('x');
    time.advance(1);
    expectTokenError(() => signer.verify(token), 'ERR_TOKEN_EXPIRED');
  });

  it('lets verify override the max age per call', () => {
    const time = manualTime();
    const signer = createTokenSigner(SECRET, 'session', { maxAgeMs: 60_000, now: time.now });
    const token = signer.sign('x');
    time.advance(10_000);
    expectTokenError(() => signer.verify(token, 5_000), 'ERR_TOKEN_EXPIRED');
    time.advance(1_000_000);
    expect(signer.verify(token, Number.POSITIVE_INFINITY)).toBe('x');
  });

  it('expires tokens after 14 days by default', () => {
    const time = manualTime();
    const signer = createTokenSigner(SECRET, 'session', { now: time.now });
    const token = signer.sign('x');
    time.advance(14 * 24 * 3_600_000);
    expect(signer.verify(token)).toBe('x');
    time.advance(1);
    expectTokenError(() => signer.verify(token), 'ERR_TOKEN_EXPIRED');
  });

  it('reports a tampered old token as invalid, not expired', () => {
    const time = manualTime();
    const signer = createTokenSigner(SECRET, 'session', { maxAgeMs: 1_000, now: time.now });
    const token = signer.sign('x');
    time.advance(5_000);
    expectTokenError(() => signer.verify(`${token.slice(0, -2)}AA`), 'ERR_TOKEN_INVALID');
  });

  it('throws TypeError for a short secret, an empty salt or a negative max age', () => {
    expect(() => createTokenSigner('x'.repeat(MIN_SECRET_LENGTH - 1), 'session')).toThrow(
      TypeError,
    );
    expect(() => createTokenSigner(undefined as unknown as string, 'session')).toThrow(TypeError);
    expect(() => createTokenSigner(SECRET, '')).toThrow(TypeError);
    expect(() => createTokenSigner(SECRET, 's', { maxAgeMs: -1 })).toThrow(TypeError);
    expect(() => createTokenSigner(SECRET, 's').verify('a.b', Number.NaN)).toThrow(TypeError);
    expect(createTokenSigner('x'.repeat(MIN_SECRET_LENGTH), 'session').sign(1)).toBeTypeOf(
      'string',
    );
  });

  it('verifies a token iff it is unmodified', () => {
    const signer = createTokenSigner(SECRET, 'session');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split('');
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom(...alphabet),
        (data, at, replacement) => {
          const token = signer.sign(data);
          expect(signer.verify(token)).toEqual(JSON.parse(JSON.stringify(data) ?? 'null'));
          const i = at % token.length;
          const modified = token.slice(0, i) + replacement + token.slice(i + 1);
          if (modified === token) expect(signer.verify(modified)).toEqual(signer.verify(token));
          else expectTokenError(() => signer.verify(modified), 'ERR_TOKEN_INVALID');
        },
      ),
    );
  });
});

describe('CSRF tokens', () => {
  it('are valid for the signer that made them and fresh each time', () => {
    const csrf = createTokenSigner(SECRET, 'csrf');
    const a = createCsrfToken(csrf);
    const b = createCsrfToken(csrf);
    expect(a).not.toBe(b);
    expect(isCsrfTokenValid(csrf, a)).toBe(true);
  });

  it('are refused when forged, from another purpose, or expired', () => {
    const time = manualTime();
    const csrf = createTokenSigner(SECRET, 'csrf', { maxAgeMs: 1_000, now: time.now });
    const session = createTokenSigner(SECRET, 'session');
    const csrfElsewhere = createTokenSigner(SECRET, 'session', { now: time.now });
    expect(isCsrfTokenValid(csrf, undefined)).toBe(false);
    expect(isCsrfTokenValid(csrf, 'Zx1kB3')).toBe(false);
    expect(isCsrfTokenValid(csrf, createCsrfToken(session))).toBe(false);
    expect(isCsrfTokenValid(csrf, csrf.sign({ id: 'not a csrf token' }))).toBe(false);
    expect(isCsrfTokenValid(csrfElsewhere, createCsrfToken(csrf))).toBe(false);
    const token = createCsrfToken(csrf);
    time.advance(1_001);
    expect(isCsrfTokenValid(csrf, token)).toBe(false);
  });
});
