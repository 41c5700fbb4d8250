/**
 * The page the live socket tests run on: one main live container, a LiveSocket on the fake
 * transport, and the test as the server, reading the client's frames and answering them.
 */
import { afterEach, beforeEach, onTestFinished, vi } from 'vitest';
import { LiveSocket, type LiveSocketOptions } from '../../client/live-socket.js';
import { fakeTransport } from './fake-websocket.js';

export const ID = 'phx-F1';
export const TOPIC = `lv:${ID}`;

export type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/** A counter: `<span id="count">N</span><button id="inc" phx-click="inc" phx-value-by="1">`. */
export const COUNTER = {
  '0': '0',
  s: ['<span id="count">', '</span><button id="inc" phx-click="inc" phx-value-by="1">+</button>'],
};

/**
 * A page with one main live container, a LiveSocket on the fake transport, and the test as the
 * server: it reads the client's frames and answers them.
 */
export function setup(opts: LiveSocketOptions = {}, attrs = '') {
  document.head.innerHTML = '<title data-prefix="App · ">Dead</title>';
  document.body.innerHTML = `<div id="${ID}" data-phx-main data-phx-session="SESSION" data-phx-static="STATIC" ${attrs}><p>dead render</p></div>`;
  const fake = fakeTransport();
  const liveSocket = new LiveSocket('/live', {
    transport: fake.transport,
    heartbeatIntervalMs: 1e9,
    reconnectAfterMs: () => 100,
    rejoinAfterMs: () => 1000,
    params: { _csrf_token: 'TOKEN' },
    ...opts,
  });
  onTestFinished(() => liveSocket.disconnect());
  const ws = () => fake.last();
  const frames = () => ws().frames() as Frame[];
  const container = () => document.getElementById(ID)!;
  const server = {
    /** The last frame the client sent on the view's topic with `event`. */
    last(event: string): Frame {
      const frame = server.all(event).at(-1);
      if (!frame) throw new Error(`no ${event} frame; sent: ${JSON.stringify(frames())}`);
      return frame;
    },
    /** Every frame on the view's topic with `event`. */
    all: (event: string) => frames().filter((f) => f[2] === TOPIC && f[3] === event),
    reply(frame: Frame, response: Record<string, unknown>, status: 'ok' | 'error' = 'ok') {
      ws().receive([frame[0], frame[1], TOPIC, 'phx_reply', { status, response }]);
    },
    /** Answers the last join with a render. */
    join(rendered: Record<string, unknown> = COUNTER, extra: Record<string, unknown> = {}) {
      server.reply(server.last('phx_join'), { rendered, ...extra });
    },
    push(event: string, payload: Record<string, unknown>) {
      ws().receive([server.last('phx_join')[0], null, TOPIC, event, payload]);
    },
  };
  return { fake, liveSocket, ws, frames, container, server };
}

/** Connected, joined and showing COUNTER. */
export function joined(opts: LiveSocketOptions = {}, rendered: Record<string, unknown> = COUNTER) {
  const t = setup(opts);
  t.liveSocket.connect();
  t.ws().open();
  t.server.join(rendered);
  return t;
}

export const $ = (id: string) => document.getElementById(id)!;
export const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true }));

/** Fake timers for each test, and a clean page and storage after it. */
export function useLiveSocketPage(): void {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    sessionStorage.clear();
    document.body.innerHTML = '';
  });
}
