import { describe, expect, it } from 'vitest';
import { getPage, type JoinedView, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView, journal } from './fixtures.js';
import { expiredSession, manualSystem, upgradeStatus } from './server-fixtures.js';

/**
 * A server with a witness: a view joined on its own connection, incremented once. After each bad
 * input, `stillHealthy()` checks the witness kept its state and a new connection still joins.
 */
async function setup(
  opts: { maxFrameBytes?: number; eventRate?: { events: number; per: number } } = {},
) {
  const { clock, system } = manualSystem();
  const log = journal();
  const server = await startLiveServer({
    routes: [
      { path: '/counter', view: counterView(log) },
      { path: '/other', view: counterView(log) },
    ],
    system,
    ...opts,
  });
  const witness = await (await LiveClient.connect(server.url)).join(
    await getPage(server.url, '/counter?start=10'),
  );
  expect(await witness.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '11' } } });
  let expected = 11;
  async function stillHealthy(): Promise<void> {
    expected += 1;
    expect(await witness.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': String(expected) } },
    });
    const fresh = await LiveClient.connect(server.url);
    const view = await fresh.join(await getPage(server.url, '/counter'));
    expect(view.reply.status).toBe('ok');
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  }
  return { ...server, clock, system, log, witness, stillHealthy };
}

async function victim(url: string): Promise<{ client: LiveClient; view: JoinedView }> {
  const client = await LiveClient.connect(url);
  const view = await client.join(await getPage(url, '/counter'));
  return { client, view };
}

