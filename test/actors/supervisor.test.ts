import { describe, expect, it } from 'vitest';
import type { Behaviour } from '../../actors/behaviour.js';
import type { ChildSpec } from '../../actors/child-spec.js';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import { ChildStartError } from '../../actors/supervisor-errors.js';
import {
  childPid,
  deferred,
  failsToStart,
  flush,
  rec,
  system,
  useSupervisionWorld,
  type WorkerArg,
  worker,
} from './supervision-fixtures.js';

useSupervisionWorld();

function spec(
  id: string,
  extra: Partial<WorkerArg> & Omit<Partial<ChildSpec>, 'id'> = {},
): ChildSpec {
  const { restart, shutdown, type, ...arg } = extra;
  return {
    id,
    start: [worker, { id, rec, ...arg }],
    ...(restart !== undefined && { restart }),
    ...(shutdown !== undefined && { shutdown }),
    ...(type !== undefined && { type }),
  };
}

async function pids(sup: Pid): Promise<Record<string, Pid | undefined>> {
  const rows = await Supervisor.whichChildren(system, sup);
  return Object.fromEntries(rows.map((row) => [row.id, row.pid]));
}

describe('Supervisor.start', () => {
  it('starts the children in order, each init finished before the next begins', async () => {
    const slowInit: Behaviour<null, null> = {
      async init(_arg, ctx) {
        rec.log.push('begin:slow');
        await new Promise((resolve) => setImmediate(resolve));
        rec.started('slow', ctx.self);
        return null;
      },
    };
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [{ id: 'slow', start: [slowInit, null] }, spec('b'), spec('c')],
    });
    expect(rec.log).toEqual(['begin:slow', 'start:slow', 'start:b', 'start:c']);
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => r.id)).toEqual(['slow', 'b', 'c']);
    expect(rows.every((r) => r.pid !== undefined && system.isAlive(r.pid))).toBe(true);
  });

  it('rejects with ERR_CHILD_START, stops the started children in reverse order, and does not stay alive', async () => {
    const exited: Pid[] = [];
    system.on('exit', ({ pid }) => exited.push(pid));
    const spawned: Pid[] = [];
    system.on('spawn', ({ pid }) => spawned.push(pid));

    const start = Supervisor.start(
      system,
      {
        strategy: 'one_for_one',
        children: [
          spec('a'),
          spec('b'),
          { id: 'broken', start: [failsToStart, 'broken'] },
          spec('d'),
        ],
      },
      { name: 'top' },
    );
    const error = await start.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChildStartError);
    expect(error).toMatchObject({ code: 'ERR_CHILD_START', childId: 'broken' });
    expect((error as ChildStartError).cause).toBeInstanceOf(Error);

    expect(rec.log).toEqual(['start:a', 'start:b', 'stop:b', 'stop:a']);
    expect(system.whereis('top')).toBeUndefined();
    expect(spawned.length).toBeGreaterThan(0);
    expect(spawned.filter((pid) => system.isAlive(pid))).toEqual([]);
    expect(exited).toContain(spawned[0]);
  });

  it('throws a TypeError at once for a malformed spec', () => {
    expect(() =>
      Supervisor.start(system, { strategy: 'one_for_one', children: [spec('a'), spec('a')] }),
    ).toThrow(TypeError);
    expect(() =>
      Supervisor.start(system, { strategy: 'one_for_some' as 'one_for_one', children: [] }),
    ).toThrow(TypeError);
    expect(() =>
      Supervisor.start(system, { strategy: 'one_for_one', intensity: -1, children: [] }),
    ).toThrow(TypeError);
    expect(() =>
      Supervisor.start(system, {
        strategy: 'one_for_one',
        children: [{ ...spec('a'), restart: 'sometimes' as 'permanent' }],
      }),
    ).toThrow(TypeError);
  });
});

