import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { HookDefinition, ViewHook } from '../../client/hooks.js';
import { LiveSocket, type LiveSocketOptions } from '../../client/live-socket.js';
import { fakeTransport } from './fake-websocket.js';

const ID = 'phx-F1';
const TOPIC = `lv:${ID}`;

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/** A counter: `<span id="count">N</span><button id="inc" phx-click="inc" phx-value-by="1">`. */
const COUNTER = {
  '0': '0',
  s: ['<span id="count">', '</span><button id="inc" phx-click="inc" phx-value-by="1">+</button>'],
};

/**
 * A page with one main live container, a LiveSocket on the fake transport, and the test as the
 * server: it reads the client's frames and answers them.
 */
function setup(opts: LiveSocketOptions = {}, attrs = '') {
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
function joined(opts: LiveSocketOptions = {}, rendered: Record<string, unknown> = COUNTER) {
  const t = setup(opts);
  t.liveSocket.connect();
  t.ws().open();
  t.server.join(rendered);
  return t;
}

const $ = (id: string) => document.getElementById(id)!;
const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true }));

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

describe('connecting and joining', () => {
  it('opens the socket with the params and joins the main container with its tokens', () => {
    const { liveSocket, ws, server, container } = setup();
    liveSocket.connect();
    expect(ws().url).toBe('ws://localhost:3000/live/websocket?_csrf_token=TOKEN&vsn=2.0.0');
    ws().open();
    expect(server.last('phx_join')).toEqual([
      '1',
      '1',
      TOPIC,
      'phx_join',
      {
        url: location.href,
        params: { _csrf_token: 'TOKEN', _mounts: 0, _mount_attempts: 0 },
        session: 'SESSION',
        static: 'STATIC',
        sticky: false,
      },
    ]);
    expect(container().classList.contains('phx-loading')).toBe(true);
  });

  it('shows the join render and marks the container connected', () => {
    const { container } = joined({}, { ...COUNTER, t: 'Counter' });
    expect(container().innerHTML).toBe(
      '<span id="count">0</span><button id="inc" phx-click="inc" phx-value-by="1">+</button>',
    );
    expect([...container().classList]).toEqual(['phx-connected']);
    expect(document.title).toBe('App · Counter');
  });

  it('dispatches the events of the join render', () => {
    const seen: unknown[] = [];
    const listener = (e: Event) => seen.push((e as CustomEvent).detail);
    window.addEventListener('phx:welcome', listener);
    onTestFinished(() => window.removeEventListener('phx:welcome', listener));
    joined({}, { ...COUNTER, e: [['welcome', { hi: 1 }]] });
    expect(seen).toEqual([{ hi: 1 }]);
  });

  it('calls a params function with the container for the join', () => {
    const params = vi.fn((el?: Element) => ({ from: el?.id ?? 'socket' }));
    const { liveSocket, ws, server } = setup({ params });
    liveSocket.connect();
    ws().open();
    expect(ws().url).toContain('from=socket');
    expect(server.last('phx_join')[4].params).toEqual({
      from: ID,
      _mounts: 0,
      _mount_attempts: 0,
    });
  });

  // PROTOCOL.md 2.2: `sticky` says whether the container has data-phx-sticky.
  it('sends sticky: true for a container with data-phx-sticky', () => {
    const { liveSocket, ws, server } = setup({}, 'data-phx-sticky');
    liveSocket.connect();
    ws().open();
    expect(server.last('phx_join')[4].sticky).toBe(true);
  });

  it('sends no event before the join render is applied', () => {
    const { liveSocket, ws, server } = setup();
    document.getElementById(ID)!.innerHTML = '<button id="early" phx-click="early">x</button>';
    liveSocket.connect();
    ws().open();
    click($('early'));
    expect(server.all('event')).toEqual([]);
  });
});

