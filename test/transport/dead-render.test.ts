import { describe, expect, it } from 'vitest';
import { html } from '../../views/render/html.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { eventView, flashView, redirectingView } from './fixtures.js';
import { serverSigner } from './server-fixtures.js';

const routes = [
  { path: '/events/:id', view: eventView },
  { path: '/redirecting', view: redirectingView },
  { path: '/flash', view: flashView },
];

describe('the dead render', () => {
  it('renders the page: layout, csrf meta, the container with signed tokens, the view inside', async () => {
    const { url } = await startLiveServer({ routes, session: () => ({ user: 'ada' }) });
    const page = await getPage(url, '/events/7?tab=info');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.html).toMatch(/<meta name="csrf-token" content="[A-Za-z0-9_.-]+">/);
    expect(page.html).toContain('<title>Event 7</title>');
    // The bundle's hashed URL when dist/ has one, its plain URL while it has none.
    expect(page.html).toMatch(
      /<script defer type="text\/javascript" src="\/liveactor(\.[0-9a-f]{16})?\.js"><\/script>/,
    );
    expect(page.id).toMatch(/^phx-[A-Za-z0-9_-]{16}$/);
    expect(page.html).toContain(
      `<div id="${page.id}" data-phx-main data-phx-session="${page.session}" data-phx-static="${page.static}"><h1>7</h1><p>ada</p></div>`,
    );
    const claims = serverSigner('session').verify(page.session);
    // The session token carries the nonce of the page's CSRF token: they only pass together.
    const { csrf } = serverSigner('csrf').verify(page.csrfToken) as { csrf: string };
    expect(claims).toEqual({ id: page.id, route: '/events/:id', session: { user: 'ada' }, csrf });
    expect(serverSigner('static').verify(page.static)).toEqual({
      id: page.id,
      flash: {},
    });
  });

  it('gives every page its own container id', async () => {
    const { url } = await startLiveServer({ routes });
    const [a, b] = [await getPage(url, '/events/1'), await getPage(url, '/events/1')];
    expect(a.id).not.toBe(b.id);
  });

  it('renders the same markup the join then sends', async () => {
    const { url } = await startLiveServer({ routes });
    const page = await getPage(url, '/events/3');
    const view = await (await LiveClient.connect(url)).join(page);
    expect(view.rendered).toMatchObject({ '0': '3', '1': 'anonymous', t: 'Event 3' });
  });

  it('uses a custom layout, string or template', async () => {
    const asTemplate = await startLiveServer({
      routes,
      layout: (p) => html`<!DOCTYPE html><main data-csrf=${p.csrfToken}>${p.content}</main>`,
    });
    const page = await getPage(asTemplate.url, '/events/1');
    expect(page.html).toMatch(/^<!DOCTYPE html><main data-csrf="[^"]+"><div id="phx-/);
    const asString = await startLiveServer({
      routes,
      layout: (p) => `<body>${p.content.html}</body>`,
    });
    expect((await getPage(asString.url, '/events/1')).html).toMatch(
      /^<body><div id="phx-[^"]+" data-phx-main/,
    );
  });

  it('answers a mount that redirects with a 302 and the flash in the flash cookie', async () => {
    const { url } = await startLiveServer({ routes });
    const res = await fetch(`${url}/redirecting`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    const cookie = res.headers.get('set-cookie') ?? '';
    const [, token = '', attributes] = /^__phoenix_flash__=([^;]+)(.*)$/.exec(cookie) ?? [];
    expect(serverSigner('flash').verify(decodeURIComponent(token))).toEqual({
      error: 'nope',
    });
    expect(attributes).toBe('; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
  });

  it('marks the flash cookie Secure over https: behind a proxy only with trustProxy', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const flash = async (url: string, headers: Record<string, string>) =>
      (await fetch(`${url}/redirecting`, { redirect: 'manual', headers })).headers.get(
        'set-cookie',
      ) ?? '';
    const trusting = await startLiveServer({ routes, trustProxy: true });
    expect(await flash(trusting.url, https)).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    expect(await flash(trusting.url, { 'x-forwarded-proto': 'http' })).not.toContain('Secure');
    const direct = await startLiveServer({ routes });
    expect(await flash(direct.url, https)).not.toContain('Secure');
  });

  it('reads the flash cookie into the mount, puts it in the static token, and clears the cookie', async () => {
    const { url } = await startLiveServer({ routes });
    const token = serverSigner('flash').sign({ info: 'Saved' });
    const page = await getPage(url, '/flash', {
      headers: { cookie: `a=1; __phoenix_flash__=${token}` },
    });
    expect(page.html).toContain('<p>Saved</p>');
    expect(page.headers.get('set-cookie')).toBe(
      '__phoenix_flash__=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
    );
    expect(serverSigner('static').verify(page.static)).toEqual({
      id: page.id,
      flash: { info: 'Saved' },
    });
    const view = await (await LiveClient.connect(url)).join(page);
    expect(view.rendered).toMatchObject({ '0': 'Saved' });
    const forged = await getPage(url, '/flash', {
      headers: { cookie: '__phoenix_flash__=forged.token' },
    });
    expect(forged.html).toContain('<p>none</p>');
  });

  it('answers 404 for a path no route matches, and no body to HEAD', async () => {
    const { url } = await startLiveServer({ routes });
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const head = await fetch(`${url}/events/1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
