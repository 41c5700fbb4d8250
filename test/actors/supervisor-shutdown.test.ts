import { describe, expect, it } from 'vitest';
import type { ChildSpec } from '../../actors/child-spec.js';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import {
  childPid,
  clock,
  deferred,
  flush,
  rec,
  system,
  useSupervisionWorld,
  type WorkerArg,
  worker,
} from './supervision-fixtures.js';

useSupervisionWorld();

function child(
  id: string,
  shutdown: ChildSpec['shutdown'],
  arg: Partial<WorkerArg> = {},
): ChildSpec {
  return { id, start: [worker, { id, rec, ...arg }], shutdown };
}

describe('stopping a child', () => {
  it("sends 'shutdown', waits `shutdown` ms on the clock for terminate, then kills", async () => {
    const terminating = deferred();
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [
        child('slow', 1_000, {
          trap: true,
          onTerminate: () => {
            terminating.resolve();
            return new Promise<void>(() => {}); // never finishes on its own
          },
        }),
      ],
    });
    const pid = await childPid(system, sup, 'slow');
    const exited = system.exited(pid);

    const stopping = Supervisor.terminateChild(system, sup, 'slow');
    await terminating.promise;
    clock.advance(999);
    await flush();
    expect(system.isAlive(pid)).toBe(true);

    clock.advance(1);
    await stopping;
    expect(await exited).toBe('killed');
  });

  it('lets a child that finishes terminate in time exit with shutdown', async () => {
    const reasons: unknown[] = [];
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [child('tidy', 1_000, { trap: true, onTerminate: (r) => void reasons.push(r) })],
    });
    const exited = system.exited(await childPid(system, sup, 'tidy'));
    await Supervisor.terminateChild(system, sup, 'tidy');
    expect(reasons).toEqual(['shutdown']);
    expect(await exited).toBe('shutdown');
  });

  it('kills a brutal_kill child at once, without running its terminate', async () => {
    const reasons: unknown[] = [];
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [
        child('brute', 'brutal_kill', { trap: true, onTerminate: (r) => void reasons.push(r) }),
      ],
    });
    const exited = system.exited(await childPid(system, sup, 'brute'));
    await Supervisor.terminateChild(system, sup, 'brute');
    expect(await exited).toBe('killed');
    expect(reasons).toEqual([]);
  });

  it("waits as long as it takes for an 'infinity' child", async () => {
    const release = deferred();
    const sup = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [child('patient', 'infinity', { trap: true, onTerminate: () => release.promise })],
    });
    const pid = await childPid(system, sup, 'patient');
    const exited = system.exited(pid);
    const stopping = Supervisor.terminateChild(system, sup, 'patient', { timeout: Infinity });
    clock.advance(3_600_000);
    await flush();
    expect(system.isAlive(pid)).toBe(true);
    release.resolve();
    await stopping;
    expect(await exited).toBe('shutdown');
  });
});

describe('stopping a supervisor', () => {
  const children = (): ChildSpec[] => [
    child('a', 1_000),
    child('b', 1_000, { trap: true }),
    Supervisor.childSpec('inner', {
      strategy: 'one_for_one',
      children: [child('inner-x', 1_000), child('inner-y', 1_000)],
    }),
    child('d', 'brutal_kill'),
  ];

  /** The stops of `children()` under a supervisor, in reverse start order, nested ones included. */
  const reverseStartOrder = [
    'stop:d',
    'stop:inner-y',
    'stop:inner-x',
    'stop:inner',
    'stop:b',
    'stop:a',
    'stop:sup',
  ];

  /** Starts a supervisor of `children()` whose stops (its own included) `rec.log` records. */
  async function startRecorded(): Promise<Pid> {
    const sup = await Supervisor.start(system, { strategy: 'one_for_one', children: children() });
    rec.track('sup', sup);
    rec.track('inner', await childPid(system, sup, 'inner'));
    rec.clear();
    return sup;
  }

  it('stops its children in reverse start order when it is shut down', async () => {
    const sup = await startRecorded();
    system.exit(sup, 'shutdown');
    expect(await system.exited(sup)).toBe('shutdown');
    expect(rec.log).toEqual(reverseStartOrder);
    expect(rec.reasons.get('inner')).toBe('shutdown');
  });

  it('stops its children in reverse start order on system.shutdown()', async () => {
    await startRecorded();
    await system.shutdown();
    expect(rec.log).toEqual(reverseStartOrder);
  });

  it('takes its children down when it is killed', async () => {
    const sup = await Supervisor.start(system, { strategy: 'one_for_one', children: children() });
    const rows = await Supervisor.whichChildren(system, sup);
    system.exit(sup, 'kill');
    await Promise.all(rows.map((row) => system.exited(row.pid!)));
    expect(rows.filter((row) => system.isAlive(row.pid!))).toEqual([]);
  });
});
