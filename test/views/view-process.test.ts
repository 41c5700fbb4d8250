/**
 * A view process between its port and its view: it mounts on its first message, answers each
 * input with the diff of what changed, and pushes what its own messages changed.
 */
import { describe, expect, it } from 'vitest';
import { defineLiveView } from '../../views/live-view.js';
import { defineComponent, liveComponent } from '../../views/render/component.js';
import { html } from '../../views/render/html.js';
import { clockedSystemPerTest } from './clocked-system.js';
import { counter } from './counter-view.js';
import { startView, untag } from './view-support.js';

describe('view process', () => {
  const env = clockedSystemPerTest();

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
    expect(env.clock.pending).toBe(1);
    env.clock.advance(1_000);
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '0': '1' },
    });
  });

  it('answers { type: "lv:html" } with the page HTML', async () => {
    const view = await startView(env, counter(), { params: { start: 4 } });
    expect(await env.system.call(view.pid, { type: 'lv:html' })).toBe('<p>count: <b>4</b></p>');
  });
});
