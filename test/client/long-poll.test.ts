/**
 * Our long-poll transport by what it sends and how it takes the server's answers (the test
 * plays the server, PROTOCOL.md 1.5), and the socket's fallback to it: a WebSocket (a fake the
 * test drives) that fails or stays silent is given up for long polling, which the tab
 * remembers; one that answered its heartbeat is never given up. Against the real server, in
 * Chromium, see test/e2e/long-poll.test.ts.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { LongPoll } from '../../client/long-poll.js';
import {
  PhoenixSocket,
  type SocketClose,
  type SocketOptions,
} from '../../client/phoenix-socket.js';
import { encodeBinaryPush } from '../../transport/frame.js';
import { fakeLongPollServer } from './fake-long-poll-server.js';
import { fakeTransport } from './fake-websocket.js';

const FALLBACK_KEY = 'phx:fallback:LongPoll';
const WS_URL = 'ws://localhost:3000/live/websocket?_csrf_token=c&vsn=2.0.0';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

/** A LongPoll whose first poll the server answered with a session (token `t1`). */
async function openLongPoll() {
  const server = fakeLongPollServer();
  const lp = new LongPoll(WS_URL);
  const events: string[] = [];
  const messages: unknown[] = [];
  lp.onopen = () => events.push('open');
  lp.onerror = () => events.push('error');
  lp.onclose = (e) => events.push(`close ${e.code}`);
  lp.onmessage = (e) => messages.push(JSON.parse(String(e.data)));
  const first = await server.next('GET');
  first.respond({ status: 410, token: 't1', messages: [] });
  const poll = await server.next('GET');
  return { server, lp, events, messages, first, poll };
}

describe('LongPoll', () => {
  test('polls the long-poll URL with the params; the first 410 with a token opens it', async () => {
    const { lp, events, first, poll } = await openLongPoll();
    expect(first.url.href).toBe('http://localhost:3000/live/longpoll?_csrf_token=c&vsn=2.0.0');
    expect(first.headers).toEqual({ accept: 'application/json' });
    expect(poll.url.searchParams.get('token')).toBe('t1');
    expect(events).toEqual(['open']);
    expect(lp.readyState).toBe(1);
  });

  test('a 200 delivers its messages in order and polls again; a 204 just polls again', async () => {
    const { server, messages, poll } = await openLongPoll();
    poll.respond({
      status: 200,
      token: 't1',
      messages: ['[null,null,"t","a",{}]', '[null,null,"t","b",{}]'],
    });
    (await server.next('GET')).respond({ status: 204, token: 't1', messages: [] });
    await server.next('GET');
    expect(messages).toEqual([
      [null, null, 't', 'a', {}],
      [null, null, 't', 'b', {}],
    ]);
  });

  test('frames sent in one turn go in one ndjson POST; more wait for its answer, in order', async () => {
    const { server, lp } = await openLongPoll();
    lp.send('[null,"1","phoenix","heartbeat",{}]');
    lp.send('[null,"2","phoenix","heartbeat",{}]');
    const post = await server.next('POST');
    expect(post.headers).toEqual({ 'content-type': 'application/x-ndjson' });
    expect(post.body).toBe(
      '[null,"1","phoenix","heartbeat",{}]\n[null,"2","phoenix","heartbeat",{}]',
    );
    lp.send('[null,"3","phoenix","heartbeat",{}]');
    lp.send('[null,"4","phoenix","heartbeat",{}]');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    post.respond({ status: 200 });
    expect((await server.next('POST')).body).toBe(
      '[null,"3","phoenix","heartbeat",{}]\n[null,"4","phoenix","heartbeat",{}]',
    );
  });

  test('a binary frame (an upload chunk) goes as a line of base64 among the text frames', async () => {
    const { server, lp } = await openLongPoll();
    const chunk = encodeBinaryPush('5', '6', 'lvu:0', 'chunk', new Uint8Array(70_000).fill(0xfe));
    lp.send('[null,"1","phoenix","heartbeat",{}]');
    lp.send(chunk);
    const [text, line] = (await server.next('POST')).body!.split('\n');
    expect(text).toBe('[null,"1","phoenix","heartbeat",{}]');
    expect(Uint8Array.from(atob(line!), (c) => c.charCodeAt(0))).toEqual(chunk);
  });

  test('410 once open means the session is gone: error, then close 3410, polls aborted', async () => {
    const { events, poll, lp } = await openLongPoll();
    poll.respond({ status: 410 });
    await vi.waitUntil(() => events.length === 3);
    expect(events).toEqual(['open', 'error', 'close 3410']);
    expect(lp.readyState).toBe(3);
  });

  test('403 closes with 1008, a failed request or another status with 1011', async () => {
    const forbidden = await openLongPoll();
    forbidden.poll.respond({ status: 403 });
    await vi.waitUntil(() => forbidden.events.includes('close 1008'));
    vi.unstubAllGlobals();
    const failed = await openLongPoll();
    failed.poll.fail();
    await vi.waitUntil(() => failed.events.includes('close 1011'));
    expect(failed.events).toEqual(['open', 'error', 'close 1011']);
  });

  test('a POST not answered 200 closes it with 1011', async () => {
    const { server, lp, events } = await openLongPoll();
    lp.send('[null,"1","phoenix","heartbeat",{}]');
    (await server.next('POST')).respond({ status: 410 });
    await vi.waitUntil(() => events.includes('close 1011'));
  });

  test('close() aborts the poll and says goodbye with a keepalive DELETE', async () => {
    const { server, lp, events, poll } = await openLongPoll();
    lp.close(1000);
    await poll.aborted;
    const goodbye = await server.next('DELETE');
    expect(goodbye.url.searchParams.get('token')).toBe('t1');
    expect(events).toEqual(['open', 'close 1000']);
    expect(lp.readyState).toBe(3);
  });

  test('leaving the page (pagehide) closes it the same way', async () => {
    const { server, events } = await openLongPoll();
    window.dispatchEvent(new Event('pagehide'));
    await server.next('DELETE');
    expect(events).toEqual(['open', 'close 1001']);
  });
});

