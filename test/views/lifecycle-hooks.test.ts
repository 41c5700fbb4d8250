/**
 * Lifecycle hooks, run as a connected view and its dead render run them: `onMount` hooks before
 * `mount` (assigning, or redirecting and halting), and the hooks a socket attaches to
 * handleParams, handleEvent, handleInfo, handleAsync and afterRender, halting their stage or
 * letting the view's own callback run after them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getConnectInfo } from '../../views/connect-info.js';
import type { OnMount } from '../../views/lifecycle.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

type Assigns = { user?: string; seen: string[]; n: number };

let open: LiveViewTest[] = [];
afterEach(async () => {
  await Promise.all(open.map((lv) => lv.close()));
  open = [];
});

async function mount(...args: Parameters<typeof mountLive>): Promise<LiveViewTest> {
  const lv = await mountLive(...args);
  open.push(lv);
  return lv;
}

/** A view that logs what ran, in order, into `seen`. */
function recorder(extra: Partial<Parameters<typeof defineLiveView<Assigns>>[0]> = {}) {
  return defineLiveView<Assigns, Record<string, unknown>, string>({
    mount(_params, _session, socket) {
      socket.assign({ seen: [...(socket.assigns.seen ?? []), 'mount'], n: 0 });
    },
    handleEvent(event, _value, socket) {
      socket.update('seen', (s) => [...s, `view ${event}`]);
    },
    handleInfo(msg, socket) {
      socket.update('seen', (s) => [...s, `view info ${msg}`]);
    },
    render: (a) =>
      html`<p id="user">${a.user ?? 'nobody'}</p><p id="seen">${a.seen.join(',')}</p><p id="n">${a.n}</p>`,
    ...extra,
  });
}

const signIn: OnMount<Assigns> = (_params, session, socket) => {
  if (typeof session.user !== 'string') {
    socket.putFlash('error', 'Sign in first').redirect('/login');
    return 'halt';
  }
  socket.assign({ user: session.user, seen: [`onMount ${socket.connected ? 'live' : 'dead'}`] });
  return 'cont';
};

describe('onMount hooks', () => {
  it('run before mount, in the dead render and on the join, and may assign', async () => {
    const lv = await mount(recorder(), { session: { user: 'ann' }, onMount: [signIn] });
    expect(lv.deadHtml).toContain('<p id="seen">onMount dead,mount</p>');
    expect(await lv.element('#user').text()).toBe('ann');
    expect(await lv.element('#seen').text()).toBe('onMount live,mount');
  });

  it('redirect and halt: the dead render goes elsewhere with the flash, and mount never runs', async () => {
    const error = await mount(recorder(), { onMount: [signIn] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_MOUNT_REDIRECT',
      navigation: { to: '/login', flash: { error: 'Sign in first' } },
    });
  });

  it('a halt on the join alone answers the join with the redirect', async () => {
    const liveOnly: OnMount = (_p, _s, socket) => {
      if (!socket.connected) return 'cont';
      socket.pushNavigate('/elsewhere', { replace: true });
      return 'halt';
    };
    const error = await mount(recorder(), { onMount: [liveOnly] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_MOUNT_REDIRECT',
      navigation: { to: '/elsewhere', kind: 'replace' },
    });
  });

  it('run in order; the first that halts stops the rest', async () => {
    const ran: string[] = [];
    const first: OnMount = () => {
      ran.push('first');
      return 'cont';
    };
    const stop: OnMount = (_p, _s, socket) => {
      ran.push('stop');
      socket.redirect('/out');
      return 'halt';
    };
    const never: OnMount = () => {
      ran.push('never');
      return 'cont';
    };
    await expect(mount(recorder(), { onMount: [first, stop, never] })).rejects.toMatchObject({
      code: 'ERR_MOUNT_REDIRECT',
    });
    expect(ran).toEqual(['first', 'stop']);
  });

  it('a halt without a redirect, a redirect without a halt, or another answer is an error naming the hook', async () => {
    const lost: OnMount = function lostHook() {
      return 'halt';
    };
    await expect(mount(recorder(), { onMount: [lost] })).rejects.toThrow(
      /onMount hook "lostHook" halted without socket.redirect\(\)/,
    );
    const sloppy: OnMount = function sloppyHook(_p, _s, socket) {
      socket.redirect('/x');
      return 'cont';
    };
    await expect(mount(recorder(), { onMount: [sloppy] })).rejects.toThrow(
      /"sloppyHook" redirected but returned 'cont'/,
    );
    const vague = (() => true) as unknown as OnMount;
    await expect(mount(recorder(), { onMount: [vague] })).rejects.toThrow(
      /onMount hook "vague" returned true/,
    );
  });
});