describe('strategies', () => {
  it('one_for_one restarts only the child that crashed', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [spec('a'), spec('b'), spec('c')],
    });
    const before = await pids(sup);
    rec.clear();
    system.send(before.b!, 'crash');
    await system.idle();

    const after = await pids(sup);
    expect(after.a).toBe(before.a);
    expect(after.c).toBe(before.c);
    expect(after.b).not.toBe(before.b);
    expect(system.isAlive(after.b!)).toBe(true);
    expect(rec.log).toEqual(['stop:b', 'start:b']);
  });

  it('one_for_all stops the others in reverse start order, then restarts all in order', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_all',
      children: [spec('a'), spec('b'), spec('c'), spec('d')],
    });
    const before = await pids(sup);
    rec.clear();
    system.send(before.b!, 'crash');
    await system.idle();

    expect(rec.log).toEqual([
      'stop:b',
      'stop:d',
      'stop:c',
      'stop:a',
      'start:a',
      'start:b',
      'start:c',
      'start:d',
    ]);
    const after = await pids(sup);
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(after[id]).not.toBe(before[id]);
      expect(system.isAlive(after[id]!)).toBe(true);
    }
  });

  it('rest_for_one restarts the crashed child and the ones started after it', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'rest_for_one',
      children: [spec('a'), spec('b'), spec('c'), spec('d')],
    });
    const before = await pids(sup);
    rec.clear();
    system.send(before.b!, 'crash');
    await system.idle();

    expect(rec.log).toEqual(['stop:b', 'stop:d', 'stop:c', 'start:b', 'start:c', 'start:d']);
    const after = await pids(sup);
    expect(after.a).toBe(before.a);
    for (const id of ['b', 'c', 'd']) expect(after[id]).not.toBe(before[id]);
  });

  it('ignores the late EXIT of a child it had already stopped itself', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_all',
      intensity: 5,
      children: [spec('a'), spec('b'), spec('c')],
    });
    const before = await pids(sup);
    // Both crash before the supervisor sees either EXIT: handling a's restarts b as well, and
    // b's own EXIT then comes from a pid that is no longer a child.
    system.send(before.a!, 'crash');
    system.send(before.b!, 'crash');
    await system.idle();

    expect(system.isAlive(sup)).toBe(true);
    const after = await pids(sup);
    for (const id of ['a', 'b', 'c']) expect(system.isAlive(after[id]!)).toBe(true);
    expect(rec.log.filter((line) => line === 'start:c')).toHaveLength(2);
  });

  it('one_for_all leaves a terminated child stopped and drops a temporary sibling', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_all',
      children: [spec('a'), spec('temp', { restart: 'temporary' }), spec('c'), spec('off')],
    });
    await Supervisor.terminateChild(system, sup, 'off');
    const before = await pids(sup);
    rec.clear();
    system.send(before.a!, 'crash');
    await system.idle();

    expect(rec.log).toEqual(['stop:a', 'stop:c', 'stop:temp', 'start:a', 'start:c']);
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => [r.id, r.pid === undefined])).toEqual([
      ['a', false],
      ['c', false],
      ['off', true],
    ]);
  });

  it('emits a restart event per restarted child, with the old pid, the new pid and the reason', async () => {
    const events: unknown[] = [];
    system.on('restart', (event) => events.push(event));
    const sup = await Supervisor.start(system, {
      strategy: 'rest_for_one',
      children: [spec('a'), spec('b'), spec('c')],
    });
    const before = await pids(sup);
    system.send(before.b!, 'crash');
    await system.idle();
    const after = await pids(sup);

    const reason = { error: expect.objectContaining({ message: 'b crashed on purpose' }) };
    expect(events).toEqual([
      { supervisor: sup, childId: 'b', oldPid: before.b, pid: after.b, reason },
      { supervisor: sup, childId: 'c', oldPid: before.c, pid: after.c, reason },
    ]);
  });
});

describe('restart types', () => {
  it('restarts a permanent child even after a normal exit', async () => {
    const sup = await Supervisor.start(system, { strategy: 'one_for_one', children: [spec('p')] });
    const first = await childPid(system, sup, 'p');
    system.send(first, 'stop');
    await system.idle();
    expect(rec.reasons.get('p')).toBe('normal');
    const second = await childPid(system, sup, 'p');
    expect(second).not.toBe(first);
    expect(system.isAlive(second)).toBe(true);
  });

  it('restarts a transient child after a crash, but not after a normal or shutdown exit', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [
        spec('crashes', { restart: 'transient' }),
        spec('normal', { restart: 'transient' }),
        spec('shutdown', { restart: 'transient' }),
      ],
    });
    const before = await pids(sup);
    system.send(before.crashes!, 'crash');
    system.send(before.normal!, 'stop');
    system.send(before.shutdown!, 'stop-shutdown');
    await system.idle();

    const rows = await Supervisor.whichChildren(system, sup);
    const after = Object.fromEntries(rows.map((r) => [r.id, r.pid]));
    expect(after.crashes).not.toBe(before.crashes);
    expect(system.isAlive(after.crashes!)).toBe(true);
    expect(after.normal).toBeUndefined();
    expect(after.shutdown).toBeUndefined();
    expect(rows.map((r) => r.id)).toEqual(['crashes', 'normal', 'shutdown']);
  });

  it('never restarts a temporary child, and forgets it once it exits', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_all',
      children: [spec('stays'), spec('temp', { restart: 'temporary' })],
    });
    const before = await pids(sup);
    system.send(before.temp!, 'crash');
    await system.idle();

    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => r.id)).toEqual(['stays']);
    expect(rows[0]!.pid).toBe(before.stays);
    expect(rec.log.filter((line) => line === 'start:temp')).toHaveLength(1);
  });
});

describe('the supervisor process', () => {
  it('stops its children and exits with the reason when its parent (opts.link) exits', async () => {
    const parent = system.spawn(
      {
        handleInfo(_msg: 'stop', state: null, ctx) {
          ctx.stop('shutdown');
          return state;
        },
      },
      null,
    );
    const sup = await Supervisor.start(
      system,
      { strategy: 'one_for_one', children: [spec('a'), spec('b')] },
      { link: parent },
    );
    rec.track('sup', sup);
    rec.clear();
    system.send(parent, 'stop');
    expect(await system.exited(sup)).toBe('shutdown');
    expect(rec.log).toEqual(['stop:b', 'stop:a', 'stop:sup']);
  });

  it('starts nothing more once it is killed in the middle of a restart', async () => {
    let starts = 0;
    const gate = deferred();
    const slowRestart: Behaviour<null, null, never, unknown, never, 'crash'> = {
      async init() {
        starts++;
        if (starts > 1) await gate.promise;
        return null;
      },
      handleInfo(msg) {
        throw new Error(msg);
      },
    };
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      intensity: 10,
      children: [{ id: 'slow', start: [slowRestart, null] }],
    });
    const spawned: Pid[] = [];
    system.on('spawn', ({ pid }) => spawned.push(pid));
    const restarting = new Promise((resolve) => system.once('spawn', resolve));
    system.send(await childPid(system, sup, 'slow'), 'crash');
    await restarting; // the restart is under way, its init waiting at the gate

    system.exit(sup, 'kill');
    gate.resolve();
    await system.idle();
    await flush(); // the killed supervisor's callback is no longer tracked by idle()
    expect(system.isAlive(sup)).toBe(false);
    expect(spawned).toHaveLength(1);
    expect(spawned.filter((pid) => system.isAlive(pid))).toEqual([]);
  });
});
