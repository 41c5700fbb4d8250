import { beforeEach, describe, expect, it } from 'vitest';
import type { ChildSpec } from '../../actors/child-spec.js';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import {
  childPid,
  failsToStart,
  rec,
  system,
  useSupervisionWorld,
  worker,
} from './supervision-fixtures.js';

useSupervisionWorld();
let sup: Pid;

function spec(id: string, extra: Omit<Partial<ChildSpec>, 'id' | 'start'> = {}): ChildSpec {
  return { id, start: [worker, { id, rec }], ...extra };
}

beforeEach(async () => {
  sup = await Supervisor.start(system, {
    strategy: 'one_for_one',
    children: [
      spec('a'),
      spec('b', { restart: 'transient' }),
      Supervisor.childSpec('nested', { strategy: 'one_for_all', children: [] }),
    ],
  });
});

describe('Supervisor child management', () => {
  it('whichChildren lists every child in start order with its pid, type and restart', async () => {
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows).toEqual([
      { id: 'a', pid: expect.any(String), type: 'worker', restart: 'permanent' },
      { id: 'b', pid: expect.any(String), type: 'worker', restart: 'transient' },
      { id: 'nested', pid: expect.any(String), type: 'supervisor', restart: 'permanent' },
    ]);
    expect(await system.call(rows[0]!.pid!, 'id')).toBe('a');
    expect(await Supervisor.countChildren(system, sup)).toEqual({
      specs: 3,
      active: 3,
      supervisors: 1,
      workers: 2,
    });
  });

  it('terminateChild stops a child, keeps its spec, and does not restart it', async () => {
    const a = await childPid(system, sup, 'a');
    await Supervisor.terminateChild(system, sup, 'a');
    expect(system.isAlive(a)).toBe(false);
    await system.idle();
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows[0]).toEqual({ id: 'a', pid: undefined, type: 'worker', restart: 'permanent' });
    expect(rec.log.filter((line) => line === 'start:a')).toHaveLength(1);
  });

  it('restartChild starts a terminated child again in its place', async () => {
    const old = await childPid(system, sup, 'a');
    await Supervisor.terminateChild(system, sup, 'a');
    const pid = await Supervisor.restartChild(system, sup, 'a');
    expect(pid).not.toBe(old);
    expect(await system.call(pid, 'id')).toBe('a');
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => [r.id, r.pid])).toEqual([
      ['a', pid],
      ['b', expect.any(String)],
      ['nested', expect.any(String)],
    ]);
  });

  it('restartChild and deleteChild refuse a running child; unknown ids are not found', async () => {
    await expect(Supervisor.restartChild(system, sup, 'a')).rejects.toMatchObject({
      code: 'ERR_CHILD_RUNNING',
    });
    await expect(Supervisor.deleteChild(system, sup, 'a')).rejects.toMatchObject({
      code: 'ERR_CHILD_RUNNING',
    });
    for (const op of [Supervisor.terminateChild, Supervisor.restartChild, Supervisor.deleteChild]) {
      await expect(op(system, sup, 'nope')).rejects.toMatchObject({ code: 'ERR_CHILD_NOT_FOUND' });
    }
  });

  it('deleteChild forgets a terminated child', async () => {
    await Supervisor.terminateChild(system, sup, 'b');
    await Supervisor.deleteChild(system, sup, 'b');
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => r.id)).toEqual(['a', 'nested']);
  });

  it('startChild adds a child at the end, supervised like the others', async () => {
    const pid = await Supervisor.startChild(system, sup, spec('late'));
    expect(await system.call(pid, 'id')).toBe('late');
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'nested', 'late']);

    system.send(pid, 'crash');
    await system.idle();
    const restarted = await childPid(system, sup, 'late');
    expect(restarted).not.toBe(pid);
    expect(system.isAlive(restarted)).toBe(true);
  });

  it('startChild refuses a duplicate id and reports a child that fails to start', async () => {
    await expect(Supervisor.startChild(system, sup, spec('a'))).rejects.toMatchObject({
      code: 'ERR_CHILD_EXISTS',
    });
    await expect(
      Supervisor.startChild(system, sup, { id: 'broken', start: [failsToStart, 'broken'] }),
    ).rejects.toMatchObject({ code: 'ERR_CHILD_START', childId: 'broken' });
    await expect(
      Supervisor.startChild(system, sup, { id: 'bad', start: [worker, null], shutdown: -1 }),
    ).rejects.toBeInstanceOf(TypeError);
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'nested']);
    expect(system.isAlive(sup)).toBe(true);
  });

  it('terminateChild forgets a temporary child', async () => {
    await Supervisor.startChild(system, sup, spec('temp', { restart: 'temporary' }));
    await Supervisor.terminateChild(system, sup, 'temp');
    const rows = await Supervisor.whichChildren(system, sup);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'nested']);
  });

  it('answers by registered name as well as by pid', async () => {
    const named = await Supervisor.start(
      system,
      { strategy: 'one_for_one', children: [] },
      { name: 'named-sup' },
    );
    await Supervisor.startChild(system, 'named-sup', spec('x'));
    const rows = await Supervisor.whichChildren(system, named);
    expect(rows.map((r) => r.id)).toEqual(['x']);
  });

  it('registers a named child under its name, again after each restart', async () => {
    const pid = await Supervisor.startChild(system, sup, spec('named', { name: 'cache' }));
    expect(system.whereis('cache')).toBe(pid);
    system.send('cache', 'crash');
    await system.idle();
    const restarted = system.whereis('cache');
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(pid);
    expect(await system.call('cache', 'id')).toBe('named');
  });

  it('reports a child whose name is already taken as a start failure', async () => {
    system.spawn({}, null, { name: 'taken' });
    await expect(
      Supervisor.startChild(system, sup, spec('clash', { name: 'taken' })),
    ).rejects.toMatchObject({ code: 'ERR_CHILD_START', childId: 'clash' });
    expect(system.isAlive(sup)).toBe(true);
  });
});
