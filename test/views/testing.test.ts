import { afterEach, describe, expect, it } from 'vitest';
import { PubSub } from '../../actors/pubsub.js';
import { ActorSystem } from '../../actors/system.js';
import { defineLiveView } from '../../views/live-view.js';
import { defineComponent, liveComponent } from '../../views/render/component.js';
import { html } from '../../views/render/html.js';
import { type LiveViewTest, LiveViewTestError, mountLive } from '../../views/testing/index.js';

type Info = { type: 'set'; n: number } | { type: 'crash' };
type Events = {
  inc: Record<string, unknown>;
  boom: Record<string, unknown>;
  away: Record<string, unknown>;
};

function counter(log: string[] = []) {
  return defineLiveView<{ n: number }, Events, Info>({
    mount(params, _session, socket) {
      log.push(`mount:${socket.connected}`);
      socket.assign({ n: Number(params.start ?? 0) });
      if (socket.connected) socket.subscribe('counter');
    },
    handleParams(params, _url, socket) {
      if (params.n !== undefined) socket.assign({ n: Number(params.n) });
    },
    handleEvent(event, _value, socket) {
      if (event === 'boom') throw new Error('boom');
      if (event === 'away') socket.pushNavigate('/elsewhere');
      socket.update('n', (n) => n + 1);
    },
    handleInfo(msg, socket) {
      if (msg.type === 'crash') throw new Error('crash');
      socket.assign({ n: msg.n });
    },
    terminate(reason) {
      log.push(`terminate:${typeof reason === 'string' ? reason : 'error'}`);
    },
    render: (a) => html`<span>${a.n}</span>`,
  });
}

describe('mountLive', () => {
  let lv: LiveViewTest<Events, Info> | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
  });

  it('runs the dead render, then the connected mount; html() is the page', async () => {
    const log: string[] = [];
    lv = await mountLive(counter(log), { params: { start: '3' } });
    expect(lv.deadHtml).toBe('<span>3</span>');
    expect(lv.html()).toBe('<span>3</span>');
    expect(log).toEqual(['mount:false', 'mount:true']);
  });

  it('event() resolves with the reply diff and refreshes html()', async () => {
    lv = await mountLive(counter());
    expect(await lv.event('inc')).toEqual({ '0': '1' });
    expect(lv.html()).toBe('<span>1</span>');
  });

  it('send() runs handleInfo and resolves with the diff it pushed; render() sees broadcasts', async () => {
    lv = await mountLive(counter());
    expect(await lv.send({ type: 'set', n: 5 })).toEqual({ '0': '5' });
    expect(await lv.send({ type: 'set', n: 5 })).toEqual({});
    lv.pubsub.broadcast('counter', { type: 'set', n: 8 });
    expect(await lv.render()).toBe('<span>8</span>');
    expect(lv.pushes).toEqual([
      { event: 'diff', payload: { '0': '5' } },
      { event: 'diff', payload: { '0': '8' } },
    ]);
  });

  it("html() shows a live component's own state, not a fresh mount of it", async () => {
    const Toggle = defineComponent<{ open: boolean }>({
      mount: (socket) => socket.assign({ open: false }),
      handleEvent: (_event, _value, socket) => {
        socket.update('open', (open) => !open);
        return undefined;
      },
      render: (a) => html`<div>${a.open ? 'open' : 'closed'}</div>`,
    });
    const Page = defineLiveView<object>({
      render: () => html`<main>${liveComponent(Toggle, { id: 't' })}</main>`,
    });
    const page = await mountLive(Page);
    try {
      expect(page.html()).toBe('<main><div>closed</div></main>');
      await page.event('toggle', {}, { cid: 1 });
      expect(page.html()).toBe('<main><div>open</div></main>');
      expect(await page.render()).toBe('<main><div>open</div></main>');
    } finally {
      await page.close();
    }
  });

  it('patch() runs handleParams with the query of the new URL', async () => {
    lv = await mountLive(counter());
    expect(await lv.patch('http://localhost/?n=4')).toEqual({ '0': '4' });
    expect(lv.html()).toBe('<span>4</span>');
  });

  it('records where the view navigated and rejects later operations', async () => {
    lv = await mountLive(counter());
    expect(await lv.event('away')).toEqual({});
    expect(lv.navigation).toEqual({ to: '/elsewhere', kind: 'push' });
    await expect(lv.event('inc')).rejects.toMatchObject({ code: 'ERR_VIEW_CLOSED' });
  });

  it('a crash rejects the operation, the view is restarted and re-mounted, and works again', async () => {
    const log: string[] = [];
    lv = await mountLive(counter(log), { params: { start: '1' } });
    const first = lv.pid;
    await lv.event('inc');
    await expect(lv.event('boom')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
    expect(await lv.render()).toBe('<span>1</span>');
    expect(lv.pid).not.toBe(first);
    expect(await lv.event('inc')).toEqual({ '0': '2' });
    expect(log).toEqual(['mount:false', 'mount:true', 'terminate:error', 'mount:true']);
  });

  it('past the restart intensity every operation rejects with ERR_VIEW_FAILED', async () => {
    lv = await mountLive(counter(), { restart: { intensity: 1, period: 60_000 } });
    await expect(lv.event('boom')).rejects.toBeInstanceOf(LiveViewTestError);
    await expect(lv.event('boom')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
    await expect(lv.render()).rejects.toMatchObject({ code: 'ERR_VIEW_FAILED' });
  });

  it('rejects with ERR_MOUNT_REDIRECT when the mount redirects', async () => {
    const Guarded = defineLiveView<object>({
      mount(_p, session, socket) {
        if (session.user === undefined) socket.redirect('/login');
      },
      render: () => html`<p>secret</p>`,
    });
    await expect(mountLive(Guarded)).rejects.toMatchObject({
      code: 'ERR_MOUNT_REDIRECT',
      navigation: { to: '/login' },
    });
    const ok = await mountLive(Guarded, { session: { user: 'ann' } });
    expect(ok.html()).toBe('<p>secret</p>');
    await ok.close();
  });

  it('close() runs terminate, and leaves a system it was given running', async () => {
    const system = new ActorSystem();
    const pubsub = new PubSub(system);
    const log: string[] = [];
    const mounted = await mountLive(counter(log), { system, pubsub });
    await mounted.close();
    expect(log.at(-1)).toBe('terminate:shutdown');
    expect(pubsub.subscribers('counter')).toEqual([]);
    expect(system.isAlive(mounted.pid)).toBe(false);
    await system.shutdown();
  });
});
