import { describe, expect, it } from 'vitest';
import { AsyncCancelledError, type AsyncResult } from '../../views/async.js';
import { renderDead } from '../../views/dead-render.js';
import { type AsyncOutcome, defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { type Deferred, deferred } from '../../views/testing/test-port.js';
import { systemPerTest } from '../support/system-per-test.js';
import { startView, untag } from './view-support.js';

const math = new URL('../fixtures/tasks/math.ts', import.meta.url);

type Cmd =
  | { type: 'start'; name: string; work: Deferred<unknown> | 'task' | 'failing-task' }
  | { type: 'cancel'; name: string };

function asyncView(outcomes: [string, AsyncOutcome][], signals: AbortSignal[] = []) {
  return defineLiveView<{ text: string }, Record<string, never>, Cmd>({
    mount(_p, _s, socket) {
      socket.assign({ text: '' });
    },
    handleInfo(cmd, socket) {
      if (cmd.type === 'cancel') {
        socket.cancelAsync(cmd.name);
      } else if (cmd.work === 'task') {
        socket.startAsync(cmd.name, { task: { filename: math }, payload: 21 });
      } else if (cmd.work === 'failing-task') {
        socket.startAsync(cmd.name, { task: { filename: math, name: 'throws' }, payload: 'bad' });
      } else {
        const work = cmd.work;
        socket.startAsync(cmd.name, (signal) => {
          signals.push(signal);
          return work.promise;
        });
      }
    },
    handleAsync(name, result, socket) {
      outcomes.push([name, result]);
      socket.assign({ text: `${name}:${result.ok ? String(result.value) : 'failed'}` });
    },
    render: (a) => html`<p>${a.text}</p>`,
  });
}

interface Org {
  name: string;
}

function orgView(work: () => Promise<{ org: Org }>) {
  return defineLiveView<{ org: AsyncResult<Org> }, Record<string, never>, 'cancel'>({
    mount(_p, _s, socket) {
      socket.assignAsync('org', work);
    },
    handleInfo(_msg, socket) {
      socket.cancelAsync('org');
    },
    render: ({ org }) =>
      html`<p>${org.loading ? 'loading' : org.ok ? org.result?.name : `failed: ${String(org.failed)}`}</p>`,
  });
}

describe('async work in a view', () => {
  const env = systemPerTest();

  it('startAsync: the result arrives through the mailbox in handleAsync, then a diff is pushed', async () => {
    const outcomes: [string, AsyncOutcome][] = [];
    const view = await startView(env, asyncView(outcomes));
    const work = deferred<unknown>();
    env.system.send(view.pid, { type: 'start', name: 'stats', work });
    expect(await view.drain()).toEqual([]);
    work.resolve(42);
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '0': 'stats:42' },
    });
    expect(outcomes).toEqual([['stats', { ok: true, value: 42 }]]);
  });

  it('startAsync: a failing work gives { ok: false, error } and the view lives on', async () => {
    const outcomes: [string, AsyncOutcome][] = [];
    const view = await startView(env, asyncView(outcomes));
    const work = deferred<unknown>();
    env.system.send(view.pid, { type: 'start', name: 'stats', work });
    const error = new Error('down');
    work.reject(error);
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '0': 'stats:failed' },
    });
    expect(outcomes).toEqual([['stats', { ok: false, error }]]);
    expect(env.system.isAlive(view.pid)).toBe(true);
  });

  it('cancelAsync aborts the work, ends it with AsyncCancelledError, and drops its late result', async () => {
    const outcomes: [string, AsyncOutcome][] = [];
    const signals: AbortSignal[] = [];
    const view = await startView(env, asyncView(outcomes, signals));
    const work = deferred<unknown>();
    env.system.send(view.pid, { type: 'start', name: 'stats', work });
    env.system.send(view.pid, { type: 'cancel', name: 'stats' });
    expect(await view.next()).toMatchObject({ payload: { '0': 'stats:failed' } });
    expect(signals.map((s) => s.aborted)).toEqual([true]);
    expect(outcomes).toEqual([['stats', { ok: false, error: expect.any(AsyncCancelledError) }]]);
    work.resolve('too late');
    env.system.send(view.pid, { type: 'cancel', name: 'unknown' });
    expect(await view.drain()).toEqual([]);
    expect(outcomes).toHaveLength(1);
  });

  it('starting a work under a running name replaces it', async () => {
    const outcomes: [string, AsyncOutcome][] = [];
    const view = await startView(env, asyncView(outcomes));
    const first = deferred<unknown>();
    const second = deferred<unknown>();
    env.system.send(view.pid, { type: 'start', name: 'x', work: first });
    env.system.send(view.pid, { type: 'start', name: 'x', work: second });
    await view.drain();
    first.resolve(1);
    second.resolve(2);
    expect(await view.next()).toMatchObject({ payload: { '0': 'x:2' } });
    expect(outcomes).toEqual([['x', { ok: true, value: 2 }]]);
  });

  it('runs a { task } work on the piscina pool: TASK_DONE and TASK_FAILED reach handleAsync', async () => {
    const outcomes: [string, AsyncOutcome][] = [];
    const view = await startView(env, asyncView(outcomes));
    env.system.send(view.pid, { type: 'start', name: 'double', work: 'task' });
    expect(await view.next()).toMatchObject({ type: 'lv:push', payload: { '0': 'double:42' } });
    env.system.send(view.pid, { type: 'start', name: 'bad', work: 'failing-task' });
    expect(await view.next()).toMatchObject({ type: 'lv:push', payload: { '0': 'bad:failed' } });
    expect(outcomes[1]).toMatchObject([
      'bad',
      { ok: false, error: { name: 'RangeError', message: 'bad' } },
    ]);
  });

  it('cancels a task: it ends once with AsyncCancelledError, its TASK_FAILED is not a user message', async () => {
    const outcomes: [string, AsyncOutcome][] = [];
    const view = await startView(env, asyncView(outcomes));
    env.system.send(view.pid, { type: 'start', name: 'double', work: 'task' });
    env.system.send(view.pid, { type: 'cancel', name: 'double' });
    expect(await view.next()).toMatchObject({ payload: { '0': 'double:failed' } });
    expect(await view.drain()).toEqual([]);
    expect(outcomes).toEqual([['double', { ok: false, error: expect.any(AsyncCancelledError) }]]);
  });

  it('assignAsync: loading in the first render, then the result', async () => {
    const work = deferred<{ org: Org }>();
    const view = await startView(
      env,
      orgView(() => work.promise),
    );
    expect(view.first).toMatchObject({ rendered: { '0': 'loading' } });
    work.resolve({ org: { name: 'Acme' } });
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '0': 'Acme' },
    });
  });

  it('assignAsync: a failure sets the failed state and never crashes the view', async () => {
    const work = deferred<{ org: Org }>();
    const view = await startView(
      env,
      orgView(() => work.promise),
    );
    work.reject('no network');
    expect(untag(await view.next())).toEqual({
      type: 'lv:push',
      event: 'diff',
      payload: { '0': 'failed: no network' },
    });
    expect(env.system.isAlive(view.pid)).toBe(true);
  });

  it('assignAsync: a result without the key fails that key', async () => {
    const view = await startView(
      env,
      orgView(async () => ({}) as { org: Org }),
    );
    expect(await view.next()).toMatchObject({
      payload: { '0': expect.stringContaining('TypeError') },
    });
  });

  it('assignAsync: cancelAsync(key) sets failed to an AsyncCancelledError', async () => {
    const work = deferred<{ org: Org }>();
    const view = await startView(
      env,
      orgView(() => work.promise),
    );
    env.system.send(view.pid, 'cancel');
    expect(await view.next()).toMatchObject({
      payload: { '0': expect.stringContaining('cancelled') },
    });
  });

  it('aborts running work when the view stops', async () => {
    const signals: AbortSignal[] = [];
    const view = await startView(env, asyncView([], signals));
    env.system.send(view.pid, { type: 'start', name: 'x', work: deferred() });
    await view.drain();
    env.system.exit(view.port.pid, 'shutdown');
    await env.system.exited(view.viewSup);
    expect(signals.map((s) => s.aborted)).toEqual([true]);
  });

  it('does not start async work in the dead render: the assign stays loading', async () => {
    let started = 0;
    const page = await renderDead(
      orgView(async () => {
        started++;
        return { org: { name: 'x' } };
      }),
      {
        id: 'phx-1',
        params: {},
        session: {},
        url: new URL('http://localhost/'),
        flash: {},
        system: env.system,
        pubsub: env.pubsub,
        resolve: () => undefined,
      },
    );
    expect(page).toMatchObject({ type: 'html', html: '<p>loading</p>' });
    expect(started).toBe(0);
  });
});
