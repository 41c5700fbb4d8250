import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  $,
  COUNTER,
  click,
  ID,
  joined,
  setup,
  TOPIC,
  useLiveSocketPage,
} from './live-socket-page.js';

useLiveSocketPage();

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
