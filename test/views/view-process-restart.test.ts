/**
 * A view process that crashes is restarted under its own supervisor, mounts afresh, and past
 * its restart intensity gives up alone.
 */
import { describe, expect, it } from 'vitest';
import { DynamicSupervisor } from '../../actors/dynamic-supervisor.js';
import type { ExitReason } from '../../actors/exit-reason.js';
import { defineLiveView } from '../../views/live-view.js';
import type { ViewOutput } from '../../views/port.js';
import { defineComponent, liveComponent } from '../../views/render/component.js';
import { html } from '../../views/render/html.js';
import { probe } from '../support/probe.js';
import { clockedSystemPerTest } from './clocked-system.js';
import { counter } from './counter-view.js';
import { startView, untag } from './view-support.js';

describe('view process', () => {
  const env = clockedSystemPerTest();

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
      env.clock.advance(1_000);
    }
    expect(env.system.isAlive(view.viewSup)).toBe(true);
  });
});
