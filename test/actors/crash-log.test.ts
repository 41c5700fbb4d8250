import { afterEach, describe, expect, it } from 'vitest';
import type { Behaviour } from '../../actors/behaviour.js';
import { REPEAT_WINDOW_MS } from '../../actors/crash-log.js';
import { DynamicSupervisor } from '../../actors/dynamic-supervisor.js';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import { ActorSystem } from '../../actors/system.js';
import type { ActorSystemOptions } from '../../actors/system-options.js';
import { type CapturedLog, captureLog, type LogRecord } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';
import { probe } from '../support/probe.js';
import { childPid } from './supervision-fixtures.js';

const systems: ActorSystem[] = [];
afterEach(async () => {
  await Promise.all(systems.splice(0).map((s) => s.shutdown()));
});

function world(options: ActorSystemOptions = {}) {
  const log = captureLog();
  const clock = new ManualClock();
  const system = new ActorSystem({ clock, logger: log, ...options });
  systems.push(system);
  return { log, clock, system };
}

/** Crashes on `{ crash: message }`, in handleInfo; says what it was doing when asked. */
const cache: Behaviour<{ table: string }, string, never, unknown, never, { crash: string }> = {
  name: 'Cache',
  init: (table) => ({ table }),
  handleInfo(msg) {
    throw new Error(msg.crash);
  },
  describeCrash: (state, site) => ({
    during: `${site} (refresh of ${state.table})`,
    fields: { table: state.table },
    payload: 'the message',
  }),
};

const crashes = (log: CapturedLog): LogRecord[] => log.records.filter((r) => r.fields.err);

