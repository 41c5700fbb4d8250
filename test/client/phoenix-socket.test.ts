import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  PhoenixSocket,
  type SocketClose,
  type SocketOptions,
} from '../../client/phoenix-socket.js';
import { fakeTransport } from './fake-websocket.js';

const ok = (ref: string | null, joinRef: string | null = null, topic = 'phoenix') => [
  joinRef,
  ref,
  topic,
  'phx_reply',
  { status: 'ok', response: {} },
];

function setup(opts: SocketOptions = {}, endPoint = '/live') {
  const fake = fakeTransport();
  const socket = new PhoenixSocket(endPoint, { transport: fake.transport, ...opts });
  return { fake, socket };
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the URL', () => {
  test('a relative endpoint resolves against the page, with params, brackets for nesting, vsn last', () => {
    const { fake, socket } = setup({
      params: {
        _csrf_token: 'a b&c',
        user: { id: 7, prefs: { theme: 'dark' } },
        gone: undefined,
        none: null,
      },
    });
    socket.connect();
    expect(fake.last().url).toBe(
      'ws://localhost:3000/live/websocket?_csrf_token=a%20b%26c&user%5Bid%5D=7' +
        '&user%5Bprefs%5D%5Btheme%5D=dark&none=&vsn=2.0.0',
    );
  });

  test('an https page connects with wss', () => {
    const dom = (globalThis as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM;
    dom.setURL('https://example.com/shop/cart');
    try {
      const { fake, socket } = setup();
      socket.connect();
      expect(fake.last().url).toBe('wss://example.com/live/websocket?vsn=2.0.0');
    } finally {
      dom.setURL('http://localhost:3000/');
    }
  });

  test('absolute endpoints are kept, with http(s) turned into ws(s)', () => {
    for (const [endPoint, url] of [
      ['wss://other.example/live', 'wss://other.example/live/websocket?vsn=2.0.0'],
      ['https://other.example/live', 'wss://other.example/live/websocket?vsn=2.0.0'],
      ['http://other.example:4000/live', 'ws://other.example:4000/live/websocket?vsn=2.0.0'],
    ] as const) {
      expect(setup({}, endPoint).socket.endPointUrl()).toBe(url);
    }
  });

  test('a params function is called again on every connect', () => {
    let n = 0;
    const { fake, socket } = setup({ params: () => ({ n: ++n }), reconnectAfterMs: () => 100 });
    socket.connect();
    fake.last().open();
    fake.last().serverClose(1011);
    vi.advanceTimersByTime(100);
    expect(fake.sockets.map((ws) => ws.url)).toEqual([
      'ws://localhost:3000/live/websocket?n=1&vsn=2.0.0',
      'ws://localhost:3000/live/websocket?n=2&vsn=2.0.0',
    ]);
  });
});

describe('frames and refs', () => {
  test('heartbeats, joins, pushes and leaves share one ref counter', () => {
    const { fake, socket } = setup({ heartbeatIntervalMs: 1000 });
    socket.connect();
    fake.last().open();
    const channel = socket.channel('lv:a', () => ({ session: 's' }));
    channel.join();
    fake.last().receive(ok('1', '1', 'lv:a'));
    channel.push('event', { n: 1 });
    vi.advanceTimersByTime(1000);
    channel.leave();
    expect(fake.last().frames()).toEqual([
      ['1', '1', 'lv:a', 'phx_join', { session: 's' }],
      ['1', '2', 'lv:a', 'event', { n: 1 }],
      [null, '3', 'phoenix', 'heartbeat', {}],
      ['1', '4', 'lv:a', 'phx_leave', {}],
    ]);
  });

  test('frames sent before the socket opens go out on open', () => {
    const { fake, socket } = setup();
    socket.connect();
    socket.channel('lv:a').join();
    expect(fake.last().sent).toEqual([]);
    fake.last().open();
    expect(fake.last().frames()).toEqual([['1', '1', 'lv:a', 'phx_join', {}]]);
  });

  test('a join buffered on a connection that never opened is not sent besides its rejoin', () => {
    const { fake, socket } = setup({ reconnectAfterMs: () => 50 });
    socket.connect();
    const channel = socket.channel('lv:a');
    channel.join();
    fake.last().fail();
    expect(channel.state).toBe('errored');
    vi.advanceTimersByTime(50);
    fake.last().open();
    expect(fake.last().frames()).toEqual([['2', '2', 'lv:a', 'phx_join', {}]]);
    expect(channel.joinRef).toBe('2');
  });

  test('malformed frames are logged and ignored, and the socket keeps working', () => {
    const logger = vi.fn();
    const { fake, socket } = setup({ logger });
    socket.connect();
    fake.last().open();
    const channel = socket.channel('lv:a');
    const onOk = vi.fn();
    channel.join().receive('ok', onOk);
    const bad = [
      'not json',
      '{"a":1}',
      '[null,"1","lv:a","phx_reply"]',
      '[null,"1","lv:a","phx_reply",[]]',
      '[1,"1","lv:a","phx_reply",{}]',
      '[null,"1",7,"phx_reply",{}]',
      new ArrayBuffer(4),
    ];
    for (const frame of bad) expect(() => fake.last().receive(frame)).not.toThrow();
    expect(logger.mock.calls.filter(([kind]) => kind === 'error')).toHaveLength(bad.length);
    expect(onOk).not.toHaveBeenCalled();
    fake.last().receive(['1', '1', 'lv:a', 'phx_reply', { status: 'ok', response: { x: 1 } }]);
    expect(onOk).toHaveBeenCalledWith({ x: 1 });
  });
});