describe('events and diffs', () => {
  it('sends a click as an event frame and patches the reply diff in', () => {
    const { server, container } = joined();
    click($('inc'));
    const event = server.last('event');
    expect(event).toEqual([
      '1',
      '2',
      TOPIC,
      'event',
      { type: 'click', event: 'inc', value: { by: '1', value: '' } },
    ]);
    expect($('inc').classList.contains('phx-click-loading')).toBe(true);
    server.reply(event, { diff: { '0': '1' } });
    expect($('count').textContent).toBe('1');
    expect($('inc').classList.contains('phx-click-loading')).toBe(false);
    expect(container().querySelectorAll('button')).toHaveLength(1);
  });

  it('does not send a second click on an element whose first is unanswered', () => {
    const { server } = joined();
    click($('inc'));
    click($('inc'));
    expect(server.all('event')).toHaveLength(1);
    server.reply(server.last('event'), {});
    click($('inc'));
    expect(server.all('event')).toHaveLength(2);
  });

  it('patches a pushed diff', () => {
    const { server } = joined();
    server.push('diff', { '0': '42' });
    expect($('count').textContent).toBe('42');
  });

  it('dispatches pushed events as window phx: events, before or after the patch as asked', () => {
    const { server } = joined();
    const seen: unknown[] = [];
    const listen = (name: string) => {
      const listener = (e: Event) =>
        seen.push([name, (e as CustomEvent).detail, $('count').textContent]);
      window.addEventListener(`phx:${name}`, listener);
      onTestFinished(() => window.removeEventListener(`phx:${name}`, listener));
    };
    listen('early');
    listen('late');
    server.push('diff', {
      '0': '7',
      e: [
        ['late', { n: 1 }],
        ['early', { n: 2 }, true],
      ],
    });
    expect(seen).toEqual([
      ['early', { n: 2 }, '0'],
      ['late', { n: 1 }, '7'],
    ]);
  });

  it('sets the title from t, with the prefix of the <title>', () => {
    const { server } = joined();
    server.push('diff', { t: 'Seven' });
    expect(document.title).toBe('App · Seven');
  });

  it('sends a form change with _unused_ keys and _target, and a submit with its values', () => {
    const form = {
      s: [
        '<form id="f" phx-change="validate" phx-submit="save"><input id="a" name="a"><input id="b" name="b" value="',
        '"></form>',
      ],
      '0': 'x',
    };
    const { server } = joined({}, form);
    const a = $('a') as HTMLInputElement;
    a.value = 'hi there';
    a.dispatchEvent(new Event('input', { bubbles: true }));
    expect(server.last('event')[4]).toEqual({
      type: 'form',
      event: 'validate',
      value: 'a=hi+there&_unused_b=&b=x',
      meta: { _target: 'a' },
      uploads: {},
    });
    server.reply(server.last('event'), {});
    $('f').dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    expect(server.last('event')[4]).toEqual({
      type: 'form',
      event: 'save',
      value: 'a=hi+there&b=x',
      meta: {},
    });
    expect($('f').classList.contains('phx-submit-loading')).toBe(true);
  });
});

describe('components', () => {
  const page = {
    s: ['<main>', '</main>'],
    '0': 1,
    c: {
      '1': {
        s: [
          '<div id="card"><b id="label">',
          '</b><button id="save" phx-click="save" phx-target="1">s</button></div>',
        ],
        '0': 'draft',
      },
    },
  };

  it('sends a targeted click with its cid and patches a component-only reply', () => {
    const { server } = joined({}, page);
    expect($('card').getAttribute('data-phx-component')).toBe('1');
    click($('save'));
    const event = server.last('event');
    expect(event[4]).toEqual({ type: 'click', event: 'save', value: { value: '' }, cid: 1 });
    server.reply(event, { diff: { c: { '1': { '0': 'saved' } } } });
    expect($('label').textContent).toBe('saved');
  });

  it('runs the destroy handshake for a component the patch removed', () => {
    const { server } = joined({}, page);
    server.push('diff', { '0': '' });
    const willDestroy = server.last('cids_will_destroy');
    expect(willDestroy[4]).toEqual({ cids: [1] });
    server.reply(willDestroy, {});
    expect(server.last('cids_destroyed')[4]).toEqual({ cids: [1] });
  });
});

