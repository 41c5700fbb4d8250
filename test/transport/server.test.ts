import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SystemStoppedError } from '../../actors/errors.js';
import { ActorSystem } from '../../actors/system.js';
import { createLiveServer } from '../../transport/server.js';
import { getPage, LiveClient, startLiveServer, TEST_SECRET } from '../support/live-client.js';
import { counterView, journal } from './fixtures.js';
import { listenHttp, manualSystem, upgradeStatus } from './server-fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];

describe('createLiveServer', () => {
  it('refuses a short secret and a route whose view is not a live view', () => {
    expect(() => createLiveServer({ routes, secret: 'short' })).toThrow(TypeError);
    expect(() =>
      createLiveServer({ routes: [{ path: '/', view: {} as never }], secret: TEST_SECRET }),
    ).toThrow(TypeError);
  });

  it('works as middleware: serves its routes and calls next() for the rest', async () => {
    const live = createLiveServer({ routes, secret: TEST_SECRET });
    onTestFinished(() => live.close());
    const url = await listenHttp(
      (req, res) => live.handler(req, res, () => res.end('from next')),
      live.upgrade,
    );
    expect(await (await fetch(`${url}/elsewhere`)).text()).toBe('from next');
    expect(await (await fetch(`${url}/counter`, { method: 'POST' })).text()).toBe('from next');
    const page = await getPage(url, '/counter');
    expect(page.status).toBe(200);
    const view = await (await LiveClient.connect(url)).join(page);
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  });

  it('refuses upgrades to other paths (404) and other protocol versions (400)', async () => {
    const { url } = await startLiveServer({ routes });
    const ws = url.replace('http', 'ws');
    expect(await upgradeStatus(`${ws}/elsewhere?vsn=2.0.0`)).toBe(404);
    expect(await upgradeStatus(`${ws}/live/websocket?vsn=1.0.0`)).toBe(400);
    expect(await upgradeStatus(`${ws}/live/websocket`)).toBe(400);
  });

  it('serves /liveactor.js from the bundle file with caching headers, 404 while it is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'liveactor-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'liveactor.js');
    const { url } = await startLiveServer({ routes, clientBundle: file });
    expect((await fetch(`${url}/liveactor.js`)).status).toBe(404);
    await writeFile(file, 'console.log("live");');
    const res = await fetch(`${url}/liveactor.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(await res.text()).toBe('console.log("live");');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${url}/liveactor.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('close(): 1001 to every client, every view terminates, and the system it created stops', async () => {
    const log = journal();
    const live = createLiveServer({
      routes: [{ path: '/counter', view: counterView(log) }],
      secret: TEST_SECRET,
    });
    const { url } = await live.listen();
    const clients = [await LiveClient.connect(url), await LiveClient.connect(url)];
    for (const client of clients) await client.join(await getPage(url, '/counter'));
    await clients[0]?.join(await getPage(url, '/counter'));
    await live.close();
    for (const client of clients) expect((await client.closed).code).toBe(1001);
    expect(log.terminated.map((t) => t.reason)).toEqual(['shutdown', 'shutdown', 'shutdown']);
    expect(() => live.system.spawn({}, null)).toThrow(SystemStoppedError);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('close() leaves a system it was given running', async () => {
    const system = new ActorSystem();
    onTestFinished(() => system.shutdown());
    const live = createLiveServer({ routes, secret: TEST_SECRET, system });
    await live.listen();
    await live.close();
    const pid = system.spawn(
      { handleCall: (_m: 'ping', _f: unknown, s: null) => ({ reply: 'pong', state: s }) },
      null,
    );
    expect(await system.call(pid, 'ping')).toBe('pong');
  });

  it('closes a socket silent for heartbeatTimeoutMs with 1001; heartbeats keep it open', async () => {
    const { clock, system } = manualSystem();
    const { url } = await startLiveServer({ routes, system, heartbeatTimeoutMs: 60_000 });
    const client = await LiveClient.connect(url);
    clock.advance(59_000);
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
    clock.advance(59_000);
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
    clock.advance(60_000);
    expect(await client.closed).toEqual({ code: 1001, reason: 'heartbeat timeout' });
  });
});
