import { describe, expect, it } from 'vitest';
import { DynamicSupervisor } from '../../actors/dynamic-supervisor.js';
import type { ExitReason } from '../../actors/exit-reason.js';
import { defineComponent, liveComponent } from '../../views/component.js';
import { html } from '../../views/html.js';
import { defineLiveView } from '../../views/live-view.js';
import type { ViewOutput } from '../../views/port.js';
import { ManualClock } from '../support/manual-clock.js';
import { probe } from '../support/probe.js';
import { systemPerTest } from '../support/system-per-test.js';
import { startView, untag } from './view-support.js';

type Info = { type: 'set'; n: number } | { type: 'same' } | 'boom';

function counter(log: string[] = []) {
  return defineLiveView<
    { n: number; label: string },
    { inc: unknown; hook: unknown; boom: unknown },
    Info
  >({
    mount(params, session, socket) {
      log.push(`mount:${String(params.start)}:${String(session.user)}:${socket.connected}`);
      socket.assign({ n: Number(params.start ?? 0), label: 'count' });
      socket.subscribe('counter');
    },
    handleParams(_params, url) {
      log.push(`params:${url.pathname}`);
    },
    handleEvent(event, _value, socket) {
      log.push(`event:${event}`);
      if (event === 'inc') socket.update('n', (n) => n + 1);
      if (event === 'hook') return { reply: { ok: true } };
      if (event === 'boom') throw new Error('boom');
      return undefined;
    },
    handleInfo(msg, socket) {
      log.push(`info:${typeof msg === 'string' ? msg : msg.type}`);
      if (msg === 'boom') throw new Error('boom');
      if (msg.type === 'set') socket.assign('n', msg.n);
      if (msg.type === 'same') socket.assign({ n: socket.assigns.n, label: socket.assigns.label });
    },
    terminate(reason) {
      log.push(`terminate:${typeof reason === 'string' ? reason : 'error'}`);
    },
    render: (a) => html`<p>${a.label}: <b>${a.n}</b></p>`,
  });
}

