import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutProps } from '../../transport/options.js';
import {
  defaultContentSecurityPolicy,
  resolveSecurityHeaders,
} from '../../transport/security-headers.js';
import { getPage, startLiveServer } from '../support/live-client.js';
import { counterView } from './fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];

function bundleFile(): string {
  const file = join(tmpdir(), `liveactor-headers-${process.pid}.js`);
  writeFileSync(file, 'console.log(1);\n');
  return file;
}

describe('security headers', () => {
  it('sends a page a strict CSP with a fresh nonce, the one its layout gets', async () => {
    const nonces: string[] = [];
    const layout = (p: LayoutProps) => {
      nonces.push(p.nonce);
      return `<!DOCTYPE html><meta name="csrf-token" content="${p.csrfToken}">${p.content.html}`;
    };
    const { url } = await startLiveServer({ routes, layout });
    const [a, b] = [await getPage(url, '/counter'), await getPage(url, '/counter')];
    const policy = a.headers.get('content-security-policy') ?? '';
    expect(nonces).toHaveLength(2);
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(policy).toBe(`${defaultContentSecurityPolicy(nonces[0] ?? '')}; frame-ancestors 'self'`);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(policy).toContain("script-src 'self' 'nonce-");
    expect(b.headers.get('content-security-policy')).toContain(`'nonce-${nonces[1]}'`);
    for (const page of [a, b]) {
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('sends nosniff, Referrer-Policy and X-Frame-Options on the bundle and a 404', async () => {
    const { url } = await startLiveServer({ routes, clientBundle: bundleFile() });
    for (const path of ['/liveactor.js', '/nowhere']) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    }
  });

  it('leaves a request it passes on to next() alone', async () => {
    const { live } = await startLiveServer({ routes });
    const set: string[] = [];
    const res = { setHeader: (name: string) => set.push(name) };
    const req = { method: 'GET', url: '/elsewhere', headers: { host: 'x' }, socket: {} };
    let passed = false;
    live.handler(req as never, res as never, () => {
      passed = true;
    });
    expect(passed).toBe(true);
    expect(set).toEqual([]);
  });

  it('takes a policy of its own, as a string or from the nonce, and adds frame-ancestors', async () => {
    const { url } = await startLiveServer({
      routes,
      securityHeaders: {
        contentSecurityPolicy: (nonce) => `default-src 'self'; script-src 'nonce-${nonce}'`,
        frameAncestors: "'none'",
        referrerPolicy: 'no-referrer',
      },
    });
    const page = await getPage(url, '/counter');
    expect(page.headers.get('content-security-policy')).toMatch(
      /^default-src 'self'; script-src 'nonce-[A-Za-z0-9+/=]+'; frame-ancestors 'none'$/,
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const fixed = resolveSecurityHeaders({
      contentSecurityPolicy: "default-src 'none'; frame-ancestors https://a.example",
    });
    expect(fixed.policy?.('n')).toBe("default-src 'none'; frame-ancestors https://a.example");
  });

  it('sends none of a header set to false, and nothing at all for securityHeaders: false', async () => {
    const some = resolveSecurityHeaders({
      contentSecurityPolicy: false,
      frameAncestors: false,
      noSniff: false,
    });
    expect(some.policy).toBeUndefined();
    expect(some.common).toEqual([['referrer-policy', 'strict-origin-when-cross-origin']]);
    const { url } = await startLiveServer({ routes, securityHeaders: false });
    const page = await getPage(url, '/counter');
    for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
      expect(page.headers.get(name)).toBeNull();
    }
  });

  it('refuses a header value that would split the response, at startup', () => {
    expect(() =>
      resolveSecurityHeaders({ referrerPolicy: 'no-referrer\r\nSet-Cookie: x=1' }),
    ).toThrow(TypeError);
    expect(() =>
      resolveSecurityHeaders({ contentSecurityPolicy: () => "default-src 'self'\nX: y" }),
    ).toThrow(TypeError);
  });
});