describe('bad input', () => {
  it('closes with 1007 on malformed JSON', async () => {
    const { url, stillHealthy } = await setup();
    const { client } = await victim(url);
    client.sendRaw('[null,"1","phoenix","heartbeat",{}');
    expect((await client.closed).code).toBe(1007);
    await stillHealthy();
  });

  it('closes with 1007 on a frame that is not a 5-element array', async () => {
    const { url, stillHealthy } = await setup();
    for (const text of ['[null,"1","phoenix","heartbeat"]', '{"topic":"phoenix"}', '42']) {
      const { client } = await victim(url);
      client.sendRaw(text);
      const closed = await client.closed;
      expect(closed.code).toBe(1007);
      expect(closed.reason).not.toBe('');
    }
    await stillHealthy();
  });

  it('answers an unknown topic with an unmatched topic error and keeps the socket', async () => {
    const { url, stillHealthy } = await setup();
    const { client, view } = await victim(url);
    expect(await client.request('rooms:lobby', 'phx_join', {})).toEqual({
      status: 'error',
      response: { reason: 'unmatched topic' },
    });
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
    await stillHealthy();
  });

  it('answers an event before any join with an unmatched topic error', async () => {
    const { url, stillHealthy } = await setup();
    const client = await LiveClient.connect(url);
    const reply = await client.request(
      'lv:phx-nobody',
      'event',
      { type: 'click', event: 'inc', value: {} },
      '1',
    );
    expect(reply).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
    await stillHealthy();
  });

  it('refuses tampered, expired and foreign-route tokens', async () => {
    const { url, stillHealthy } = await setup();
    const client = await LiveClient.connect(url);
    const page = await getPage(url, '/counter');
    const tampered = await client.join(page, {
      session: page.session.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
    });
    expect(tampered.reply.response).toEqual({ reason: 'stale' });
    const expired = await client.join(page, { session: expiredSession(page, '/counter') });
    expect(expired.reply.response).toEqual({ reason: 'stale' });
    const foreign = await client.join(page, { url: `${url}/other` });
    expect(foreign.reply.response).toEqual({ reason: 'unauthorized' });
    const tamperedStatic = await client.join(page, { static: `${page.static.slice(0, -1)}x` });
    expect(tamperedStatic.reply.response).toEqual({ reason: 'stale' });
    await stillHealthy();
  });

  it('refuses an upgrade from another origin with HTTP 403', async () => {
    const { url, stillHealthy } = await setup();
    const wsUrl = `${url.replace('http', 'ws')}/live/websocket?vsn=2.0.0`;
    expect(await upgradeStatus(wsUrl, { origin: 'http://evil.example' })).toBe(403);
    const same = await LiveClient.connect(url, { origin: url });
    expect(await same.heartbeat()).toEqual({ status: 'ok', response: {} });
    await stillHealthy();
  });

  it('refuses an https Origin on plain http: the scheme counts, as host and port do', async () => {
    const { url, stillHealthy } = await setup();
    const wsUrl = `${url.replace('http', 'ws')}/live/websocket?vsn=2.0.0`;
    expect(await upgradeStatus(wsUrl, { origin: url.replace('http', 'https') })).toBe(403);
    // A proxy's X-Forwarded-Proto is not believed without trustProxy.
    const proxied = { 'x-forwarded-proto': 'https' };
    const https = url.replace('http', 'https');
    expect(await upgradeStatus(wsUrl, { origin: https, headers: proxied })).toBe(403);
    await stillHealthy();
  });

  it('with trustProxy, takes the scheme from X-Forwarded-Proto', async () => {
    const { url } = await startLiveServer({
      routes: [{ path: '/c', view: counterView() }],
      trustProxy: true,
    });
    const wsUrl = `${url.replace('http', 'ws')}/live/websocket?vsn=2.0.0`;
    const https = url.replace('http', 'https');
    const secure = await LiveClient.connect(url, {
      origin: https,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(await secure.heartbeat()).toEqual({ status: 'ok', response: {} });
    expect(
      await upgradeStatus(wsUrl, { origin: url, headers: { 'x-forwarded-proto': 'https' } }),
    ).toBe(403);
  });

  it('closes with 1009 on a frame over maxFrameBytes', async () => {
    const { url, stillHealthy } = await setup({ maxFrameBytes: 1024 });
    const { client, view } = await victim(url);
    client.send([
      view.joinRef,
      '99',
      view.topic,
      'event',
      { type: 'click', event: 'inc', value: { pad: 'x'.repeat(2048) } },
    ]);
    expect((await client.closed).code).toBe(1009);
    await stillHealthy();
  });

  it('closes with 1007 on a binary frame of garbage (not a Phoenix binary push)', async () => {
    const { url, stillHealthy, log } = await setup();
    const { client, view } = await victim(url);
    client.sendRaw(Buffer.from([0, 255, 3, 7, 0, 0, 1, 2, 3]), { binary: true });
    expect((await client.closed).code).toBe(1007);
    await log.terminations(1);
    expect(log.terminated[0]?.id).toBe(view.topic.slice(3));
    await stillHealthy();
  });

  it('drops a socket that sends bytes that are not WebSocket frames', async () => {
    const { url, stillHealthy } = await setup();
    const { client } = await victim(url);
    client.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]));
    const closed = await client.closed;
    expect(closed.code).not.toBe(1000);
    await stillHealthy();
  });

  it('crashes and recovers a view on an event it has no clause for; the other view on the socket is untouched', async () => {
    const { url, stillHealthy } = await setup();
    const { client, view } = await victim(url);
    const other = await client.join(await getPage(url, '/counter?start=50'));
    expect(await view.push('no-such-event')).toEqual({ status: 'ok', response: {} });
    expect((await view.nextPush('diff'))[4]).toMatchObject({ '0': '0', s: 0 });
    expect(await other.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '51' } } });
    await stillHealthy();
  });

  it('rate-limits a burst of 10,000 events, then closes the socket with 1008', async () => {
    const { url, stillHealthy } = await setup();
    const { client, view } = await victim(url);
    const frames: string[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      frames.push(
        JSON.stringify([
          view.joinRef,
          `e${i}`,
          view.topic,
          'event',
          { type: 'click', event: 'inc', value: {} },
        ]),
      );
    }
    for (const frame of frames) client.ws.send(frame);
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    const replies = client.received.filter(
      (f) => f[3] === 'phx_reply' && String(f[1]).startsWith('e'),
    );
    const ok = replies.filter((f) => (f[4] as { status: string }).status === 'ok');
    const limited = replies.filter(
      (f) =>
        JSON.stringify(f[4]) ===
        JSON.stringify({ status: 'error', response: { reason: 'rate_limited' } }),
    );
    expect(ok.length).toBeLessThanOrEqual(300);
    expect(limited).toHaveLength(300);
    await stillHealthy();
  });

  it('refuses events over the rate with rate_limited, and accepts them again as the bucket refills', async () => {
    const { url, clock } = await setup({ eventRate: { events: 5, per: 1000 } });
    const client = await LiveClient.connect(url);
    const view = await client.join(await getPage(url, '/counter'));
    const replies = await Promise.all(Array.from({ length: 6 }, () => view.push('inc')));
    expect(replies.slice(0, 4).every((r) => r.status === 'ok')).toBe(true);
    expect(replies.slice(4)).toEqual([
      { status: 'error', response: { reason: 'rate_limited' } },
      { status: 'error', response: { reason: 'rate_limited' } },
    ]);
    clock.advance(1000);
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '5' } } });
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
  });
});
