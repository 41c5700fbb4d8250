import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ACTOR_CHANNELS } from '../../actors/telemetry.js';
import { SOCKET_CHANNELS } from '../../transport/telemetry.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { VIEW_CHANNELS } from '../../views/telemetry.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';

type Seen = {
  readonly channel: string;
  readonly phase: string;
  readonly message: Record<string, unknown>;
};

/** Subscribes to every liveactor channel (every phase of the tracing ones) for this test. */
function watchEveryChannel() {
  const seen: Seen[] = [];
  const waiters: { match: (s: Seen) => boolean; resolve: (s: Seen) => void }[] = [];
  const record = (channel: string, phase: string) => (message: unknown) => {
    const entry = { channel, phase, message: message as Record<string, unknown> };
    seen.push(entry);
    for (const w of waiters.filter((w) => w.match(entry))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(entry);
    }
  };
  const traced = ['mount', 'handleParams', 'event', 'info', 'render', 'async'] as const;
  for (const key of traced) {
    const name = VIEW_CHANNELS[key];
    const handlers = {
      start: record(name, 'start'),
      end: record(name, 'end'),
      asyncStart: record(name, 'asyncStart'),
      asyncEnd: record(name, 'asyncEnd'),
      error: record(name, 'error'),
    };
    tracingChannel(name).subscribe(handlers);
    onTestFinished(() => tracingChannel(name).unsubscribe(handlers));
  }
  const plain = [
    VIEW_CHANNELS.join,
    VIEW_CHANNELS.leave,
    VIEW_CHANNELS.crash,
    ...Object.values(ACTOR_CHANNELS),
    ...Object.values(SOCKET_CHANNELS),
  ];
  for (const name of plain) {
    const handler = record(name, 'publish');
    subscribe(name, handler);
    onTestFinished(() => {
      unsubscribe(name, handler);
    });
  }
  return {
    seen,
    of: (channel: string, phase = 'publish') =>
      seen.filter((s) => s.channel === channel && s.phase === phase).map((s) => s.message),
    next: (match: (s: Seen) => boolean): Promise<Seen> => {
      const found = seen.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

const Board = defineLiveView<
  { count: number; stats: string },
  { inc: unknown; load: unknown; crash: unknown },
  { type: 'set'; count: number }
>({
  name: 'Board',
  mount(_params, _session, socket) {
    socket.assign({ count: 0, stats: '' });
    if (socket.connected) socket.subscribe('board');
  },
  handleParams() {},
  handleEvent(event, _value, socket) {
    if (event === 'crash') throw new Error('boom');
    if (event === 'load') socket.startAsync('stats', async () => 'ready');
    else socket.update('count', (n) => n + 1);
  },
  handleInfo(msg, socket) {
    socket.assign({ count: msg.count });
  },
  handleAsync(_name, result, socket) {
    if (result.ok) socket.assign({ stats: String(result.value) });
  },
  render: (a) => html`<p>${a.count}</p><p>${a.stats}</p>`,
});

describe('telemetry on node:diagnostics_channel', () => {
  it('fires every channel for a real view driven over a real socket', async () => {
    const watch = watchEveryChannel();
    const { live, url } = await startLiveServer({ routes: [{ path: '/board/:id', view: Board }] });
    const page = await getPage(url, '/board/7?x=1');
    // The dead render: mount, handle_params and render, not connected.
    const [deadMount] = watch.of(VIEW_CHANNELS.mount, 'start');
    expect(deadMount).toMatchObject({
      route: '/board/:id',
      view: 'Board',
      connected: false,
      params: { id: '7', x: '1' },
    });
    expect(watch.of(VIEW_CHANNELS.render, 'end')[0]?.bytes).toBeGreaterThan(0);

    const client = await LiveClient.connect(url);
    const open = (await watch.next((s) => s.channel === SOCKET_CHANNELS.open)).message;
    expect(open).toMatchObject({ remoteAddress: '127.0.0.1' });
    const view = await client.join(page);
    const join = await watch.next((s) => s.channel === VIEW_CHANNELS.join);
    expect(join.message).toMatchObject({
      topic: view.topic,
      route: '/board/:id',
      view: 'Board',
      status: 'ok',
      port: open.port,
    });
    const mount = watch.of(VIEW_CHANNELS.mount, 'asyncEnd').find((m) => m.connected === true);
    expect(mount).toMatchObject({ topic: view.topic, view: 'Board' });
    const pid = mount?.pid;
    expect(typeof pid).toBe('string');
    expect(watch.of(VIEW_CHANNELS.handleParams, 'start').at(-1)).toMatchObject({
      pid,
      url: page.url,
    });

    // An event: traced start to asyncEnd on one context, then its render with the diff's size.
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
    const [eventStart] = watch.of(VIEW_CHANNELS.event, 'start');
    expect(eventStart).toMatchObject({ event: 'inc', pid, route: '/board/:id' });
    expect(watch.of(VIEW_CHANNELS.event, 'asyncEnd')).toContain(eventStart);
    const render = watch.of(VIEW_CHANNELS.render, 'end').at(-1);
    expect(render).toMatchObject({ pid, connected: true, bytes: '{"0":"1"}'.length });

    // A broadcast reaches handleInfo.
    live.pubsub.broadcast('board', { type: 'set', count: 5 });
    const [broadcast] = watch.of(ACTOR_CHANNELS.pubsubBroadcast);
    expect(broadcast).toMatchObject({ topic: 'board', subscribers: 1, crossesThreads: true });
    await view.nextPush('diff');
    expect(watch.of(VIEW_CHANNELS.info, 'asyncEnd')).toMatchObject([
      { pid, message: { type: 'set', count: 5 } },
    ]);

    // Async work lands through handleAsync.
    await view.push('load');
    await view.nextPush('diff');
    expect(watch.of(VIEW_CHANNELS.async, 'asyncEnd')).toMatchObject([
      { pid, name: 'stats', ok: true },
    ]);

    // A crash: the view's crash, its exit, the error on the event's trace, and the restart.
    await view.push('crash');
    await view.nextPush('diff');
    expect(watch.of(VIEW_CHANNELS.crash)).toMatchObject([
      { pid, view: 'Board', route: '/board/:id', during: 'handleEvent "crash"', event: 'crash' },
    ]);
    expect(watch.of(VIEW_CHANNELS.event, 'error')).toMatchObject([
      { event: 'crash', error: { message: 'boom' } },
    ]);
    expect(watch.of(ACTOR_CHANNELS.processExit).find((m) => m.pid === pid)).toMatchObject({
      behaviour: 'LiveView',
      error: { message: 'boom' },
    });
    const [restart] = watch.of(ACTOR_CHANNELS.supervisorRestart);
    expect(restart).toMatchObject({ oldPid: pid, restarts: 1, intensity: 3, period: 5000 });

    // Leaving, then closing the socket.
    await view.leave();
    expect(watch.of(VIEW_CHANNELS.leave)).toMatchObject([
      { topic: view.topic, route: '/board/:id', view: 'Board', pid: restart?.pid },
    ]);
    client.ws.close(1000, 'bye');
    const close = await watch.next((s) => s.channel === SOCKET_CHANNELS.close);
    expect(close.message).toMatchObject({ port: open.port, code: 1000, reason: 'bye' });

    const fired = new Set(watch.seen.map((s) => s.channel));
    const every = [
      ...Object.values(VIEW_CHANNELS),
      ...Object.values(ACTOR_CHANNELS),
      ...Object.values(SOCKET_CHANNELS),
    ];
    expect(every.filter((name) => !fired.has(name))).toEqual([]);
  });

  it('publishes a refused join with its reason', async () => {
    const watch = watchEveryChannel();
    const { url } = await startLiveServer({ routes: [{ path: '/board/:id', view: Board }] });
    const client = await LiveClient.connect(url);
    const page = await getPage(url, '/board/1');
    await client.join(page, { session: 'forged' });
    expect(watch.of(VIEW_CHANNELS.join)).toMatchObject([
      { topic: page.topic, status: 'error', reason: 'stale', route: undefined },
    ]);
  });
});
