import { describe, expect, it } from 'vitest';
import { renderDead } from '../../views/dead-render.js';
import { defineLiveView, type LiveView } from '../../views/live-view.js';
import type { UrlResolver } from '../../views/port.js';
import { html } from '../../views/render/html.js';
import type { LiveViewSocket } from '../../views/socket.js';
import { probe } from '../support/probe.js';
import { systemPerTest } from '../support/system-per-test.js';
import { startView, untag } from './view-support.js';

type Go =
  | { type: 'patch'; to: string; replace?: boolean }
  | { type: 'navigate'; to: string; replace?: boolean }
  | { type: 'redirect'; to: string };

const Other = defineLiveView<object>({ render: () => html`<p>other</p>` });

function pages(log: string[] = []) {
  const Pages = defineLiveView<{ page: string }, { go: Go }, Go>({
    mount(_params, session, socket) {
      socket.assign({ page: '?' });
      const go = session.go as Go | undefined;
      if (go !== undefined) navigate(go, socket);
    },
    handleParams(params, url, socket) {
      log.push(`params:${url.pathname}${url.search}`);
      socket.assign({ page: String(params.page ?? '-') });
    },
    handleEvent(_event, go, socket) {
      socket.pushEvent('before-leaving', { at: socket.assigns.page });
      if (go.type !== 'patch') socket.putFlash('info', 'Bye');
      navigate(go, socket);
    },
    handleInfo(go, socket) {
      navigate(go, socket);
    },
    render: (a) => html`<p>page ${a.page}</p>`,
  });
  // /other/* is served by Other; everything else by Pages, with the query as params.
  const resolve: UrlResolver = (url) =>
    url.pathname.startsWith('/other')
      ? { view: Other, params: {} }
      : { view: Pages, params: Object.fromEntries(url.searchParams) };
  return { Pages, resolve };
}

function navigate(go: Go, socket: LiveViewSocket<object>): void {
  if (go.type === 'patch') socket.pushPatch(go.to, { replace: go.replace === true });
  else if (go.type === 'navigate') socket.pushNavigate(go.to, { replace: go.replace === true });
  else socket.redirect(go.to);
}

describe('view navigation', () => {
  const env = systemPerTest();

  async function start(
    view: LiveView<{ page: string }, { go: Go }, Go>,
    resolve: UrlResolver,
    session = {},
  ) {
    return startView(env, view, {
      url: 'http://localhost/p?page=1',
      params: { page: '1' },
      resolve,
      session,
    });
  }

  it('pushPatch to the same view runs handleParams and pushes live_patch before the reply', async () => {
    const log: string[] = [];
    const { Pages, resolve } = pages(log);
    const view = await start(Pages, resolve);
    view.input({
      type: 'lv:event',
      ref: '1',
      event: 'go',
      value: { type: 'patch', to: '/p?page=2' },
    });
    expect((await view.drain()).map(untag)).toEqual([
      { type: 'lv:push', event: 'live_patch', payload: { to: '/p?page=2', kind: 'push' } },
      {
        type: 'lv:reply',
        ref: '1',
        response: { diff: { '0': '2', e: [['before-leaving', { at: '1' }]] } },
      },
    ]);
    expect(log).toEqual(['params:/p?page=1', 'params:/p?page=2']);
  });

  it('pushPatch to a URL of another view from an event: a live_redirect reply, lv:close, stop', async () => {
    const { Pages, resolve } = pages();
    const view = await start(Pages, resolve);
    view.input({
      type: 'lv:event',
      ref: '1',
      event: 'go',
      value: { type: 'patch', to: '/other/x' },
    });
    const outputs = [await view.next(), await view.next(), await view.next()].map(untag);
    expect(outputs).toEqual([
      { type: 'lv:push', event: 'diff', payload: { e: [['before-leaving', { at: '1' }]] } },
      { type: 'lv:reply', ref: '1', response: { live_redirect: { to: '/other/x', kind: 'push' } } },
      { type: 'lv:close' },
    ]);
    expect(await env.system.exited(view.pid)).toMatch(/^(normal|noproc)$/);
  });

  it('pushNavigate from an event: events as a diff push, the live_redirect reply with the flash, lv:close, stop', async () => {
    const { Pages, resolve } = pages();
    const view = await start(Pages, resolve);
    const pid = view.pid;
    const watcher = probe(env.system);
    env.system.monitor(watcher.pid, pid);
    view.input({
      type: 'lv:event',
      ref: '9',
      event: 'go',
      value: { type: 'navigate', to: '/other/1', replace: true },
    });
    const outputs = [await view.next(), await view.next(), await view.next()].map(untag);
    expect(outputs).toEqual([
      { type: 'lv:push', event: 'diff', payload: { e: [['before-leaving', { at: '1' }]] } },
      {
        type: 'lv:reply',
        ref: '9',
        response: { live_redirect: { to: '/other/1', kind: 'replace', flash: { info: 'Bye' } } },
      },
      { type: 'lv:close' },
    ]);
    expect(await watcher.next()).toMatchObject({ type: 'DOWN', reason: 'normal' });
  });

  it('redirect from handleInfo: a redirect push, then lv:close', async () => {
    const { Pages, resolve } = pages();
    const view = await start(Pages, resolve);
    env.system.send(view.pid, { type: 'redirect', to: 'https://example.com/' });
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'redirect',
      payload: { to: 'https://example.com/' },
    });
    expect(untag(await view.next())).toEqual({ type: 'lv:close' });
  });

  it('a pushPatch to another view from handleInfo is pushed as live_redirect', async () => {
    const { Pages, resolve } = pages();
    const view = await start(Pages, resolve);
    env.system.send(view.pid, { type: 'patch', to: '/other/x', replace: true });
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'live_redirect',
      payload: { to: '/other/x', kind: 'replace' },
    });
    expect(untag(await view.next())).toEqual({ type: 'lv:close' });
  });

  it('a client live_patch: handleParams for the same view, link_redirect for another', async () => {
    const log: string[] = [];
    const { Pages, resolve } = pages(log);
    const view = await start(Pages, resolve);
    view.input({ type: 'lv:live_patch', ref: '1', url: 'http://localhost/p?page=3' });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '1',
      response: { diff: { '0': '3' } },
    });
    view.input({ type: 'lv:live_patch', ref: '2', url: 'http://localhost/other/2' });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '2',
      response: { link_redirect: true },
    });
    expect(log).toEqual(['params:/p?page=1', 'params:/p?page=3']);
  });

  it('a redirect or pushNavigate during mount is a join error, then the view stops', async () => {
    const { Pages, resolve } = pages();
    const redirected = await start(Pages, resolve, { go: { type: 'redirect', to: '/login' } });
    expect(untag(redirected.first)).toEqual({
      type: 'lv:join_error',
      response: { redirect: { to: '/login' } },
    });
    const navigated = await start(Pages, resolve, { go: { type: 'navigate', to: '/other/1' } });
    expect(untag(navigated.first)).toEqual({
      type: 'lv:join_error',
      response: { live_redirect: { to: '/other/1', kind: 'push' } },
    });
    // Its supervisor has nothing left to supervise and exits too.
    expect(await env.system.exited(navigated.viewSup)).toMatch(/^(normal|noproc)$/);
  });

  it('a pushPatch during mount runs handleParams again and is reported in lv:mounted', async () => {
    const log: string[] = [];
    const { Pages, resolve } = pages(log);
    const view = await start(Pages, resolve, { go: { type: 'patch', to: '/p?page=5' } });
    expect(view.first).toMatchObject({
      type: 'lv:mounted',
      livePatch: { to: '/p?page=5', kind: 'push' },
      rendered: { '0': '5' },
    });
    expect(log).toEqual(['params:/p?page=1', 'params:/p?page=5']);
  });
});