describe('attachHook', () => {
  it('handleEvent hooks run first; `halt` keeps the event from the view, `{ reply }` answers it', async () => {
    const View = recorder({
      mount(_p, _s, socket) {
        socket.assign({ seen: [], n: 0 });
        socket.attachHook('audit', 'handleEvent', (event, _v, s) => {
          s.update('seen', (seen) => [...seen, `hook ${event}`]);
          if (event === 'secret') return 'halt';
          if (event === 'ping') return { reply: { pong: true } };
          return 'cont';
        });
      },
    });
    const lv = await mount(View);
    await lv.event('save');
    await lv.event('secret');
    expect(await lv.element('#seen').text()).toBe('hook save,view save,hook secret');
    const diff = await lv.event('ping');
    expect(diff).toMatchObject({ r: { pong: true } });
  });

  it('a view with no handleEvent of its own may live on hooks alone', async () => {
    const View = defineLiveView<{ n: number }>({
      mount(_p, _s, socket) {
        socket.assign({ n: 0 });
        socket.attachHook('count', 'handleEvent', (_e, _v, s) => {
          s.update('n', (n) => n + 1);
          return 'halt';
        });
      },
      render: (a) => html`<button phx-click="inc">${a.n}</button>`,
    });
    const lv = await mount(View);
    await lv.element('button').click();
    expect(await lv.element('button').text()).toBe('1');
  });

  it('handleInfo hooks see every message first, and may take it', async () => {
    const View = recorder({
      mount(_p, _s, socket) {
        socket.assign({ seen: [], n: 0 });
        socket.attachHook('tap', 'handleInfo', (msg, s) => {
          s.update('seen', (seen) => [...seen, `hook info ${String(msg)}`]);
          return msg === 'mine' ? 'halt' : 'cont';
        });
      },
    });
    const lv = await mount(View);
    await lv.send('mine');
    await lv.send('yours');
    expect(await lv.element('#seen').text()).toBe('hook info mine,hook info yours,view info yours');
  });

  it('handleParams hooks run on mount (dead and live) and on every patch, before the view', async () => {
    const View = defineLiveView<{ tab: string; log: string[] }>({
      mount(_p, _s, socket) {
        socket.assign({ tab: '', log: [] });
        socket.attachHook('tab', 'handleParams', (_params, url, s) => {
          s.assign({ tab: url.pathname });
          return url.pathname === '/frozen' ? 'halt' : 'cont';
        });
      },
      handleParams(params, _url, socket) {
        socket.update('log', (log) => [...log, `view ${String(params.page ?? '-')}`]);
      },
      render: (a) => html`<p id="tab">${a.tab}</p><p id="log">${a.log.join(',')}</p>`,
    });
    const lv = await mount(View, { url: 'http://localhost/a' });
    expect(lv.deadHtml).toContain('<p id="tab">/a</p>');
    await lv.patch('http://localhost/b?page=2');
    expect(await lv.element('#tab').text()).toBe('/b');
    await lv.patch('http://localhost/frozen?page=3');
    expect(await lv.element('#tab').text()).toBe('/frozen');
    expect(await lv.element('#log').text()).toBe('view -,view 2');
  });

  it('afterRender hooks run after each render; what they assign goes with the next one', async () => {
    const renders: number[] = [];
    const View = recorder({
      mount(_p, _s, socket) {
        socket.assign({ seen: [], n: 0 });
        socket.attachHook('count-renders', 'afterRender', (s) => {
          renders.push(s.assigns.n);
        });
      },
      handleEvent(_e, _v, socket) {
        socket.update('n', (n) => n + 1);
      },
    });
    const lv = await mount(View);
    expect(renders).toEqual([0]);
    await lv.event('inc');
    await lv.event('inc');
    expect(renders).toEqual([0, 1, 2]);
    // An event that changes nothing renders nothing.
    await lv.send('quiet');
    expect(renders).toEqual([0, 1, 2, 2]);
  });

  it('handleAsync hooks run before the view for startAsync results', async () => {
    const View = recorder({
      mount(_p, _s, socket) {
        socket.assign({ seen: [], n: 0 });
        socket.attachHook('spy', 'handleAsync', (name, result, s) => {
          s.update('seen', (seen) => [...seen, `hook ${name} ${result.ok}`]);
          return name === 'hidden' ? 'halt' : 'cont';
        });
        if (socket.connected) {
          socket.startAsync('hidden', () => 1);
          socket.startAsync('shown', () => 2);
        }
      },
      handleAsync(name, _result, socket) {
        socket.update('seen', (seen) => [...seen, `view ${name}`]);
      },
    });
    const lv = await mount(View);
    await lv.renderAsync();
    const seen = (await lv.element('#seen').text()).split(',');
    expect(seen.sort()).toEqual(['hook hidden true', 'hook shown true', 'view shown']);
  });

  it('detachHook removes a hook; attaching a name twice, or to an unknown stage, is an error', async () => {
    const View = recorder({
      mount(_p, _s, socket) {
        socket.assign({ seen: [], n: 0 });
        socket.attachHook('once', 'handleEvent', (_e, _v, s) => {
          s.detachHook('once', 'handleEvent');
          return 'halt';
        });
        expect(() => socket.attachHook('once', 'handleEvent', () => 'cont')).toThrow(
          /a hook named "once" is attached to handleEvent already/,
        );
        expect(() => socket.attachHook('x', 'handleMount' as 'handleEvent', () => 'cont')).toThrow(
          /unknown stage "handleMount"/,
        );
      },
    });
    const lv = await mount(View);
    await lv.event('first');
    await lv.event('second');
    expect(await lv.element('#seen').text()).toBe('view second');
  });

  it('a hook answering something else crashes the view with the hook named', async () => {
    const View = recorder({
      mount(_p, _s, socket) {
        socket.assign({ seen: [], n: 0 });
        socket.attachHook('sloppy', 'handleEvent', () => 'ok' as 'cont');
      },
    });
    const lv = await mount(View);
    await expect(lv.event('go')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
  });
});

describe('getConnectInfo', () => {
  it('tells a test view its client, in the dead render and once connected', async () => {
    const View = defineLiveView<{ from: string }>({
      mount(_p, _s, socket) {
        const info = getConnectInfo(socket);
        socket.assign({ from: `${info.peerAddress} ${info.userAgent} ${info.xHeaders['x-id']}` });
      },
      render: (a) => html`<p>${a.from}</p>`,
    });
    const connectInfo = {
      peerAddress: '203.0.113.9',
      peerPort: undefined,
      userAgent: 'Tester/1',
      xHeaders: { 'x-id': '42' },
    };
    const lv = await mount(View, { connectInfo });
    expect(lv.deadHtml).toContain('203.0.113.9 Tester/1 42');
    expect(await lv.render()).toContain('203.0.113.9 Tester/1 42');
    const plain = await mount(View);
    expect(plain.html()).toContain('127.0.0.1 undefined undefined');
  });
});