describe('view process', () => {
  let clock: ManualClock;
  const env = systemPerTest(() => {
    clock = new ManualClock();
    return { clock };
  });

  it('mounts on its first message and reports the complete render, tagged with topic and joinRef', async () => {
    const log: string[] = [];
    const view = await startView(env, counter(log), {
      params: { start: 5 },
      session: { user: 'ann' },
      url: 'http://localhost/count?x=1',
    });
    expect(view.first).toEqual({
      type: 'lv:mounted',
      topic: 'lv:phx-1',
      joinRef: '4',
      pid: view.pid,
      rendered: { '0': 'count', '1': '5', s: 0, p: { '0': ['<p>', ': <b>', '</b></p>'] } },
    });
    expect(log).toEqual(['mount:5:ann:true', 'params:/count']);
  });

  it('calls mount, handleParams, handleEvent, handleInfo, terminate in that order', async () => {
    const log: string[] = [];
    const view = await startView(env, counter(log));
    view.input({ type: 'lv:event', ref: '1', event: 'inc', value: {} });
    env.system.send(view.pid, { type: 'set', n: 9 });
    await view.drain();
    env.system.exit(view.port.pid, 'shutdown');
    await env.system.exited(view.viewSup);
    expect(log).toEqual([
      'mount:undefined:undefined:true',
      'params:/',
      'event:inc',
      'info:set',
      'terminate:shutdown',
    ]);
  });

  it('replies to an event with exactly the diff of what changed', async () => {
    const view = await startView(env, counter());
    view.input({ type: 'lv:event', ref: '7', event: 'inc', value: { value: '' } });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '7',
      response: { diff: { '1': '1' } },
    });
  });

  it('replies {} and pushes nothing when every assign was set to the same (===) value', async () => {
    const view = await startView(env, counter());
    view.input({ type: 'lv:event', ref: '1', event: 'noop', value: {} });
    expect(untag(await view.next())).toEqual({ type: 'lv:reply', ref: '1', response: {} });
    env.system.send(view.pid, { type: 'same' });
    expect(await view.drain()).toEqual([]);
  });

  it("pushes a diff for handleInfo, and puts a hook's reply in r", async () => {
    const view = await startView(env, counter());
    env.pubsub.broadcast('counter', { type: 'set', n: 3 });
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '1': '3' },
    });
    view.input({ type: 'lv:event', ref: '2', event: 'hook', value: {} });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '2',
      response: { diff: { r: { ok: true } } },
    });
  });

  it('sends pushed events in e and the page title in t', async () => {
    const view = await startView(
      env,
      defineLiveView<{ n: number }, { go: unknown }>({
        mount(_p, _s, socket) {
          socket.assign({ n: 0 });
          socket.pageTitle = 'Start';
        },
        handleEvent(_event, _value, socket) {
          socket.pushEvent('saved', { id: 1 }).pushEvent('early', null, { dispatch: 'before' });
          socket.pageTitle = 'Saved';
        },
        render: (a) => html`<i>${a.n}</i>`,
      }),
    );
    expect(view.first).toMatchObject({ rendered: { t: 'Start' } });
    view.input({ type: 'lv:event', ref: '1', event: 'go', value: {} });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '1',
      response: {
        diff: {
          e: [
            ['saved', { id: 1 }],
            ['early', null, true],
          ],
          t: 'Saved',
        },
      },
    });
  });

  it('keeps the flash as an assign: putFlash, clearFlash, and the lv:clear-flash event', async () => {
    const view = await startView(
      env,
      defineLiveView<object, { put: unknown; clear: unknown }>({
        handleEvent(event, _value, socket) {
          if (event === 'put') socket.putFlash('info', 'Saved').putFlash('error', 'Oops');
          if (event === 'clear') socket.clearFlash();
        },
        render: (a) => html`<div>${a.flash.info ?? ''}|${a.flash.error ?? ''}</div>`,
      }),
      { flash: { info: 'from the dead render' } },
    );
    expect(view.first).toMatchObject({ rendered: { '0': 'from the dead render', '1': '' } });
    view.input({ type: 'lv:event', ref: '1', event: 'put', value: {} });
    expect(await view.next()).toMatchObject({ response: { diff: { '0': 'Saved', '1': 'Oops' } } });
    view.input({ type: 'lv:event', ref: '2', event: 'lv:clear-flash', value: { key: 'info' } });
    expect(await view.next()).toMatchObject({ response: { diff: { '0': '' } } });
    view.input({ type: 'lv:event', ref: '3', event: 'lv:clear-flash', value: {} });
    expect(await view.next()).toMatchObject({ response: { diff: { '1': '' } } });
    view.input({ type: 'lv:event', ref: '4', event: 'clear', value: {} });
    expect(untag(await view.next())).toEqual({ type: 'lv:reply', ref: '4', response: {} });
  });

  it('routes events with a cid to the live component, and answers cids_will_destroy / cids_destroyed', async () => {
    const Toggle = defineComponent<{ on: boolean }>({
      mount: (socket) => socket.assign({ on: false }),
      handleEvent(_event, _value, socket) {
        socket.update('on', (on) => !on);
        return { reply: { toggled: true } };
      },
      render: (a) => html`<button phx-target=${a.myself}>${a.on ? 'on' : 'off'}</button>`,
    });
    const view = await startView(
      env,
      defineLiveView<{ shown: boolean }, { hide: unknown }>({
        mount: (_p, _s, socket) => {
          socket.assign({ shown: true });
        },
        handleEvent: (_e, _v, socket) => {
          socket.assign({ shown: false });
        },
        render: (a) => html`<div>${a.shown ? liveComponent(Toggle, { id: 't' }) : ''}</div>`,
      }),
    );
    expect(view.first).toMatchObject({ rendered: { '0': 1, c: { '1': { '1': 'off' } } } });
    view.input({ type: 'lv:event', ref: '1', event: 'toggle', value: {}, cid: 1 });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '1',
      response: { diff: { c: { '1': { '1': 'on' } }, r: { toggled: true } } },
    });
    view.input({ type: 'lv:event', ref: '2', event: 'toggle', value: {}, cid: 99 });
    expect(untag(await view.next())).toEqual({ type: 'lv:reply', ref: '2', response: {} });
    view.input({ type: 'lv:event', ref: '3', event: 'hide', value: {} });
    expect(await view.next()).toMatchObject({ response: { diff: { '0': '' } } });
    view.input({ type: 'lv:cids_will_destroy', ref: '4', cids: [1] });
    expect(untag(await view.next())).toEqual({ type: 'lv:reply', ref: '4', response: {} });
    view.input({ type: 'lv:cids_destroyed', ref: '5', cids: [1] });
    expect(untag(await view.next())).toEqual({
      type: 'lv:reply',
      ref: '5',
      response: { cids: [1] },
    });
  });

  it('coalesces renders while paused into one diff push with the latest state on resume', async () => {
    const view = await startView(env, counter());
    view.input({ type: 'lv:pause' });
    for (let n = 1; n <= 50; n++) env.pubsub.broadcast('counter', { type: 'set', n });
    view.input({ type: 'lv:event', ref: 'e', event: 'hook', value: {} });
    expect((await view.drain()).map(untag)).toEqual([
      { type: 'lv:reply', ref: 'e', response: { diff: { r: { ok: true } } } },
    ]);
    view.input({ type: 'lv:resume' });
    expect((await view.drain()).map(untag)).toEqual([
      { type: 'lv:push', event: 'diff', payload: { '1': '50' } },
    ]);
  });

  it('runs terminate and drops its PubSub subscriptions when its port exits', async () => {
    const log: string[] = [];
    const view = await startView(env, counter(log));
    expect(env.pubsub.subscribers('counter')).toEqual([view.pid]);
    const watcher = probe(env.system);
    env.system.monitor(watcher.pid, view.viewSup);
    env.system.exit(view.port.pid, 'kill');
    expect(await watcher.next()).toMatchObject({ type: 'DOWN', reason: 'normal' });
    expect(log.at(-1)).toBe('terminate:shutdown');
    expect(env.pubsub.subscribers('counter')).toEqual([]);
    expect(await DynamicSupervisor.whichChildren(env.system, view.views)).toEqual([]);
  });

  it('runs terminate when the transport stops it through the views supervisor (channel leave)', async () => {
    const log: string[] = [];
    const view = await startView(env, counter(log));
    await DynamicSupervisor.terminateChild(env.system, view.views, view.viewSup);
    expect(log.at(-1)).toBe('terminate:shutdown');
    expect(env.system.isAlive(view.pid)).toBe(false);
    expect(env.pubsub.subscribers('counter')).toEqual([]);
  });

  it('is restarted after a crash and reports a second lv:mounted with a complete render', async () => {
    const log: string[] = [];
    const view = await startView(env, counter(log), { params: { start: 2 } });
    const first = view.pid;
    view.input({ type: 'lv:event', ref: '1', event: 'inc', value: {} });
    await view.next();
    view.input({ type: 'lv:event', ref: '2', event: 'boom', value: {} });
    const exit = (await view.next()) as unknown as {
      type: string;
      from: string;
      reason: ExitReason;
    };
    expect(exit).toMatchObject({ type: 'EXIT', from: first, reason: { error: new Error('boom') } });
    const again = await view.next();
    expect(untag(again)).toEqual({
      type: 'lv:mounted',
      pid: view.pid,
      rendered: { '0': 'count', '1': '2', s: 0, p: { '0': ['<p>', ': <b>', '</b></p>'] } },
    });
    expect(view.pid).not.toBe(first);
    expect(log).toContain('terminate:error');
    expect(env.pubsub.subscribers('counter')).toEqual([view.pid]);
  });

  it('tells a restarted view how many times it was restarted (socket.restarts)', async () => {
    const view = await startView(
      env,
      defineLiveView<{ restarts: number }, { boom: unknown }>({
        mount: (_p, _s, socket) => {
          socket.assign({ restarts: socket.restarts });
        },
        handleEvent: () => {
          throw new Error('boom');
        },
        render: (a) => html`<p>${a.restarts}</p>`,
      }),
    );
    expect(view.first).toMatchObject({ rendered: { '0': '0' } });
    for (const expected of ['1', '2']) {
      view.input({ type: 'lv:event', ref: expected, event: 'boom', value: {} });
      expect(await view.next()).toMatchObject({ type: 'EXIT' });
      expect(await view.next()).toMatchObject({ type: 'lv:mounted', rendered: { '0': expected } });
    }
  });

  it('gives components of a restarted view cids above every cid its previous life sent', async () => {
    const Leaf = defineComponent<{ n: number }>({ render: (a) => html`<i>${a.n}</i>` });
    const view = await startView(
      env,
      defineLiveView<{ ids: number[] }, { more: unknown; boom: unknown }>({
        mount: (_p, _s, socket) => {
          socket.assign({ ids: [1, 2] });
        },
        handleEvent: (event, _v, socket) => {
          if (event === 'boom') throw new Error('boom');
          socket.update('ids', (ids) => [...ids, ids.length + 1]);
        },
        render: (a) => html`<div>${a.ids.map((id) => liveComponent(Leaf, { id, n: id }))}</div>`,
      }),
    );
    expect(Object.keys((view.first as { rendered: { c: object } }).rendered.c)).toEqual(['1', '2']);
    view.input({ type: 'lv:event', ref: '1', event: 'more', value: {} });
    expect(await view.next()).toMatchObject({ response: { diff: { c: { '3': { s: -2 } } } } });
    view.input({ type: 'lv:event', ref: '2', event: 'boom', value: {} });
    expect(await view.next()).toMatchObject({ type: 'EXIT' });
    const again = (await view.next()) as { rendered: { c: object } };
    expect(Object.keys(again.rendered.c)).toEqual(['4', '5']);
  });

  it('gives up past its intensity: only its own supervisor exits, other views keep working', async () => {
    const crashing = await startView(env, counter(), {
      limits: { intensity: 2, period: 5_000 },
    });
    const other = await startView(env, counter(), {
      views: crashing.views,
      topic: 'lv:phx-2',
    });
    const watcher = probe(env.system);
    env.system.monitor(watcher.pid, crashing.viewSup);
    for (let crash = 0; crash < 3; crash++) {
      env.system.send(crashing.pid, 'boom');
      expect(await crashing.next()).toMatchObject({ type: 'EXIT' });
      if (crash < 2) expect(await crashing.next()).toMatchObject({ type: 'lv:mounted' });
    }
    const down = await watcher.next<{ reason: ExitReason }>();
    expect(down.reason).toMatchObject({ error: { code: 'ERR_RESTART_INTENSITY' } });
    other.input({ type: 'lv:event', ref: '1', event: 'inc', value: {} });
    expect(await other.next()).toMatchObject({ response: { diff: { '1': '1' } } });
    expect(
      (await DynamicSupervisor.whichChildren(env.system, crashing.views)).map((c) => c.pid),
    ).toEqual([other.viewSup]);
  });

  it('restarts count within the period only (ManualClock)', async () => {
    const view = await startView(env, counter(), {
      limits: { intensity: 1, period: 1_000 },
    });
    for (let crash = 0; crash < 3; crash++) {
      env.system.send(view.pid, 'boom');
      await view.next();
      expect(await view.next()).toMatchObject({ type: 'lv:mounted' } satisfies Partial<ViewOutput>);
      clock.advance(1_000);
    }
    expect(env.system.isAlive(view.viewSup)).toBe(true);
  });

  it('handles its own timers (sendAfter on the system clock) like any message', async () => {
    const Ticker = defineLiveView<{ n: number }, Record<string, never>, 'tick'>({
      mount(_p, _s, socket) {
        socket.assign({ n: 0 });
        if (socket.self !== undefined) socket.system.sendAfter(socket.self, 'tick', 1_000);
      },
      handleInfo(_tick, socket) {
        socket.update('n', (n) => n + 1);
      },
      render: (a) => html`<i>${a.n}</i>`,
    });
    const view = await startView(env, Ticker);
    expect(clock.pending).toBe(1);
    clock.advance(1_000);
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '0': '1' },
    });
  });

  it('cancels its timers when it stops', async () => {
    const Ticker = defineLiveView<object>({
      mount(_p, _s, socket) {
        if (socket.self !== undefined) socket.system.sendAfter(socket.self, 'tick', 1_000);
      },
      render: () => html`<i></i>`,
    });
    const view = await startView(env, Ticker);
    expect(clock.pending).toBe(1);
    env.system.exit(view.port.pid, 'shutdown');
    await env.system.exited(view.viewSup);
    expect(clock.pending).toBe(0);
  });

  it('answers { type: "lv:html" } with the page HTML', async () => {
    const view = await startView(env, counter(), { params: { start: 4 } });
    expect(await env.system.call(view.pid, { type: 'lv:html' })).toBe('<p>count: <b>4</b></p>');
  });
});
