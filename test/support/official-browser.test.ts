/**
 * Self-test of the official-client harness against a stand-in server written here (node:http
 * + ws, a few hand-made Phoenix channel v2 replies), so the harness is proven before the real
 * transport exists. The stand-in knows one counter view: it answers heartbeats, joins with a
 * full `rendered`, events with a diff reply, can push a `diff` on its own (what a PubSub
 * broadcast turns into) and can drop every connection (what a crash of the connection does).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { closeAllOfficialPages, OfficialPageError, openOfficialPage } from './official-browser.js';

type Message = [string | null, string | null, string, string, Record<string, unknown>];

const STATICS = [
  '<span>',
  '</span><button phx-click="inc">+</button><button id="go" phx-click="go">go</button>' +
    '<form id="f" phx-change="validate" phx-submit="save"><input name="q" value=""></form>' +
    '<div phx-window-keydown="key" phx-key="Enter"></div><p id="echo">',
  '</p>',
];

function page(id: string): string {
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    '<meta name="csrf-token" content="CSRF-1"><title>stand-in</title>' +
    '<script defer src="/assets/app.js"></script></head><body>' +
    `<div id="${id}" data-phx-main data-phx-session="S" data-phx-static="">` +
    '<span>0</span></div></body></html>'
  );
}

interface StandIn {
  readonly url: string;
  /** Frames the stand-in received, decoded. */
  readonly inbox: Message[];
  /** Page requests: path and Cookie header. */
  readonly gets: { path: string; cookie: string | undefined }[];
  /** Upgrade request headers, one entry per connection. */
  readonly upgrades: Record<string, string | string[] | undefined>[];
  readonly state: { count: number; echo: string };
  /** Pushes `diff` on every joined counter topic (a PubSub broadcast, seen from the client). */
  broadcast(diff: Record<string, unknown>): void;
  /** Pushes `phx_error` on every joined topic and refuses their rejoins ('join crashed'). */
  failViews(): void;
  /** Closes every connection abnormally, as a crashed port would. */
  dropAll(): void;
  close(): Promise<void>;
}

