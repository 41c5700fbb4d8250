/**
 * A view process that stops, whether its port exits or the transport stops it: terminate runs,
 * and its subscriptions and timers go with it.
 */
import { describe, expect, it } from 'vitest';
import { DynamicSupervisor } from '../../actors/dynamic-supervisor.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { probe } from '../support/probe.js';
import { clockedSystemPerTest } from './clocked-system.js';
import { counter } from './counter-view.js';
import { startView } from './view-support.js';

describe('view process', () => {
  const env = clockedSystemPerTest();

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

  it('cancels its timers when it stops', async () => {
    const Ticker = defineLiveView<object>({
      mount(_p, _s, socket) {
        if (socket.self !== undefined) socket.system.sendAfter(socket.self, 'tick', 1_000);
      },
      render: () => html`<i></i>`,
    });
    const view = await startView(env, Ticker);
    expect(env.clock.pending).toBe(1);
    env.system.exit(view.port.pid, 'shutdown');
    await env.system.exited(view.viewSup);
    expect(env.clock.pending).toBe(0);
  });
});