describe('heartbeats', () => {
  test('a heartbeat goes out an interval after open and an interval after each reply', () => {
    const { fake, socket } = setup({ heartbeatIntervalMs: 30_000 });
    socket.connect();
    fake.last().open();
    vi.advanceTimersByTime(29_999);
    expect(fake.last().sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fake.last().frames()).toEqual([[null, '1', 'phoenix', 'heartbeat', {}]]);
    vi.advanceTimersByTime(10_000);
    fake.last().receive(ok('1'));
    vi.advanceTimersByTime(29_999);
    expect(fake.last().sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.last().frames()[1]).toEqual([null, '2', 'phoenix', 'heartbeat', {}]);
    expect(socket.isConnected()).toBe(true);
  });

  test('no reply by the next tick closes the socket as dead and reconnects', () => {
    const closes: SocketClose[] = [];
    const { fake, socket } = setup({ heartbeatIntervalMs: 1000, reconnectAfterMs: () => 200 });
    socket.onClose((event) => closes.push({ code: event.code, reason: event.reason }));
    socket.connect();
    const first = fake.last();
    first.open();
    vi.advanceTimersByTime(1000);
    first.receive(ok('99')); // a reply to some other ref is not the heartbeat's
    vi.advanceTimersByTime(999);
    expect(first.closeCalls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(first.closeCalls).toEqual([[1000, 'heartbeat timeout']]);
    expect(closes).toEqual([{ code: 1006, reason: 'heartbeat timeout' }]);
    expect(socket.isConnected()).toBe(false);
    vi.advanceTimersByTime(200);
    expect(fake.sockets).toHaveLength(2);
  });
});

describe('reconnecting', () => {
  test('every close not asked for retries with reconnectAfterMs(tries), and an open resets tries', () => {
    const reconnectAfterMs = vi.fn((tries: number) => tries * 100);
    const { fake, socket } = setup({ reconnectAfterMs });
    socket.connect();
    fake.last().open();
    fake.last().serverClose(1000);
    vi.advanceTimersByTime(99);
    expect(fake.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.sockets).toHaveLength(2);
    fake.last().fail();
    vi.advanceTimersByTime(200);
    expect(fake.sockets).toHaveLength(3);
    fake.last().open();
    fake.last().serverClose(1001);
    expect(reconnectAfterMs.mock.calls).toEqual([[1], [2], [1]]);
  });

  test('the default delays back off from about 100 ms', () => {
    const { fake, socket } = setup();
    socket.connect();
    fake.last().fail();
    vi.advanceTimersByTime(49);
    expect(fake.sockets).toHaveLength(1);
    vi.advanceTimersByTime(51);
    expect(fake.sockets).toHaveLength(2);
  });

  test('onClose hears the close code of the server', () => {
    const { fake, socket } = setup();
    const onClose = vi.fn();
    socket.onClose(onClose);
    socket.connect();
    fake.last().open();
    fake.last().serverClose(1000, 'bye');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onClose.mock.calls[0]?.[0]).toMatchObject({ code: 1000, reason: 'bye' });
  });

  test('disconnect() closes, reports its code and does not reconnect until connect()', () => {
    const { fake, socket } = setup({ reconnectAfterMs: () => 10 });
    const closes: SocketClose[] = [];
    socket.onClose((event) => closes.push(event));
    socket.connect();
    fake.last().open();
    socket.disconnect();
    expect(fake.last().closeCalls).toEqual([[]]);
    expect(closes).toEqual([{ code: 1005, reason: '' }]);
    vi.advanceTimersByTime(60_000);
    expect(fake.sockets).toHaveLength(1);
    socket.connect();
    expect(fake.sockets).toHaveLength(2);
  });

  test('disconnect() while waiting to reconnect cancels the reconnect', () => {
    const { fake, socket } = setup({ reconnectAfterMs: () => 10 });
    socket.connect();
    fake.last().fail();
    socket.disconnect(1000, 'done');
    vi.advanceTimersByTime(1000);
    expect(fake.sockets).toHaveLength(1);
  });

  test('disconnect() from a close callback cancels the reconnect', () => {
    const { fake, socket } = setup({ reconnectAfterMs: () => 10 });
    socket.onClose(() => socket.disconnect());
    socket.connect();
    fake.last().open();
    fake.last().serverClose(1000);
    vi.advanceTimersByTime(1000);
    expect(fake.sockets).toHaveLength(1);
  });

  test('open, close and error callbacks can be unsubscribed', () => {
    const { fake, socket } = setup({ reconnectAfterMs: () => 10 });
    const calls: string[] = [];
    const offs = [
      socket.onOpen(() => calls.push('open')),
      socket.onClose(() => calls.push('close')),
      socket.onError(() => calls.push('error')),
    ];
    socket.connect();
    fake.last().open();
    fake.last().fail();
    expect(calls).toEqual(['open', 'error', 'close']);
    for (const off of offs) off();
    vi.advanceTimersByTime(10);
    fake.last().open();
    fake.last().fail();
    expect(calls).toHaveLength(3);
  });
});
