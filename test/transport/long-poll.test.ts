/**
 * The long-poll transport over real HTTP, by its shapes (PROTOCOL.md 1.5): a session opens with
 * 410 and a token, frames go up in ndjson POSTs and come back in polls, a poll with nothing to
 * say is held for the window, and the socket rules of a WebSocket hold for a session too.
 */
import { describe, expect, it } from 'vitest';
import { createLiveServer, LONG_POLL_PATH } from '../../transport/index.js';
import { getPage, joinPayload, startLiveServer, TEST_SECRET } from '../support/live-client.js';
import { LongPollClient, lpGet, lpPost } from '../support/long-poll-client.js';
import { counterView, journal } from './fixtures.js';
import { listenHttp, manualSystem, serverSigner } from './server-fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];

describe('long poll: a session', () => {
  it('opens with status 410 and a signed token, in a JSON body that no proxy caches', async () => {
    const { url } = await startLiveServer({ routes });
    const { http, headers, body } = await lpGet(url);
    expect(http).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ status: 410, token: expect.any(String), messages: [] });
  });

  it('joins, pushes an event and gets the reply and the diff in polls', async () => {
    const { url } = await startLiveServer({ routes });
    const client = await LongPollClient.open(url);
    const page = await getPage(url, '/counter');
    const { joinRef, reply } = await client.join(page);
    expect(reply.status).toBe('ok');
    expect(reply.response.rendered).toMatchObject({ 0: '0' });
    const inc = await client.request(
      page.topic,
      'event',
      { type: 'click', event: 'inc', value: {} },
      joinRef,
    );
    expect(inc).toEqual({ status: 'ok', response: { diff: { 0: '1' } } });
  });

  it('answers a heartbeat frame sent in a POST, as over a WebSocket', async () => {
    const { url } = await startLiveServer({ routes });
    const client = await LongPollClient.open(url);
    expect(await client.request('phoenix', 'heartbeat', {})).toEqual({
      status: 'ok',
      response: {},
    });
  });

  it('holds an empty poll for the window, then answers 204 with the token', async () => {
    const { clock, system } = manualSystem();
    const { url } = await startLiveServer({ routes, system, longPoll: { windowMs: 10_000 } });
    const client = await LongPollClient.open(url, { poll: false });
    const timers = clock.pending;
    const held = lpGet(url, { token: client.token });
    await until(() => clock.pending > timers);
    clock.advance(10_000);
    expect((await held).body).toEqual({ status: 204, token: client.token, messages: [] });
  });

  it('answers an older poll with 204 when a newer one comes, and a held poll as soon as a frame is sent', async () => {
    const { clock, system } = manualSystem();
    const { url } = await startLiveServer({ routes, system });
    const client = await LongPollClient.open(url, { poll: false });
    const timers = clock.pending;
    const older = lpGet(url, { token: client.token });
    await until(() => clock.pending > timers);
    const newer = lpGet(url, { token: client.token });
    expect((await older).body).toEqual({ status: 204, token: client.token, messages: [] });
    const posted = await client.send([null, '7', 'phoenix', 'heartbeat', {}]);
    expect(posted).toEqual({ status: 200 });
    expect((await newer).body).toEqual({
      status: 200,
      token: client.token,
      messages: ['[null,"7","phoenix","phx_reply",{"status":"ok","response":{}}]'],
    });
  });

  it('gives 410 to a token of no session: forged, tampered, or of a session that ended', async () => {
    const { clock, system } = manualSystem();
    const { url, live } = await startLiveServer({ routes, system });
    const forged = serverSigner('longpoll').sign({ id: 'nope' });
    expect((await lpGet(url, { token: forged })).body).toEqual({ status: 410 });
    expect(await lpPost(url, forged, ['[null,"1","phoenix","heartbeat",{}]'])).toEqual({
      status: 410,
    });
    const client = await LongPollClient.open(url, { poll: false });
    expect((await lpGet(url, { token: `${client.token}x` })).body).toEqual({ status: 410 });
    const timers = clock.pending;
    const held = lpGet(url, { token: client.token });
    await until(() => clock.pending > timers);
    await live.close();
    expect((await held).body).toEqual({ status: 410 });
  });

  it('is refused like an upgrade: a foreign Origin gets 403 on every request, a wrong vsn 403', async () => {
    const { url } = await startLiveServer({ routes });
    const foreign = { origin: 'https://evil.example' };
    expect((await lpGet(url, { headers: foreign })).body).toEqual({ status: 403 });
    expect((await lpGet(url, { query: 'vsn=1.0.0' })).body).toEqual({ status: 403 });
    const client = await LongPollClient.open(url, { poll: false });
    expect((await lpGet(url, { token: client.token, headers: foreign })).body).toEqual({
      status: 403,
    });
    const frame = '[null,"1","phoenix","heartbeat",{}]';
    expect(await lpPost(url, client.token, [frame], { headers: foreign })).toEqual({ status: 403 });
  });

  it('echoes an allowed cross-origin Origin and answers its preflight', async () => {
    const origin = 'https://app.example';
    const { url } = await startLiveServer({ routes, origins: [origin] });
    const { headers } = await lpGet(url, { headers: { origin } });
    expect(headers.get('access-control-allow-origin')).toBe(origin);
    const preflight = await fetch(`${url}${LONG_POLL_PATH}?vsn=2.0.0`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toBe(
      'get, post, delete, options',
    );
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('is off with longPoll: false (the path falls through to 404)', async () => {
    const { url } = await startLiveServer({ routes, longPoll: false });
    expect((await fetch(`${url}${LONG_POLL_PATH}?vsn=2.0.0`)).status).toBe(404);
  });

  it('works through `handler` mounted on an http server of the application', async () => {
    const live = createLiveServer({ routes, secret: TEST_SECRET });
    const url = await listenHttp(
      (req, res) => live.handler(req, res, () => res.writeHead(418).end()),
      () => {},
    );
    const client = await LongPollClient.open(url);
    const page = await getPage(url, '/counter');
    expect((await client.join(page)).reply.status).toBe('ok');
    await live.close();
    expect(await client.ended).toBe(410);
  });
});

describe('long poll: limits', () => {
  it('closes a session whose client stops polling after heartbeatTimeoutMs; its view terminates', async () => {
    const { clock, system } = manualSystem();
    const log = journal();
    const { url } = await startLiveServer({
      routes: [{ path: '/counter', view: counterView(log) }],
      system,
      heartbeatTimeoutMs: 60_000,
    });
    const client = await LongPollClient.open(url, { poll: false });
    const page = await getPage(url, '/counter');
    await client.send(['1', '1', page.topic, 'phx_join', joinPayload(page)]);
    await log.mounted(1);
    // A poll is a heartbeat: one at 50 s keeps the session past 60 s.
    clock.advance(50_000);
    const poll = await lpGet(url, { token: client.token });
    expect(poll.body.status).toBe(200);
    clock.advance(59_000);
    expect(log.terminated).toEqual([]);
    clock.advance(2_000);
    await log.terminations(1);
    expect((await lpGet(url, { token: client.token })).body).toEqual({ status: 410 });
  });

  it('closes a session that POSTs a frame over maxFrameBytes (413), or a binary line that is not base64 (400)', async () => {
    const { url } = await startLiveServer({ routes, maxFrameBytes: 1024 });
    const big = await LongPollClient.open(url);
    const huge = JSON.stringify([null, '1', 'phoenix', 'heartbeat', { pad: 'x'.repeat(2000) }]);
    expect(await lpPost(url, big.token, [huge])).toEqual({ status: 413 });
    expect(await big.ended).toBe(410);
    const bad = await LongPollClient.open(url);
    expect(await lpPost(url, bad.token, ['not base64!'])).toEqual({ status: 400 });
    expect(await bad.ended).toBe(410);
  });

  it('applies the rate limit to POSTed frames: over it, rate_limited replies', async () => {
    const { url } = await startLiveServer({ routes, eventRate: { events: 2, per: 60_000 } });
    const client = await LongPollClient.open(url, { poll: false });
    const frames = ['1', '2', '3'].map((ref) => JSON.stringify([null, ref, 'room:x', 'ev', {}]));
    expect(await lpPost(url, client.token, frames)).toEqual({ status: 200 });
    const { body } = await lpGet(url, { token: client.token });
    const reply = (ref: string, reason: string) =>
      `[null,"${ref}","room:x","phx_reply",{"status":"error","response":{"reason":"${reason}"}}]`;
    expect(body.messages).toEqual([
      reply('1', 'unmatched topic'),
      reply('2', 'unmatched topic'),
      reply('3', 'rate_limited'),
    ]);
  });
});

/** Waits for a condition the server reaches on its own (a poll registered its timer). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve));
}
