import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { MessageNotCloneableError } from '../../actors/errors.js';
import { ActorSystem } from '../../actors/system.js';
import {
  TaskCancelledError,
  type TaskMessage,
  TaskPool,
  type TaskRef,
} from '../../actors/tasks.js';
import { probe } from '../support/probe.js';

const math = new URL('../fixtures/tasks/math.ts', import.meta.url);
const plain = new URL('../fixtures/tasks/plain.mjs', import.meta.url);

describe('system.runTask', () => {
  let system: ActorSystem;
  beforeEach(() => {
    system = new ActorSystem();
  });
  afterEach(() => system.shutdown());

  it('runs a TypeScript task off the main thread and delivers TASK_DONE to the asker', async () => {
    const asker = probe(system);
    const ref = system.runTask(asker.pid, { filename: math }, 21);
    expect(await asker.next()).toEqual({ type: 'TASK_DONE', ref, result: 42 });
    const where = system.runTask(asker.pid, { filename: math.href, name: 'whereAmI' }, null);
    const msg = (await asker.next()) as TaskMessage;
    expect(msg).toMatchObject({ type: 'TASK_DONE', ref: where });
    expect(msg.type === 'TASK_DONE' && msg.result).not.toBe(0); // thread 0 is the main thread
  });

  it('runs a named export, and a plain .mjs task given as an absolute path', async () => {
    const asker = probe(system);
    const add = system.runTask(asker.pid, { filename: math, name: 'add' }, { a: 2, b: 3 });
    expect(await asker.next()).toEqual({ type: 'TASK_DONE', ref: add, result: 5 });
    const triple = system.runTask(asker.pid, { filename: plain.pathname }, 3);
    expect(await asker.next()).toEqual({ type: 'TASK_DONE', ref: triple, result: 9 });
  });

  it('turns a throwing task into TASK_FAILED; the asker and the system live on', async () => {
    const asker = probe(system);
    const ref = system.runTask(asker.pid, { filename: math, name: 'throws' }, 'bad input');
    const msg = (await asker.next()) as TaskMessage;
    expect(msg).toMatchObject({ type: 'TASK_FAILED', ref });
    expect(msg.type === 'TASK_FAILED' && msg.error).toMatchObject({
      name: 'RangeError',
      message: 'bad input',
    });
    expect(system.isAlive(asker.pid)).toBe(true);
  });

  it.each([
    ['calls process.exit', 'exitNow', 3],
    ['leaves an uncaught error behind', 'throwLater', 'late'],
  ])(
    'turns a worker that %s into TASK_FAILED, and the pool keeps working',
    async (_what, name, arg) => {
      const asker = probe(system);
      const crashes: unknown[] = [];
      system.on('crash', (event) => crashes.push(event));
      const ref = system.runTask(asker.pid, { filename: math, name }, arg);
      expect(await asker.next()).toMatchObject({
        type: 'TASK_FAILED',
        ref,
        error: expect.any(Error),
      });
      expect(system.isAlive(asker.pid)).toBe(true);
      const next = system.runTask(asker.pid, { filename: math }, 1);
      expect(await asker.next()).toEqual({ type: 'TASK_DONE', ref: next, result: 2 });
      expect(crashes).toEqual([]);
    },
  );

  it('cancels through an AbortSignal with TASK_FAILED ERR_TASK_CANCELLED', async () => {
    const asker = probe(system);
    const controller = new AbortController();
    const ref = system.runTask(asker.pid, { filename: math, name: 'forever' }, null, {
      signal: controller.signal,
    });
    controller.abort(new Error('user left'));
    const msg = (await asker.next()) as TaskMessage;
    expect(msg).toMatchObject({ type: 'TASK_FAILED', ref, error: { code: 'ERR_TASK_CANCELLED' } });
    expect(msg.type === 'TASK_FAILED' && (msg.error as Error).cause).toEqual(
      new Error('user left'),
    );
  });

  it('a shutdown does not wait for a task that never ends', async () => {
    const asker = probe(system);
    system.runTask(asker.pid, { filename: math, name: 'forever' }, null);
    await system.shutdown();
    expect(system.isAlive(asker.pid)).toBe(false);
  });
});