describe('unanswered events', () => {
  it('end their loading state when the socket drops, without a reload', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const { ws } = joined();
    click($('inc'));
    expect($('inc').classList.contains('phx-click-loading')).toBe(true);
    ws().fail();
    expect($('inc').classList.contains('phx-click-loading')).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(reload).not.toHaveBeenCalled();
  });

  it('reload the page (after the jitter) when 30 s pass without a reply', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    joined({ reloadJitterMin: 1000, reloadJitterMax: 1000 });
    click($('inc'));
    vi.advanceTimersByTime(30_999);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

describe('hooks', () => {
  it('mounts, updates and destroys a hook with its element, and resolves pushEvent with r', async () => {
    const log: string[] = [];
    let hook: ViewHook | undefined;
    const Chart: HookDefinition = {
      mounted() {
        hook = this;
        log.push(`mounted ${this.el.textContent}`);
      },
      updated() {
        log.push(`updated ${this.el.textContent}`);
      },
      destroyed() {
        log.push('destroyed');
      },
    };
    const { server } = joined(
      { hooks: { Chart } },
      {
        s: ['<div>', '</div>'],
        '0': { s: ['<div id="chart" phx-hook="Chart">', '</div>'], '0': 'a' },
      },
    );
    expect(log).toEqual(['mounted a']);

    server.push('diff', { '0': { '0': 'b' } });
    expect(log).toEqual(['mounted a', 'updated b']);

    const reply = hook!.pushEvent('ping', { n: 1 });
    const event = server.last('event');
    expect(event[4]).toEqual({ type: 'hook', event: 'ping', value: { n: 1 } });
    server.reply(event, { diff: { r: { pong: true } } });
    await expect(reply).resolves.toEqual({ pong: true });

    server.push('diff', { '0': '' });
    expect(log).toEqual(['mounted a', 'updated b', 'destroyed']);
  });
});

describe('hooks inside components', () => {
  // As in the official client, a hook's pushEvent goes to the LiveView (no cid) whatever its
  // element's phx-target; only pushEventTo targets.
  it("sends a hook's pushEvent to the LiveView even when its element has phx-target", () => {
    let hook: ViewHook | undefined;
    const Grab: HookDefinition = {
      mounted() {
        hook = this;
      },
    };
    const { server } = joined(
      { hooks: { Grab } },
      {
        s: ['<main>', '</main>'],
        '0': 1,
        c: { '1': { s: ['<div id="h" phx-hook="Grab" phx-target="1"></div>'] } },
      },
    );
    void hook!.pushEvent('ping', {});
    expect(server.last('event')[4]).toEqual({ type: 'hook', event: 'ping', value: {} });
  });

  it("sends a hook's pushEventTo to the component it names", () => {
    let hook: ViewHook | undefined;
    const Grab: HookDefinition = {
      mounted() {
        hook = this;
      },
    };
    const { server } = joined(
      { hooks: { Grab } },
      {
        s: ['<main><div id="h" phx-hook="Grab"></div>', '</main>'],
        '0': 1,
        c: { '1': { s: ['<div id="comp"></div>'] } },
      },
    );
    void hook!.pushEventTo('#comp', 'ping', { a: 1 });
    void hook!.pushEventTo(1, 'pong');
    expect(server.all('event').map((f) => f[4])).toEqual([
      { type: 'hook', event: 'ping', value: { a: 1 }, cid: 1 },
      { type: 'hook', event: 'pong', value: {}, cid: 1 },
    ]);
  });
});

describe('losing the server', () => {
  it('marks the view errored, shows the banner after the delay, and rejoins with _mounts 1', () => {
    const { ws, fake, server, container } = joined({ offlineBannerDelayMs: 500 });
    const first = ws();
    first.fail();
    expect([...container().classList].sort()).toEqual([
      'phx-client-error',
      'phx-error',
      'phx-loading',
    ]);
    const banner = () => document.querySelector<HTMLElement>('[data-phx-offline-banner]');
    vi.advanceTimersByTime(499);
    expect(banner()).toBeNull();
    vi.advanceTimersByTime(1);
    expect(banner()?.hidden).toBe(false);

    expect(fake.sockets).toHaveLength(2);
    ws().open();
    expect(banner()?.hidden).toBe(true);
    expect(server.last('phx_join')[4].params).toEqual({
      _csrf_token: 'TOKEN',
      _mounts: 1,
      _mount_attempts: 0,
    });
    server.join({ ...COUNTER, '0': '9' });
    expect($('count').textContent).toBe('9');
    expect([...container().classList]).toEqual(['phx-connected']);
  });

  it('marks a server crash (phx_error on a live socket) as a server error', () => {
    const { ws, container } = joined();
    ws().receive(['1', null, TOPIC, 'phx_error', {}]);
    expect(container().classList.contains('phx-server-error')).toBe(true);
    expect(container().classList.contains('phx-client-error')).toBe(false);
  });

  it('tells hooks about the disconnect and the reconnect', () => {
    const log: string[] = [];
    const Spy: HookDefinition = {
      disconnected: () => log.push('disconnected'),
      reconnected: () => log.push('reconnected'),
    };
    const rendered = { s: ['<div id="spy" phx-hook="Spy"></div>'] };
    const { ws, server } = joined({ hooks: { Spy } }, rendered);
    ws().fail();
    vi.advanceTimersByTime(100);
    ws().open();
    server.join(rendered);
    expect(log).toEqual(['disconnected', 'reconnected']);
  });

  it('replays a form before the rejoin render is applied, then applies both in order', () => {
    const render = (label: string) => ({
      s: [
        '<form id="f" phx-change="validate"><input id="q" name="q" value="',
        '"><input id="r" name="r"></form><p id="label">',
        '</p>',
      ],
      '0': '',
      '1': label,
    });
    const { ws, server } = joined({}, render('before'));
    const q = $('q') as HTMLInputElement;
    q.value = 'typed';
    q.dispatchEvent(new Event('input', { bubbles: true }));
    server.reply(server.last('event'), {});

    ws().fail();
    vi.advanceTimersByTime(100);
    ws().open();
    server.join(render('after'));
    // Frames of the new socket only: the recovery is its one event.
    const events = server.all('event');
    expect(events).toHaveLength(1);
    expect(events[0]?.[4]).toEqual({
      type: 'form',
      event: 'validate',
      value: 'q=typed&_unused_r=&r=',
      meta: { _target: 'q' },
      uploads: {},
    });
    expect($('label').textContent).toBe('before');
    // The fresh server rebuilt its state from the replay and renders the value back.
    server.reply(events[0]!, { diff: { '0': 'typed' } });
    expect($('label').textContent).toBe('after');
    expect(($('q') as HTMLInputElement).value).toBe('typed');
  });
});

describe('the server refusing or closing', () => {
  it('loads the page afresh when the join is stale', () => {
    const setHref = vi.spyOn(location, 'href', 'set').mockImplementation(() => {});
    const { liveSocket, ws, server, container } = setup();
    liveSocket.connect();
    ws().open();
    server.reply(server.last('phx_join'), { reason: 'stale' }, 'error');
    expect(setHref).toHaveBeenCalledWith(location.href);
    expect(container().classList.contains('phx-error')).toBe(true);
  });

  it('shows a server error and reloads with jitter when a join fails for another reason', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const { liveSocket, ws, server, container } = setup({
      reloadJitterMin: 100,
      reloadJitterMax: 100,
    });
    liveSocket.connect();
    ws().open();
    server.reply(server.last('phx_join'), { reason: 'join crashed' }, 'error');
    expect([...container().classList].sort()).toEqual([
      'phx-error',
      'phx-loading',
      'phx-server-error',
    ]);
    vi.advanceTimersByTime(100);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('follows a redirect reply with a full page load, handing the flash over in a cookie', () => {
    const setHref = vi.spyOn(location, 'href', 'set').mockImplementation(() => {});
    const { server } = joined();
    click($('inc'));
    server.reply(server.last('event'), { redirect: { to: '/login', flash: 'FLASH' } });
    expect(setHref).toHaveBeenCalledWith('/login');
    expect(document.cookie).toContain('__phoenix_flash__=FLASH');
  });

  it('reloads after a random delay in the jitter range when the server closes with 1000', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { ws } = joined({ reloadJitterMin: 1000, reloadJitterMax: 3000 });
    ws().serverClose(1000);
    vi.advanceTimersByTime(1999);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(sessionStorage.getItem('phx:consecutive-reloads')).toBe('1');
  });

  it('does not reload for a close after disconnect(), nor for a network loss', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const a = joined();
    a.ws().fail();
    vi.advanceTimersByTime(60_000);
    a.liveSocket.disconnect();
    vi.advanceTimersByTime(60_000);
    expect(reload).not.toHaveBeenCalled();
  });
});