describe('dead render', () => {
  const env = systemPerTest();

  function input(session: Record<string, unknown>, resolve: UrlResolver) {
    const url = new URL('http://localhost/p?page=1');
    return {
      id: 'phx-1',
      params: { page: '1' },
      session,
      url,
      flash: { info: 'hi' },
      system: env.system,
      pubsub: env.pubsub,
      resolve,
    };
  }

  it('mounts disconnected and renders HTML, with the title and the flash', async () => {
    const seen: unknown[] = [];
    const View = defineLiveView<{ n: number }>({
      mount(_params, _session, socket) {
        seen.push(socket.connected, socket.self, socket.connectParams);
        socket.subscribe('ignored');
        socket.assign({ n: 1 });
        socket.pageTitle = 'Dead';
      },
      render: (a) => html`<b>${a.n}</b>${a.flash.info}`,
    });
    const page = await renderDead(
      View,
      input({}, () => undefined),
    );
    expect(page).toEqual({
      type: 'html',
      html: '<b>1</b>hi',
      title: 'Dead',
      flash: { info: 'hi' },
    });
    expect(seen).toEqual([false, undefined, {}]);
    expect(env.pubsub.subscribers('ignored')).toEqual([]);
  });

  it('returns a redirect when mount redirects or navigates', async () => {
    const { Pages, resolve } = pages();
    expect(
      await renderDead(Pages, input({ go: { type: 'redirect', to: '/login' } }, resolve)),
    ).toEqual({
      type: 'redirect',
      to: '/login',
      flash: { info: 'hi' },
    });
    expect(
      await renderDead(Pages, input({ go: { type: 'navigate', to: '/other' } }, resolve)),
    ).toMatchObject({
      type: 'redirect',
      to: '/other',
    });
  });

  it('follows a pushPatch during the dead mount with handleParams, without a redirect', async () => {
    const log: string[] = [];
    const { Pages, resolve } = pages(log);
    const page = await renderDead(
      Pages,
      input({ go: { type: 'patch', to: '/p?page=7' } }, resolve),
    );
    expect(page).toMatchObject({ type: 'html', html: '<p>page 7</p>' });
    expect(log).toEqual(['params:/p?page=1', 'params:/p?page=7']);
  });
});