describe('TaskPool', () => {
  let system: ActorSystem;
  let pool: TaskPool;
  beforeEach(() => {
    system = new ActorSystem();
    pool = new TaskPool((pid, msg) => system.send(pid, msg), { maxThreads: 2 });
  });
  afterEach(async () => {
    await pool.destroy();
    await system.shutdown();
  });

  it('cancel(ref) stops a running task and delivers exactly one TASK_FAILED', async () => {
    const asker = probe(system);
    const ref = pool.run(asker.pid, { filename: math, name: 'forever' }, null);
    expect(pool.pending).toBe(1);
    pool.cancel(ref);
    pool.cancel(ref); // a second cancel finds nothing
    expect(pool.pending).toBe(0);
    const msg = (await asker.next()) as TaskMessage;
    expect(msg).toMatchObject({ type: 'TASK_FAILED', ref });
    expect(msg.type === 'TASK_FAILED' && msg.error).toBeInstanceOf(TaskCancelledError);
    const after = pool.run(asker.pid, { filename: math }, 4);
    expect(await asker.next()).toEqual({ type: 'TASK_DONE', ref: after, result: 8 }); // no second message for ref
  });

  it('an already aborted signal fails the task without running it', async () => {
    const asker = probe(system);
    const ref = pool.run(asker.pid, { filename: math }, 1, { signal: AbortSignal.abort() });
    expect(await asker.next()).toMatchObject({
      type: 'TASK_FAILED',
      ref,
      error: { code: 'ERR_TASK_CANCELLED' },
    });
  });

  it('fails a task whose payload cannot be cloned with ERR_NOT_CLONEABLE', async () => {
    const asker = probe(system);
    const ref = pool.run(asker.pid, { filename: math }, { fn: () => 1 });
    const msg = (await asker.next()) as TaskMessage;
    expect(msg).toMatchObject({ type: 'TASK_FAILED', ref });
    expect(msg.type === 'TASK_FAILED' && msg.error).toBeInstanceOf(MessageNotCloneableError);
  });

  it('drops the outcome for an asker that died meanwhile, without a crash', async () => {
    const crashes: unknown[] = [];
    system.on('crash', (event) => crashes.push(event));
    let outcome: (msg: TaskMessage) => void = () => {};
    const arrived = new Promise<TaskMessage>((resolve) => {
      outcome = resolve;
    });
    const own = new TaskPool((pid, msg) => {
      system.send(pid, msg); // to a dead pid: dropped
      outcome(msg);
    });
    onTestFinished(() => own.destroy());
    const asker = probe(system);
    const ref = own.run(asker.pid, { filename: math }, 5);
    system.exit(asker.pid, 'kill');
    await system.exited(asker.pid);
    expect(await arrived).toEqual({ type: 'TASK_DONE', ref, result: 10 });
    await system.idle();
    expect(crashes).toEqual([]);
  });

  it('destroy() fails pending tasks with ERR_TASK_CANCELLED, and later runs fail the same way', async () => {
    const asker = probe(system);
    const ref = pool.run(asker.pid, { filename: math, name: 'forever' }, null);
    await pool.destroy();
    expect(await asker.next()).toMatchObject({
      type: 'TASK_FAILED',
      ref,
      error: { code: 'ERR_TASK_CANCELLED' },
    });
    const late = pool.run(asker.pid, { filename: math }, 1);
    expect(await asker.next()).toMatchObject({
      type: 'TASK_FAILED',
      ref: late,
      error: { code: 'ERR_TASK_CANCELLED' },
    });
  });

  it('refuses a relative filename, and a TypeScript task when no loader is available', () => {
    const asker = probe(system);
    expect(() => pool.run(asker.pid, { filename: './math.ts' }, 1)).toThrow(TypeError);
    const noLoader = new TaskPool(() => {}, { loader: false });
    expect(() => noLoader.run(asker.pid, { filename: math }, 1)).toThrow(/no loader/);
    expect(noLoader.pending).toBe(0);
  });

  it('gives every run a distinct ref', () => {
    const asker = probe(system);
    const refs = new Set<TaskRef>();
    for (let i = 0; i < 5; i++)
      refs.add(pool.run(asker.pid, { filename: math, name: 'forever' }, null));
    expect(refs.size).toBe(5);
  });
});
