import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PhoenixSocket, type SocketOptions } from '../../client/phoenix-socket.js';
import { fakeTransport } from './fake-websocket.js';

const TOPIC = 'lv:phx-F1';

function reply(
  joinRef: string | null,
  ref: string,
  status: 'ok' | 'error',
  response: Record<string, unknown> = {},
) {
  return [joinRef, ref, TOPIC, 'phx_reply', { status, response }];
}

/** A connected socket (heartbeats out of the way) and one channel on TOPIC. */
function setup(opts: SocketOptions = {}) {
  const fake = fakeTransport();
  const socket = new PhoenixSocket('/live', {
    transport: fake.transport,
    heartbeatIntervalMs: 1e9,
    reconnectAfterMs: () => 100,
    rejoinAfterMs: (tries) => tries * 1000,
    ...opts,
  });
  socket.connect();
  fake.last().open();
  let joins = 0;
  const channel = socket.channel(TOPIC, () => ({ session: 'S', joins: ++joins }));
  const ws = () => fake.last();
  const lastFrame = () => ws().frames().at(-1);
  return { fake, socket, channel, ws, lastFrame };
}

/** Joins and answers ok; returns the join ref. */
function joined(t: ReturnType<typeof setup>): string {
  t.channel.join();
  const ref = t.channel.joinRef!;
  t.ws().receive(reply(ref, ref, 'ok', { rendered: {} }));
  return ref;
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('joining', () => {
  test('a join sends the params, its ref becomes the join ref, and the ok reply joins', () => {
    const t = setup();
    const onOk = vi.fn();
    const push = t.channel.join().receive('ok', onOk);
    expect(t.channel.state).toBe('joining');
    expect(t.lastFrame()).toEqual(['1', '1', TOPIC, 'phx_join', { session: 'S', joins: 1 }]);
    expect(t.channel.joinRef).toBe('1');
    expect(push.ref).toBe('1');
    t.ws().receive(reply('1', '1', 'ok', { rendered: { '0': 'x' } }));
    expect(t.channel.state).toBe('joined');
    expect(t.channel.isJoined()).toBe(true);
    expect(onOk).toHaveBeenCalledWith({ rendered: { '0': 'x' } });
  });

  test('pushes made while joining wait for the ok reply, then carry the join ref', () => {
    const t = setup();
    t.channel.join();
    t.channel.push('event', { n: 1 });
    t.channel.push('event', { n: 2 });
    expect(t.ws().frames()).toHaveLength(1);
    t.ws().receive(reply('1', '1', 'ok'));
    expect(t.ws().frames().slice(1)).toEqual([
      ['1', '2', TOPIC, 'event', { n: 1 }],
      ['1', '3', TOPIC, 'event', { n: 2 }],
    ]);
  });

  test('a join error reply reaches the error receivers and the channel does not retry by itself', () => {
    const t = setup();
    const onError = vi.fn();
    const waiting = vi.fn();
    t.channel.join().receive('error', onError);
    t.channel.push('event', {}).receive('timeout', waiting);
    t.ws().receive(reply('1', '1', 'error', { reason: 'stale' }));
    expect(onError).toHaveBeenCalledWith({ reason: 'stale' });
    expect(waiting).toHaveBeenCalledWith({ reason: 'closed' });
    expect(t.channel.state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    t.ws().serverClose(1011);
    vi.advanceTimersByTime(100);
    t.ws().open();
    expect(t.ws().sent).toEqual([]);
  });

  test('after a refused join, join() may be called again', () => {
    const t = setup();
    const onOk = vi.fn();
    t.channel.join().receive('ok', onOk);
    t.ws().receive(reply('1', '1', 'error', { reason: 'join crashed' }));
    t.channel.join();
    expect(t.lastFrame()).toEqual(['2', '2', TOPIC, 'phx_join', { session: 'S', joins: 2 }]);
    t.ws().receive(reply('2', '2', 'ok'));
    expect(t.channel.state).toBe('joined');
    expect(onOk).toHaveBeenCalledTimes(1);
  });

  test('join() while joining or joined sends nothing more', () => {
    const t = setup();
    const first = t.channel.join();
    expect(t.channel.join()).toBe(first);
    joined(t);
    t.channel.join();
    expect(t.ws().frames()).toHaveLength(1);
  });

  test('a join timeout reports timeout, sends phx_leave and retries after rejoinAfterMs', () => {
    const t = setup({ timeout: 5000 });
    const onTimeout = vi.fn();
    t.channel.join().receive('timeout', onTimeout);
    vi.advanceTimersByTime(5000);
    expect(onTimeout).toHaveBeenCalledWith({ reason: 'timeout' });
    expect(t.lastFrame()).toEqual(['1', '2', TOPIC, 'phx_leave', {}]);
    expect(t.channel.state).toBe('errored');
    vi.advanceTimersByTime(999);
    expect(t.ws().frames()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(t.lastFrame()).toEqual(['3', '3', TOPIC, 'phx_join', { session: 'S', joins: 2 }]);
    t.ws().receive(reply('1', '1', 'ok')); // the first join's late reply
    expect(t.channel.state).toBe('joining');
  });

  test('joining a second channel on a topic leaves the one already joined', () => {
    const t = setup();
    joined(t);
    const second = t.socket.channel(TOPIC, () => ({}));
    second.join();
    expect(t.ws().frames().slice(1)).toEqual([
      ['1', '2', TOPIC, 'phx_leave', {}],
      ['3', '3', TOPIC, 'phx_join', {}],
    ]);
    expect(t.channel.state).toBe('leaving');
  });
});

describe('messages and replies', () => {
  test('server events reach their callbacks; frames of another join ref are dropped', () => {
    const t = setup();
    const ref = joined(t);
    const onDiff = vi.fn();
    t.channel.on('diff', onDiff);
    t.ws().receive([ref, null, TOPIC, 'diff', { '0': 'a' }]);
    t.ws().receive(['999', null, TOPIC, 'diff', { '0': 'stale' }]);
    t.ws().receive([null, null, TOPIC, 'diff', { '0': 'b' }]);
    t.ws().receive([ref, null, 'lv:other', 'diff', { '0': 'elsewhere' }]);
    expect(onDiff.mock.calls).toEqual([
      [{ '0': 'a' }, null, ref],
      [{ '0': 'b' }, null, ref],
    ]);
  });

  test('off removes one callback by ref, or all of an event', () => {
    const t = setup();
    const ref = joined(t);
    const calls: string[] = [];
    const a = t.channel.on('e', () => calls.push('a'));
    t.channel.on('e', () => calls.push('b'));
    t.channel.off('e', a);
    t.ws().receive([ref, null, TOPIC, 'e', {}]);
    t.channel.off('e');
    t.ws().receive([ref, null, TOPIC, 'e', {}]);
    expect(calls).toEqual(['b']);
  });

  test('a reply reaches the receivers of its push by ref', () => {
    const t = setup();
    const ref = joined(t);
    const first = vi.fn();
    const second = vi.fn();
    const p1 = t.channel.push('event', { n: 1 }).receive('ok', first);
    const p2 = t.channel.push('event', { n: 2 }).receive('error', second);
    t.ws().receive(reply(ref, p2.ref!, 'error', { reason: 'nope' }));
    t.ws().receive(reply(ref, p1.ref!, 'ok', { diff: { '0': '1' } }));
    expect(first).toHaveBeenCalledWith({ diff: { '0': '1' } });
    expect(second).toHaveBeenCalledWith({ reason: 'nope' });
    const late = vi.fn();
    p1.receive('ok', late);
    expect(late).toHaveBeenCalledWith({ diff: { '0': '1' } });
  });

  test('an unanswered push times out, and its late reply is ignored', () => {
    const t = setup();
    const ref = joined(t);
    const outcomes: string[] = [];
    const push = t.channel
      .push('event', {}, 2000)
      .receive('ok', () => outcomes.push('ok'))
      .receive('timeout', (r) => outcomes.push(`timeout ${r.reason}`));
    vi.advanceTimersByTime(1999);
    expect(outcomes).toEqual([]);
    vi.advanceTimersByTime(1);
    t.ws().receive(reply(ref, push.ref!, 'ok'));
    expect(outcomes).toEqual(['timeout timeout']);
  });

  test('a push waiting for the join times out on its own timer and is then never sent', () => {
    const t = setup();
    t.channel.join(10_000);
    const onTimeout = vi.fn();
    t.channel.push('event', {}, 1000).receive('timeout', onTimeout);
    vi.advanceTimersByTime(1000);
    expect(onTimeout).toHaveBeenCalledOnce();
    t.ws().receive(reply('1', '1', 'ok'));
    expect(t.ws().frames()).toHaveLength(1);
  });
});

describe('errors, closes and recovery', () => {
  test('phx_error makes the channel errored, ends its pushes, and rejoins with a new join ref', () => {
    const t = setup();
    const onOk = vi.fn();
    t.channel.join().receive('ok', onOk);
    t.ws().receive(reply('1', '1', 'ok'));
    const onError = vi.fn();
    t.channel.onError(onError);
    const onTimeout = vi.fn();
    t.channel.push('event', {}).receive('timeout', onTimeout);
    t.ws().receive(['1', '1', TOPIC, 'phx_error', { reason: 'channel_crash' }]);
    expect(t.channel.state).toBe('errored');
    expect(onError).toHaveBeenCalledWith({ reason: 'channel_crash' }, null, null);
    expect(onTimeout).toHaveBeenCalledWith({ reason: 'errored' });
    vi.advanceTimersByTime(1000);
    expect(t.lastFrame()).toEqual(['3', '3', TOPIC, 'phx_join', { session: 'S', joins: 2 }]);
    t.ws().receive(reply('3', '3', 'ok', { again: true }));
    expect(t.channel.state).toBe('joined');
    expect(onOk.mock.calls).toEqual([[{}], [{ again: true }]]);
  });

  test('rejoin delays grow with tries and start again after a successful join', () => {
    const rejoinAfterMs = vi.fn(() => 500);
    const t = setup({ rejoinAfterMs });
    const crash = () => t.ws().receive([t.channel.joinRef, null, TOPIC, 'phx_error', {}]);
    t.channel.join();
    crash();
    vi.advanceTimersByTime(500);
    crash();
    vi.advanceTimersByTime(500);
    t.ws().receive(reply(t.channel.joinRef, t.channel.joinRef!, 'ok'));
    crash();
    expect(rejoinAfterMs.mock.calls).toEqual([[1], [2], [1]]);
  });

  test('a socket drop errors joined channels, and the reconnect rejoins them at once with a new join ref', () => {
    const t = setup();
    joined(t);
    const onError = vi.fn();
    t.channel.onError(onError);
    const onTimeout = vi.fn();
    t.channel.push('event', {}).receive('timeout', onTimeout);
    t.ws().serverClose(1006);
    expect(t.channel.state).toBe('errored');
    expect(onError).toHaveBeenCalledWith({ reason: 'connection_closed' }, null, null);
    expect(onTimeout).toHaveBeenCalledWith({ reason: 'errored' });
    vi.advanceTimersByTime(100);
    t.ws().open();
    expect(t.ws().frames()).toEqual([['3', '3', TOPIC, 'phx_join', { session: 'S', joins: 2 }]]);
    t.ws().receive(['1', null, TOPIC, 'diff', {}]);
    t.ws().receive(reply('3', '3', 'ok'));
    expect(t.channel.state).toBe('joined');
    expect(t.channel.joinRef).toBe('3');
  });

  test('phx_close closes the channel, tells onClose, and stops routing its frames', () => {
    const t = setup();
    const ref = joined(t);
    const onClose = vi.fn();
    const onDiff = vi.fn();
    t.channel.onClose(onClose);
    t.channel.on('diff', onDiff);
    const onTimeout = vi.fn();
    t.channel.push('event', {}).receive('timeout', onTimeout);
    t.ws().receive([ref, ref, TOPIC, 'phx_close', {}]);
    expect(t.channel.state).toBe('closed');
    expect(onClose).toHaveBeenCalledOnce();
    expect(onTimeout).toHaveBeenCalledWith({ reason: 'closed' });
    t.ws().receive([null, null, TOPIC, 'diff', {}]);
    expect(onDiff).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(t.ws().frames()).toHaveLength(2);
  });

  test('leave sends phx_leave and closes on the reply', () => {
    const t = setup();
    const ref = joined(t);
    const onClose = vi.fn();
    t.channel.onClose(onClose);
    const push = t.channel.leave();
    expect(t.channel.state).toBe('leaving');
    expect(t.lastFrame()).toEqual([ref, '2', TOPIC, 'phx_leave', {}]);
    t.ws().receive(reply(ref, push.ref!, 'ok'));
    expect(t.channel.state).toBe('closed');
    expect(onClose).toHaveBeenCalledOnce();
  });

  test('leave while the socket is down closes at once and sends nothing later', () => {
    const t = setup();
    joined(t);
    t.ws().serverClose(1006);
    const onOk = vi.fn();
    t.channel.leave().receive('ok', onOk);
    expect(onOk).toHaveBeenCalledOnce();
    expect(t.channel.state).toBe('closed');
    vi.advanceTimersByTime(100);
    t.ws().open();
    expect(t.ws().sent).toEqual([]);
  });

  test('a join ok arriving after leave() is passed on but does not rejoin the channel', () => {
    const t = setup();
    const onOk = vi.fn();
    t.channel.join().receive('ok', onOk);
    const leave = t.channel.leave();
    t.ws().receive(reply('1', '1', 'ok'));
    expect(onOk).toHaveBeenCalledOnce();
    expect(t.channel.state).toBe('leaving');
    t.ws().receive(reply('1', leave.ref!, 'ok'));
    expect(t.channel.state).toBe('closed');
  });

  test('a push ends once, whatever reaches it later', () => {
    const t = setup();
    const ref = joined(t);
    const outcomes: string[] = [];
    const push = t.channel.push('event', {}).receive('ok', () => outcomes.push('ok'));
    push.receive('timeout', () => outcomes.push('timeout'));
    t.ws().receive(reply(ref, push.ref!, 'ok'));
    push.settle('timeout', {});
    t.ws().receive([ref, ref, TOPIC, 'phx_close', {}]);
    vi.advanceTimersByTime(60_000);
    expect(outcomes).toEqual(['ok']);
  });

  test('a socket drop while leaving finishes the leave', () => {
    const t = setup();
    joined(t);
    const onClose = vi.fn();
    t.channel.onClose(onClose);
    t.channel.leave();
    t.ws().serverClose(1006);
    expect(t.channel.state).toBe('closed');
    expect(onClose).toHaveBeenCalledOnce();
  });
});