describe('the fallback to long polling (longPollFallbackMs)', () => {
  /** A socket whose WebSocket is a fake, and whose long poll talks to a fake server. */
  function fallbackSocket(ms: number, opts: SocketOptions = {}) {
    const server = fakeLongPollServer();
    const fake = fakeTransport();
    const socket = new PhoenixSocket('/live', {
      transport: fake.transport,
      longPollFallbackMs: ms,
      reconnectAfterMs: () => 0,
      ...opts,
    });
    const closes: SocketClose[] = [];
    socket.onClose((e) => closes.push(e));
    let opens = 0;
    socket.onOpen(() => {
      opens += 1;
    });
    return { server, fake, socket, closes, opens: () => opens };
  }

  test('a WebSocket that fails before it opens is given up at once; the tab remembers', async () => {
    const { server, fake, socket, opens } = fallbackSocket(60_000);
    socket.connect();
    fake.last().fail();
    (await server.next('GET')).respond({ status: 410, token: 't1', messages: [] });
    await vi.waitUntil(() => opens() === 1);
    expect(socket.isConnected()).toBe(true);
    expect(fake.sockets).toHaveLength(1);
    expect(sessionStorage.getItem(FALLBACK_KEY)).toBe('true');
  });

  test('a WebSocket that opens but never answers its heartbeat is given up after the time', async () => {
    const { server, fake, socket, closes } = fallbackSocket(20);
    socket.connect();
    fake.last().open();
    const get = await server.next('GET');
    expect(fake.last().frames()[0]?.slice(2, 4)).toEqual(['phoenix', 'heartbeat']);
    expect(fake.last().readyState).toBe(3);
    expect(closes).toEqual([{ code: 1006, reason: 'long poll fallback' }]);
    get.respond({ status: 410, token: 't1', messages: [] });
    await vi.waitUntil(() => sessionStorage.getItem(FALLBACK_KEY) === 'true');
  });

  test('sends no heartbeats over long polling (each poll is one)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { server, socket, opens } = fallbackSocket(60_000, { heartbeatIntervalMs: 1000 });
      sessionStorage.setItem(FALLBACK_KEY, 'true');
      socket.connect();
      vi.advanceTimersByTime(0);
      (await server.next('GET')).respond({ status: 410, token: 't1', messages: [] });
      await vi.waitUntil(() => opens() === 1);
      vi.advanceTimersByTime(60_000);
      expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a remembered fallback goes straight to long polling', async () => {
    const { server, fake, socket, opens } = fallbackSocket(60_000);
    sessionStorage.setItem(FALLBACK_KEY, 'true');
    socket.connect();
    (await server.next('GET')).respond({ status: 410, token: 't1', messages: [] });
    await vi.waitUntil(() => opens() === 1);
    expect(fake.sockets).toHaveLength(0);
  });

  test('a WebSocket that answered its heartbeat is kept, and tried again after a failure', async () => {
    const { server, fake, socket } = fallbackSocket(60_000);
    socket.connect();
    const first = fake.last();
    first.open();
    await vi.waitUntil(() => first.sent.length > 0);
    const [, ref] = first.frames()[0] as [null, string];
    first.receive([null, ref, 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
    first.fail();
    await vi.waitUntil(() => fake.sockets.length === 2);
    fake.last().fail();
    await vi.waitUntil(() => fake.sockets.length === 3);
    expect(server.requests).toEqual([]);
    expect(sessionStorage.getItem(FALLBACK_KEY)).toBeNull();
    socket.disconnect();
  });

  test('without longPollFallbackMs a failing WebSocket is only retried', async () => {
    const server = fakeLongPollServer();
    const fake = fakeTransport();
    const socket = new PhoenixSocket('/live', {
      transport: fake.transport,
      reconnectAfterMs: () => 0,
    });
    socket.connect();
    fake.last().fail();
    await vi.waitUntil(() => fake.sockets.length === 2);
    expect(server.requests).toEqual([]);
    socket.disconnect();
  });
});
