/**
 * The examples app's pages as HTML: each carries its own title and the heading the index calls
 * it by, nothing inline that a strict Content-Security-Policy would block, a notice for
 * browsers without JavaScript; the stylesheet, icon and sources are served with their types
 * and caching, and nothing outside their fixed list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createExamplesApp, EXAMPLES } from '../examples/app.js';
import { TEST_SECRET } from './support/live-client.js';

let base = '';
beforeAll(async () => {
  const app = await createExamplesApp({ secret: TEST_SECRET });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).url;
  return () => app.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers });
const page = async (path: string) => (await get(path)).text();
const firstMatch = (html: string, re: RegExp) => re.exec(html)?.[1];

const routes = ['/', ...EXAMPLES.flatMap((e) => e.routes.map((r) => r.path))];

describe('the examples pages', () => {
  it.each(EXAMPLES.map((e) => [e.path, e] as const))(
    '%s: its heading is its name on the index, and its title says it',
    async (path, example) => {
      // The members' page sends the anonymous to sign in (examples-my-tickets.test.ts signs in).
      if (path === '/tickets') {
        const res = await fetch(`${base}${path}`, { redirect: 'manual' });
        expect([res.status, res.headers.get('location')]).toEqual([302, '/login']);
        return;
      }
      const html = await page(path);
      expect(firstMatch(html, /<h1>([^<]*)<\/h1>/)).toBe(example.title);
      expect(firstMatch(html, /<title[^>]*>([^<]*)<\/title>/)).toBe(
        `${example.title} · liveactor examples`,
      );
    },
  );

  it('the index names, explains and links every example and its source', async () => {
    const html = await page('/');
    for (const e of EXAMPLES) {
      expect(html).toContain(`<a href="${e.path}">${e.title}</a>`);
      expect(html).toContain(`href="/source/${e.source}"`);
      expect(html).toContain(e.tryThis.replaceAll("'", '&#39;'));
      expect(html).toContain(e.shows.replaceAll("'", '&#39;'));
    }
  });

  it.each(routes)(
    '%s has no inline style or script, and says it needs JavaScript',
    async (path) => {
      const html = await page(path);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/<style/i);
      // Every script is a file: an opening tag with src, closed at once.
      for (const script of html.match(/<script[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        expect(script).toMatch(/^<script[^>]* src="[^"]+"[^>]*><\/script>$/);
      }
      expect(html).toMatch(/<noscript>[\s\S]*needs JavaScript[\s\S]*<\/noscript>/);
    },
  );

  it("the chat's first page does not count its reader out of the room", async () => {
    const html = await page('/chat');
    expect(html).toContain('Joining…');
    expect(html).not.toContain('id="online"');
    expect(html).toMatch(/<form id="chat-form"[^>]* phx-change="validate"/);
  });
});

describe('the examples app files', () => {
  it('serves the stylesheet the pages link: text/css, a year at its hashed URL', async () => {
    const href = firstMatch(await page('/'), /<link rel="stylesheet" href="([^"]+)"/)!;
    expect(href).toMatch(/^\/assets\/app\.[\w-]{8}\.css$/);
    const res = await get(href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('--touch: 2.75rem');

    const plain = await get('/assets/app.css');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const etag = plain.headers.get('etag')!;
    expect((await get('/assets/app.css', { 'if-none-match': etag })).status).toBe(304);
  });

  it('serves the icon the pages link, and at /favicon.ico', async () => {
    const href = firstMatch(await page('/chat'), /<link rel="icon" href="([^"]+)"/)!;
    for (const path of [href, '/favicon.ico']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg /);
    }
  });

  it('serves each example source as text, and no other file', async () => {
    const res = await get('/source/chat.ts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('export const chat: Example');
    for (const path of [
      '/source/app.ts',
      '/source/../package.json',
      '/source/%2e%2e/package.json',
      '/assets/../app.ts',
      '/assets/layout.ts',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await fetch(`${base}/assets/app.css`, { method: 'POST' })).status).toBe(404);
  });
});