describe('crash logs', () => {
  it('logs an unsupervised crash once: stack, behaviour and name, pid, what it was doing, what follows', async () => {
    const { log, system } = world();
    const heard: unknown[] = [];
    system.on('crash', (event) => heard.push(event));
    const pid = system.spawn(cache, 'users', { name: 'users-cache' });
    system.send(pid, { crash: 'cache miss storm' });
    const record = await log.next((r) => r.fields.pid === pid);
    expect(record.level).toBe('error');
    expect(record.msg).toBe(
      "Cache 'users-cache' crashed in handleInfo (refresh of users): not restarted (no supervisor); nothing was linked to it or monitoring it",
    );
    expect(record.fields).toMatchObject({
      pid,
      process: 'users-cache',
      behaviour: 'Cache',
      during: 'handleInfo (refresh of users)',
      table: 'users',
    });
    expect((record.fields.err as Error).stack).toContain('cache miss storm');
    expect(record.fields).not.toHaveProperty('payload');
    // The crash event still fires, and nothing else was logged for it.
    expect(heard).toMatchObject([{ pid, during: 'handleInfo' }]);
    await system.idle();
    expect(log.records).toHaveLength(1);
  });

  it('writes the message being handled only with logPayloads', async () => {
    const { log, system } = world({ logPayloads: true });
    const pid = system.spawn(cache, 'users');
    system.send(pid, { crash: 'x' });
    expect((await log.next((r) => r.fields.pid === pid)).fields.payload).toBe('the message');
  });

  it('says "restarted (restart N of M in P ms)" for a supervised child, and "gave up" past the limit', async () => {
    const { log, system } = world();
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      intensity: 1,
      period: 5_000,
      children: [{ id: 'cache', start: [cache, 'users'] }],
    });
    const first = await childPid(system, sup, 'cache');
    system.send(first, { crash: 'one' });
    const restarted = await log.next((r) => r.fields.pid === first);
    expect(restarted.msg).toBe(
      'Cache crashed in handleInfo (refresh of users): restarted (restart 1 of 1 in 5000 ms)',
    );
    const second = await childPid(system, sup, 'cache');
    const supDown = system.exited(sup);
    system.send(second, { crash: 'two' });
    const gaveUp = await log.next((r) => r.fields.pid === second);
    expect(gaveUp.fields.next).toBe(
      'not restarted: its supervisor gave up (more than 1 restarts in 5000 ms)',
    );
    await supDown;
    const supervisor = await log.next((r) => r.fields.pid === sup);
    expect(supervisor).toMatchObject({
      level: 'warn',
      msg: 'Supervisor gave up (more than 1 restarts in 5000 ms): not restarted (no supervisor); nothing was linked to it or monitoring it',
    });
    expect(supervisor.fields).not.toHaveProperty('err');
    expect(crashes(log)).toHaveLength(2);
  });

  it('says so when a temporary child is not restarted, or a start fails', async () => {
    const { log, system } = world();
    const sup = await DynamicSupervisor.start(system);
    const temp = await DynamicSupervisor.startChild(system, sup, {
      start: [cache, 't'],
      restart: 'temporary',
    });
    system.send(temp, { crash: 'temporary' });
    expect((await log.next((r) => r.fields.pid === temp)).fields.next).toBe(
      'not restarted (temporary child)',
    );
    const broken: Behaviour<never, null> = {
      init() {
        throw new TypeError('no config');
      },
    };
    await expect(DynamicSupervisor.startChild(system, sup, [broken, null])).rejects.toThrow();
    const failed = await log.next(
      (r) => (r.fields.err as Error | undefined)?.message === 'no config',
    );
    expect(failed.msg).toBe(
      'process crashed in init: not restarted (it failed to start; its supervisor was told)',
    );
  });

  it('folds a crash loop into one summary line per window', async () => {
    const { log, clock, system } = world();
    const pids: Pid[] = [];
    for (let i = 0; i < 40; i++) {
      const pid = system.spawn(cache, 'feed');
      pids.push(pid);
      system.send(pid, { crash: 'bad row' });
    }
    await system.idle();
    expect(log.records).toHaveLength(1);
    clock.advance(REPEAT_WINDOW_MS);
    expect(log.records).toHaveLength(2);
    expect(log.records[1]).toMatchObject({
      level: 'error',
      msg: 'Cache crashed in handleInfo (refresh of feed) … and 39 more like it in the last 10 s',
      fields: { repeated: 39 },
    });
    // What was particular to the first occurrence is not repeated as if true of all of them.
    for (const key of ['err', 'pid', 'next'])
      expect(log.records[1]!.fields).not.toHaveProperty(key);
    expect(log.records[1]!.fields).toMatchObject({ behaviour: 'Cache', table: 'feed' });
    // A new window starts with a full record again; a different error is not "like it".
    system.send(system.spawn(cache, 'feed'), { crash: 'bad row' });
    system.send(system.spawn(cache, 'feed'), { crash: 'another error' });
    await system.idle();
    expect(crashes(log).map((r) => (r.fields.err as Error).message)).toEqual([
      'bad row',
      'bad row',
      'another error',
    ]);
  });

  it('writes a pending summary at shutdown', async () => {
    const { log, system } = world();
    for (let i = 0; i < 3; i++) system.send(system.spawn(cache, 'x'), { crash: 'same' });
    await system.idle();
    await system.shutdown();
    expect(log.records.map((r) => r.fields.repeated)).toEqual([undefined, 2]);
  });

  it('logs a task that failed, with the worker stack and who was told', async () => {
    const log = captureLog();
    const system = new ActorSystem({ logger: log });
    systems.push(system);
    const asker = probe(system);
    const math = new URL('../fixtures/tasks/math.ts', import.meta.url);
    const ref = system.runTask(asker.pid, { filename: math, name: 'throws' }, 'bad input');
    await asker.next();
    const record = await log.next((r) => r.fields.ref === ref);
    expect(record.msg).toBe(`task math.ts#throws failed: TASK_FAILED sent to ${asker.pid}`);
    expect(record.fields).toMatchObject({ during: 'task math.ts#throws', pid: asker.pid });
    expect((record.fields.err as Error).message).toBe('bad input');
  });

  it('keeps the first error when terminate throws while cleaning up after it', async () => {
    const { log, system } = world();
    const pid = system.spawn(
      {
        handleInfo() {
          throw new Error('first');
        },
        terminate() {
          throw new Error('second');
        },
      },
      null,
    );
    system.send(pid, 'go');
    const record = await log.next((r) => r.fields.pid === pid);
    expect(record.msg).toMatch(/^process crashed in handleInfo, then in terminate: /);
    expect((record.fields.err as Error).message).toBe('second');
    expect(record.fields.earlierError).toContain('Error: first');
  });

  it('logs an exit with a reason of its own as a warning, and an orderly one not at all', async () => {
    const { log, system } = world();
    const a = system.spawn({ init: (_: null, ctx) => ctx.stop('lost lease') }, null);
    const b = system.spawn({ init: (_: null, ctx) => ctx.stop('shutdown') }, null);
    await Promise.all([system.exited(a), system.exited(b)]);
    expect(log.records.map((r) => [r.level, r.msg])).toEqual([
      [
        'warn',
        "process exited with reason 'lost lease': not restarted (no supervisor); nothing was linked to it or monitoring it",
      ],
    ]);
  });

  it('still reports a crash whose describeCrash throws, and logs nothing with logger: false', async () => {
    const { log, system } = world();
    const pid = system.spawn(
      {
        handleInfo() {
          throw new Error('real problem');
        },
        describeCrash() {
          throw new Error('bad description');
        },
      },
      null,
    );
    system.send(pid, 'go');
    expect((await log.next((r) => r.fields.pid === pid)).msg).toMatch(/crashed in handleInfo/);
    const quiet = new ActorSystem({ logger: false });
    systems.push(quiet);
    const p = quiet.spawn(cache, 'x');
    quiet.send(p, { crash: 'silent' });
    expect(await quiet.exited(p)).toMatchObject({ error: { message: 'silent' } });
  });
});
