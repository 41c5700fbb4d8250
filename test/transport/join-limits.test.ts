/**
 * What one socket may make the server keep: short refs and names, small join params and URLs,
 * a bounded number of views; and how many sockets a server holds.
 */
import { describe, expect, it } from 'vitest';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView } from './fixtures.js';
import { upgradeStatus } from './server-fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];

describe('limits on what a socket makes the server keep', () => {
  it('closes with 1007 on a ref or join_ref over 32 characters, which every reply would echo', async () => {
    const { url } = await startLiveServer({ routes });
    const page = await getPage(url, '/counter');
    const long = '9'.repeat(33);
    const joining = await LiveClient.connect(url);
    joining.send([long, long, page.topic, 'phx_join', {}]);
    expect((await joining.closed).code).toBe(1007);
    const beating = await LiveClient.connect(url);
    beating.send([null, long, 'phoenix', 'heartbeat', {}]);
    expect((await beating.closed).code).toBe(1007);
  });

  it('closes with 1007 on a topic or an event name over 256 characters', async () => {
    const { url } = await startLiveServer({ routes });
    const topic = await LiveClient.connect(url);
    topic.send([null, '1', `lv:${'x'.repeat(300)}`, 'phx_join', {}]);
    expect((await topic.closed).code).toBe(1007);
    const event = await LiveClient.connect(url);
    event.send([null, '1', 'lv:x', 'e'.repeat(300), {}]);
    expect((await event.closed).code).toBe(1007);
  });

  it('refuses join params over maxJoinParamsBytes and URLs over 16 KiB, keeping the socket', async () => {
    const { url } = await startLiveServer({ routes, maxJoinParamsBytes: 1024 });
    const page = await getPage(url, '/counter');
    const client = await LiveClient.connect(url);
    const params = { _csrf_token: page.csrfToken, pad: 'x'.repeat(1024) };
    expect((await client.join(page, { params })).reply).toEqual({
      status: 'error',
      response: { reason: 'join too large' },
    });
    const longUrl = `${page.url}?q=${'x'.repeat(16 * 1024)}`;
    expect((await client.join(page, { url: longUrl })).reply.response).toEqual({
      reason: 'join too large',
    });
    expect((await client.join(page, { redirect: longUrl })).reply.response).toEqual({
      reason: 'join too large',
    });
    const fits = { _csrf_token: page.csrfToken, pad: 'x'.repeat(700) };
    expect((await client.join(page, { params: fits })).reply.status).toBe('ok');
  });

  it('refuses a join past maxViewsPerSocket with "too many views"; a leave frees a place', async () => {
    const { url } = await startLiveServer({ routes, maxViewsPerSocket: 2 });
    const client = await LiveClient.connect(url);
    const pages = [
      await getPage(url, '/counter'),
      await getPage(url, '/counter'),
      await getPage(url, '/counter'),
    ];
    const [a, b, c] = pages as [(typeof pages)[0], (typeof pages)[0], (typeof pages)[0]];
    const first = await client.join(a);
    expect((await client.join(b)).reply.status).toBe('ok');
    expect((await client.join(c)).reply).toEqual({
      status: 'error',
      response: { reason: 'too many views' },
    });
    // Joining a topic again replaces its channel: no place is taken.
    expect((await client.join(b)).reply.status).toBe('ok');
    expect(await first.leave()).toEqual({ status: 'ok', response: {} });
    expect((await client.join(c)).reply.status).toBe('ok');
  });

  it('refuses an upgrade past maxConnections with 503', async () => {
    const { url } = await startLiveServer({ routes, maxConnections: 2 });
    const wsUrl = `${url.replace('http', 'ws')}/live/websocket?vsn=2.0.0`;
    const held = [await LiveClient.connect(url), await LiveClient.connect(url)];
    for (const client of held)
      expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
    expect(await upgradeStatus(wsUrl)).toBe(503);
  });
});