async function startStandIn(): Promise<StandIn> {
  const inbox: Message[] = [];
  const upgrades: StandIn['upgrades'] = [];
  const gets: StandIn['gets'] = [];
  const state = { count: 0, echo: '' };
  const joined = new Map<WebSocket, { topic: string; joinRef: string | null }>();
  let failed = false;
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    gets.push({ path, cookie: req.headers.cookie });
    if (path === '/counter' || path === '/fail') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': 'sid=abc; Path=/; HttpOnly',
      });
      res.end(page(path === '/counter' ? 'phx-counter' : 'phx-fail'));
      return;
    }
    res.writeHead(404).end('not found');
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/live/websocket')) {
      socket.destroy();
      return;
    }
    upgrades.push({ ...req.headers, url: req.url });
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const send = (ws: WebSocket, message: Message): void => ws.send(JSON.stringify(message));
  const reply = (
    ws: WebSocket,
    [joinRef, ref, topic]: Message,
    status: string,
    response: unknown,
  ) => send(ws, [joinRef, ref, topic, 'phx_reply', { status, response }]);

  function serve(ws: WebSocket): void {
    ws.on('close', () => joined.delete(ws));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as Message;
      inbox.push(message);
      const [joinRef, , topic, event, payload] = message;
      if (event === 'heartbeat') return reply(ws, message, 'ok', {});
      if ((topic === 'lv:phx-fail' || failed) && event === 'phx_join') {
        return reply(ws, message, 'error', { reason: 'join crashed' });
      }
      if (topic !== 'lv:phx-counter')
        return reply(ws, message, 'error', { reason: 'unmatched topic' });
      if (event === 'phx_join') {
        joined.set(ws, { topic, joinRef });
        return reply(ws, message, 'ok', {
          rendered: { '0': String(state.count), '1': state.echo, s: STATICS },
          liveview_version: '1.2.12',
        });
      }
      if (event === 'event' && payload.event === 'inc') {
        state.count += 1;
        return reply(ws, message, 'ok', { diff: { '0': String(state.count) } });
      }
      if (event === 'event' && (payload.event === 'validate' || payload.event === 'save')) {
        const q = new URLSearchParams(String(payload.value)).get('q') ?? '';
        state.echo = payload.event === 'save' ? `saved ${q}` : q;
        return reply(ws, message, 'ok', { diff: { '1': state.echo } });
      }
      if (event === 'event' && payload.event === 'go') {
        return reply(ws, message, 'ok', { redirect: { to: '/fail?from=go', flash: 'FLASH' } });
      }
      if (event === 'event' && payload.event === 'key') {
        state.echo = `key ${String((payload.value as { key?: unknown }).key)}`;
        return reply(ws, message, 'ok', { diff: { '1': state.echo } });
      }
      if (event === 'phx_leave') return reply(ws, message, 'ok', {});
      return reply(ws, message, 'ok', {});
    });
  }

  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inbox,
    gets,
    upgrades,
    state,
    broadcast(diff) {
      for (const [ws, { topic, joinRef }] of joined) send(ws, [joinRef, null, topic, 'diff', diff]);
    },
    failViews() {
      failed = true;
      for (const [ws, { topic, joinRef }] of joined) {
        send(ws, [joinRef, joinRef, topic, 'phx_error', { reason: 'view_failed' }]);
      }
    },
    dropAll() {
      for (const ws of wss.clients) ws.terminate();
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        http.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

describe('openOfficialPage (official LiveView 1.2 client in happy-dom)', () => {
  let server: StandIn | undefined;

  afterEach(async () => {
    await closeAllOfficialPages();
    await server?.close();
    server = undefined;
  });

  it('joins, clicks and renders the reply diff; records the frames the client sent', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    expect(page.liveSocket.version()).toBe('1.2.12');
    await page.waitForJoin();
    expect(page.html()).toContain('<span>0</span><button phx-click="inc">+</button>');

    const join = page.sent.find((frame) => frame.event === 'phx_join');
    expect(join?.topic).toBe('lv:phx-counter');
    expect(join?.payload).toMatchObject({
      url: `${server.url}/counter`,
      session: 'S',
      static: null,
      params: { _csrf_token: 'CSRF-1', _mounts: 0 },
    });
    // The socket URL was resolved against the page and carries the connect params.
    const upgrade = server.upgrades[0];
    const socketUrl = new URL(String(upgrade?.url), server.url);
    expect(socketUrl.pathname).toBe('/live/websocket');
    expect(socketUrl.searchParams.get('_csrf_token')).toBe('CSRF-1');
    expect(socketUrl.searchParams.get('vsn')).toBe('2.0.0');
    expect(upgrade?.origin).toBe(server.url);
    expect(upgrade?.cookie).toBe('sid=abc');

    page.click('button[phx-click="inc"]');
    await page.waitFor('<span>1</span>');
    const click = page.sent.find((frame) => frame.event === 'event');
    expect(click?.payload).toEqual({ type: 'click', event: 'inc', value: { value: '' } });
    expect(click?.joinRef).toBe(join?.joinRef);
    expect(server.inbox.some(([, , , event]) => event === 'event')).toBe(true);
    expect(page.consoleErrors).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('sends a form change and a submit with the serialized form', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    await page.waitForJoin();

    const mark = page.frames.length;
    page.input('input[name="q"]', 'hello');
    await page.waitFor((p) => p.text('#echo') === 'hello');
    const change = await page.waitForFrame((frame) => frame.event === 'event', { since: mark });
    expect(change.payload).toMatchObject({ type: 'form', event: 'validate', value: 'q=hello' });
    expect(change.payload.meta).toEqual({ _target: 'q' });
    // One event for the input/change pair.
    expect(page.sent.filter((frame) => frame.event === 'event')).toHaveLength(1);

    page.submit('#f');
    await page.waitFor('<p id="echo">saved hello</p>');
    const submit = page.sent.filter((frame) => frame.event === 'event').at(-1);
    expect(submit?.payload).toMatchObject({ type: 'form', event: 'save', value: 'q=hello' });
  });

  it('applies a diff the server pushes on its own (a broadcast)', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    await page.waitForJoin();
    server.broadcast({ '0': '42' });
    await page.waitFor((p) => p.text('span') === '42');
    expect(page.received.at(-1)).toMatchObject({ event: 'diff', payload: { '0': '42' } });
  });

  it('replaces the whole render when a pushed diff carries root statics', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    await page.waitForJoin();
    page.click('button[phx-click="inc"]');
    await page.waitFor('<span>1</span>');
    // What a restarted view sends over the live channel: its complete render as a diff.
    const fresh = [...STATICS];
    fresh[2] = '</p><em>restarted</em>';
    server.broadcast({ '0': '0', '1': 'fresh', s: fresh });
    await page.waitFor('<em>restarted</em>');
    expect(page.html()).toContain('<span>0</span>');
    expect(page.text('#echo')).toBe('fresh');
    expect(page.sent.filter((frame) => frame.event === 'phx_join')).toHaveLength(1);
  });

  it('rejoins after phx_error and reloads when the rejoin is refused', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`, {
      liveSocket: { rejoinAfterMs: () => 5, reloadJitterMin: 1, reloadJitterMax: 5 },
    });
    await page.waitForJoin();
    const mark = page.frames.length;
    server.failViews();
    await page.waitForFrame((frame) => frame.event === 'phx_error', { since: mark });
    expect(page.query('[data-phx-main].phx-error')).not.toBeNull();
    const navigation = await page.waitForNavigation();
    expect(navigation.kind).toBe('reload');
    const rejoin = page.sent.filter((frame) => frame.event === 'phx_join').at(-1);
    expect(rejoin?.connection).toBe(1);
    expect(page.sent.filter((frame) => frame.event === 'phx_join')).toHaveLength(2);
    expect(page.received).toContainEqual(
      expect.objectContaining({
        ref: rejoin?.ref,
        payload: { status: 'error', response: { reason: 'join crashed' } },
      }),
    );
  });

  it('sends window key events with the key', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    await page.waitForJoin();
    page.key('Escape');
    page.key('Enter');
    await page.waitFor((p) => p.text('#echo') === 'key Enter');
    const keys = page.sent.filter((frame) => frame.event === 'event');
    // phx-key="Enter" filters on the client: Escape never reached the wire.
    expect(keys.map((frame) => frame.payload)).toEqual([
      expect.objectContaining({
        type: 'keydown',
        event: 'key',
        value: expect.objectContaining({ key: 'Enter' }),
      }),
    ]);
  });

  it('reconnects, rejoins and recovers the form after the server drops the connection', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    await page.waitForJoin();
    page.input('input[name="q"]', 'draft');
    await page.waitFor((p) => p.text('#echo') === 'draft');
    server.state.count = 7;
    server.state.echo = '';
    server.dropAll();
    // The client's backoff timers are real: wait for the rejoined render, not for time.
    await page.waitFor(
      (p) => p.isJoined() && p.text('span') === '7' && p.text('#echo') === 'draft',
    );
    const joins = page.sent.filter((frame) => frame.event === 'phx_join');
    expect(joins.map((frame) => frame.connection)).toEqual([1, 2]);
    expect(joins[1]?.payload.params).toMatchObject({ _mounts: 1 });
    // The client replays the form's values after the rejoin (needs the cloned-form repair).
    const recovery = page.sent.filter((f) => f.connection === 2 && f.event === 'event');
    expect(recovery.map((frame) => frame.payload)).toEqual([
      expect.objectContaining({ type: 'form', event: 'validate', value: 'q=draft' }),
    ]);
    expect(page.errors).toEqual([]);
    expect(page.socketEvents).toContainEqual({
      type: 'close',
      connection: 1,
      code: 1006,
      reason: '',
    });
  });

  it('records the reload the client asks for after a failed join, instead of unloading', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/fail`, {
      liveSocket: { reloadJitterMin: 1, reloadJitterMax: 5 },
    });
    const navigation = await page.waitForNavigation();
    expect(navigation).toEqual({ kind: 'reload', url: `${server.url}/fail` });
    expect(page.query('[data-phx-main].phx-error')).not.toBeNull();
    expect(page.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'view.join-failed', level: 'error' }),
    );

    const again = await page.followNavigation();
    expect(again.url).toBe(`${server.url}/fail`);
    expect(again.cookieHeader()).toBe('sid=abc');
  });

  it('records a redirect with its flash cookie and follows it as a new page load', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`);
    await page.waitForJoin();
    page.click('#go');
    const navigation = await page.waitForNavigation();
    expect(navigation).toEqual({ kind: 'assign', url: `${server.url}/fail?from=go` });
    expect(page.cookieHeader()).toBe('sid=abc; __phoenix_flash__=FLASH');
    const next = await page.followNavigation();
    expect(next.url).toBe(`${server.url}/fail?from=go`);
    expect(server.gets.at(-1)).toEqual({
      path: '/fail',
      cookie: 'sid=abc; __phoenix_flash__=FLASH',
    });
  });

  it('rejects a wait with the condition and the page state once the deadline passes', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`, { timeoutMs: 50 });
    await page.waitForJoin({ timeoutMs: 4_000 });
    const error = await page.waitFor('<span>never</span>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficialPageError);
    expect((error as OfficialPageError).code).toBe('ERR_PAGE_TIMEOUT');
    expect((error as OfficialPageError).message).toMatch(/<span>never<\/span>[\s\S]*phx_join/);
    expect(() => page.click('#missing')).toThrow(/no element matches "#missing"/);
  });

  it('repairs happy-dom so inputs of a cloned form know their form, in harness windows only', async () => {
    server = await startStandIn();
    const page = await openOfficialPage(`${server.url}/counter`, { connect: false });
    const form = page.get('span').ownerDocument.createElement('div');
    form.innerHTML =
      '<form><select name="s"><option value="a" selected>a</option></select><input name="q"></form>';
    const clone = form.cloneNode(true) as typeof form;
    const cloned = clone.querySelector('form');
    expect(clone.querySelector('input')?.form).toBe(cloned);
    expect(clone.querySelector('select')?.form).toBe(cloned);
    expect((clone.querySelector('select') as unknown as { value: string }).value).toBe('a');

    const { Window } = await import('happy-dom');
    const other = new Window({ url: server.url });
    try {
      other.document.body.innerHTML = '<form><input name="q"></form>';
      const foreign = other.document.body.cloneNode(true) as typeof other.document.body;
      expect(foreign.querySelector('input')?.form).toBeNull();
    } finally {
      await other.happyDOM.close();
    }
  });

  it('fails to open a page the server does not serve', async () => {
    server = await startStandIn();
    await expect(openOfficialPage(`${server.url}/nope`)).rejects.toMatchObject({
      code: 'ERR_PAGE_FETCH',
    });
  });
});
