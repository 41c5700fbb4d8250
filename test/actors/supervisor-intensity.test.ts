import { describe, expect, it } from 'vitest';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import { RestartIntensityError } from '../../actors/supervisor-errors.js';
import {
  childPid,
  clock,
  failsToStart,
  gaveUp,
  rec,
  system,
  useSupervisionWorld,
  worker,
} from './supervision-fixtures.js';

useSupervisionWorld();

async function crash(pid: Pid): Promise<void> {
  system.send(pid, 'crash');
  await system.idle();
}

describe('restart intensity', () => {
  it('restarts a crashed child, and gives up past its intensity', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      intensity: 1,
      period: 5_000,
      children: [{ id: 'worker', start: [worker, { id: 'worker' }] }],
    });
    const supExited = system.exited(sup);

    const first = await childPid(system, sup, 'worker');
    await crash(first);
    const second = await childPid(system, sup, 'worker');
    expect(second).not.toBe(first);

    clock.advance(5_000); // the first restart leaves the window
    await crash(second);
    expect(system.isAlive(sup)).toBe(true);

    const third = await childPid(system, sup, 'worker');
    await crash(third); // 2 restarts within 5 s > intensity 1
    const reason = await supExited;
    expect(gaveUp(reason)).toBe(true);
    expect(reason).toMatchObject({
      error: { code: 'ERR_RESTART_INTENSITY', intensity: 1, period: 5_000 },
    });
    expect(system.isAlive(third)).toBe(false);
    // Nothing supervises this supervisor, so its giving up is reported as a crash.
    expect(rec.crashes).toContainEqual(
      expect.objectContaining({ pid: sup, error: expect.any(RestartIntensityError) }),
    );
  });

  it('gives up on the first crash with intensity 0, stopping the other children', async () => {
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      intensity: 0,
      children: [
        { id: 'a', start: [worker, { id: 'a' }] },
        { id: 'b', start: [worker, { id: 'b' }] },
      ],
    });
    const aExited = system.exited(await childPid(system, sup, 'a'));
    const supExited = system.exited(sup);
    await crash(await childPid(system, sup, 'b'));
    expect(gaveUp(await supExited)).toBe(true);
    expect(await aExited).toBe('shutdown');
  });

  it('counts a child that fails to start again as one more restart, and gives up', async () => {
    let starts = 0;
    const flaky = {
      init(_arg: null) {
        starts++;
        if (starts > 1) throw new Error('cannot come back');
        return null;
      },
      handleInfo(msg: 'crash') {
        throw new Error(msg);
      },
    };
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      intensity: 3,
      children: [{ id: 'flaky', start: [flaky, null] }],
    });
    const supExited = system.exited(sup);
    await crash(await childPid(system, sup, 'flaky'));
    expect(gaveUp(await supExited)).toBe(true);
    expect(starts).toBe(4); // the first start, then 3 failed restarts; the 4th restart is refused
  });

  it('escalates through two levels: the top supervisor restarts the subtree, then gives up too', async () => {
    const restarts: { childId: string; supervisor: Pid }[] = [];
    system.on('restart', ({ childId, supervisor }) => restarts.push({ childId, supervisor }));
    const top = await Supervisor.start(system, {
      strategy: 'one_for_one',
      intensity: 1,
      period: 10_000,
      children: [
        { id: 'sibling', start: [worker, { id: 'sibling' }] },
        Supervisor.childSpec('mid', {
          strategy: 'one_for_one',
          intensity: 1,
          period: 10_000,
          children: [{ id: 'leaf', start: [worker, { id: 'leaf' }] }],
        }),
      ],
    });
    const topExited = system.exited(top);
    const sibling = await childPid(system, top, 'sibling');

    const mid1 = await childPid(system, top, 'mid');
    const mid1Exited = system.exited(mid1);
    await crash(await childPid(system, mid1, 'leaf'));
    await crash(await childPid(system, mid1, 'leaf')); // mid1 gives up
    expect(gaveUp(await mid1Exited)).toBe(true);

    const mid2 = await childPid(system, top, 'mid'); // top restarted the subtree
    expect(mid2).not.toBe(mid1);
    expect(system.isAlive(top)).toBe(true);
    expect(await childPid(system, top, 'sibling')).toBe(sibling);
    expect(system.isAlive(await childPid(system, mid2, 'leaf'))).toBe(true);

    await crash(await childPid(system, mid2, 'leaf'));
    await crash(await childPid(system, mid2, 'leaf')); // mid2 gives up; top's 2nd restart in 10 s
    expect(gaveUp(await topExited)).toBe(true);
    expect(system.isAlive(sibling)).toBe(false);
    expect(restarts.map((r) => r.childId)).toEqual(['leaf', 'mid', 'leaf']);
    expect(restarts[1]!.supervisor).toBe(top);
  });
});

describe('a supervisor child that cannot start', () => {
  it('fails the whole start, with the inner error as the cause chain', async () => {
    const start = Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [
        Supervisor.childSpec('inner', {
          strategy: 'one_for_one',
          children: [{ id: 'broken', start: [failsToStart, 'broken'] }],
        }),
      ],
    });
    await expect(start).rejects.toMatchObject({ code: 'ERR_CHILD_START', childId: 'inner' });
    const error: unknown = await start.catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({ code: 'ERR_CHILD_START', childId: 'broken' });
  });
});
