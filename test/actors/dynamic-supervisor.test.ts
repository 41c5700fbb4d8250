import { describe, expect, it } from 'vitest';
import { DynamicSupervisor } from '../../actors/dynamic-supervisor.js';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import {
  clock,
  failsToStart,
  gaveUp,
  rec,
  system,
  useSupervisionWorld,
  worker,
} from './supervision-fixtures.js';

useSupervisionWorld();

describe('DynamicSupervisor', () => {
  it('starts children on demand and returns their pids', async () => {
    const sup = await DynamicSupervisor.start(system);
    const a = await DynamicSupervisor.startChild(system, sup, {
      id: 'a',
      start: [worker, { id: 'a' }],
    });
    const b = await DynamicSupervisor.startChild(system, sup, [worker, { id: 'b' }]);
    expect(await system.call(a, 'id')).toBe('a');
    expect(await system.call(b, 'id')).toBe('b');
    expect(await DynamicSupervisor.whichChildren(system, sup)).toEqual([
      { id: 'a', pid: a, type: 'worker', restart: 'permanent' },
      { id: undefined, pid: b, type: 'worker', restart: 'permanent' },
    ]);
    expect(await DynamicSupervisor.countChildren(system, sup)).toEqual({
      specs: 2,
      active: 2,
      supervisors: 0,
      workers: 2,
    });
  });

  it('forgets a temporary child that crashes, and restarts a transient one', async () => {
    const restarts: { oldPid: Pid | undefined; pid: Pid }[] = [];
    system.on('restart', ({ oldPid, pid }) => restarts.push({ oldPid, pid }));
    const sup = await DynamicSupervisor.start(system);
    const temp = await DynamicSupervisor.startChild(system, sup, {
      start: [worker, { id: 'temp', rec }],
      restart: 'temporary',
    });
    const trans = await DynamicSupervisor.startChild(system, sup, {
      start: [worker, { id: 'trans', rec }],
      restart: 'transient',
    });
    system.send(temp, 'crash');
    system.send(trans, 'crash');
    await system.idle();

    const rows = await DynamicSupervisor.whichChildren(system, sup);
    expect(rows).toHaveLength(1);
    expect(restarts).toEqual([{ oldPid: trans, pid: rows[0]!.pid }]);
    expect(await system.call(rows[0]!.pid, 'id')).toBe('trans');
    expect(rec.log.filter((line) => line === 'start:temp')).toHaveLength(1);

    system.send(rows[0]!.pid, 'stop'); // a normal exit: transient stays down
    await system.idle();
    expect(await DynamicSupervisor.countChildren(system, sup)).toMatchObject({ active: 0 });
  });

  it('terminateChild stops a child by pid and forgets it', async () => {
    const sup = await DynamicSupervisor.start(system);
    const pid = await DynamicSupervisor.startChild(system, sup, [worker, { id: 'x' }]);
    await DynamicSupervisor.terminateChild(system, sup, pid);
    expect(system.isAlive(pid)).toBe(false);
    await system.idle();
    expect(await DynamicSupervisor.whichChildren(system, sup)).toEqual([]);
    await expect(DynamicSupervisor.terminateChild(system, sup, pid)).rejects.toMatchObject({
      code: 'ERR_CHILD_NOT_FOUND',
    });
  });

  it('refuses children past maxChildren with ERR_MAX_CHILDREN, and accepts again after one exits', async () => {
    const sup = await DynamicSupervisor.start(system, { maxChildren: 2 });
    const first = await DynamicSupervisor.startChild(system, sup, [worker, { id: '1' }]);
    await DynamicSupervisor.startChild(system, sup, [worker, { id: '2' }]);
    await expect(
      DynamicSupervisor.startChild(system, sup, [worker, { id: '3' }]),
    ).rejects.toMatchObject({ code: 'ERR_MAX_CHILDREN', maxChildren: 2 });
    await DynamicSupervisor.terminateChild(system, sup, first);
    await expect(
      DynamicSupervisor.startChild(system, sup, [worker, { id: '3' }]),
    ).resolves.toBeTypeOf('string');
  });

  it('reports a child that fails to start, and keeps running', async () => {
    const sup = await DynamicSupervisor.start(system);
    await expect(
      DynamicSupervisor.startChild(system, sup, { id: 'broken', start: [failsToStart, 'broken'] }),
    ).rejects.toMatchObject({ code: 'ERR_CHILD_START', childId: 'broken' });
    expect(system.isAlive(sup)).toBe(true);
    expect(await DynamicSupervisor.countChildren(system, sup)).toMatchObject({ specs: 0 });
  });

  it('gives up past its intensity and takes every child down', async () => {
    const sup = await DynamicSupervisor.start(system, { intensity: 1, period: 1_000 });
    const supExited = system.exited(sup);
    const quiet = await DynamicSupervisor.startChild(system, sup, [worker, { id: 'quiet' }]);
    let crashing = await DynamicSupervisor.startChild(system, sup, [worker, { id: 'crashing' }]);
    system.send(crashing, 'crash');
    await system.idle();
    clock.advance(1_000);
    crashing = (await DynamicSupervisor.whichChildren(system, sup)).find(
      (r) => r.pid !== quiet,
    )!.pid;
    system.send(crashing, 'crash');
    await system.idle();
    expect(system.isAlive(sup)).toBe(true);

    crashing = (await DynamicSupervisor.whichChildren(system, sup)).find(
      (r) => r.pid !== quiet,
    )!.pid;
    clock.advance(999);
    system.send(crashing, 'crash');
    expect(gaveUp(await supExited)).toBe(true);
    expect(system.isAlive(quiet)).toBe(false);
  });

  it('stops all its children when it is shut down, and can live under a Supervisor', async () => {
    const top = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [
        {
          id: 'views',
          start: [DynamicSupervisor.behaviour, {}],
          type: 'supervisor',
          shutdown: 'infinity',
        },
      ],
    });
    const views = (await Supervisor.whichChildren(system, top))[0]!.pid!;
    const kids = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        DynamicSupervisor.startChild(system, views, {
          start: [worker, { id: `v${i}`, rec }],
          restart: 'temporary',
        }),
      ),
    );
    system.exit(top, 'shutdown');
    await system.exited(top);
    expect(kids.filter((pid) => system.isAlive(pid))).toEqual([]);
    expect(rec.log.filter((line) => line.startsWith('stop:'))).toHaveLength(5);
  });

  it('throws a TypeError at once for bad limits', () => {
    expect(() => DynamicSupervisor.start(system, { maxChildren: -1 })).toThrow(TypeError);
    expect(() => DynamicSupervisor.start(system, { intensity: 0.5 })).toThrow(TypeError);
  });

  it('keeps count of thousands of children as they come and go', async () => {
    const sup = await DynamicSupervisor.start(system);
    const pids = await Promise.all(
      Array.from({ length: 2_000 }, () =>
        DynamicSupervisor.startChild(system, sup, {
          start: [worker, { id: 'n' }],
          restart: 'temporary',
        }),
      ),
    );
    expect(new Set(pids).size).toBe(2_000);
    for (const pid of pids.slice(0, 1_000)) system.send(pid, 'stop');
    await system.idle();
    expect(await DynamicSupervisor.countChildren(system, sup)).toMatchObject({ active: 1_000 });
  });
});
