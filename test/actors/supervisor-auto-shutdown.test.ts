/**
 * A supervisor with `autoShutdown` stops by itself once its significant children have ended for
 * good (OTP's auto_shutdown), and only then: not after a crash it restarts, not after a stop it
 * caused itself. Written against the public entry, as an application would use it.
 */
import { describe, expect, it } from 'vitest';
import {
  type AutoShutdown,
  type ChildSpec,
  DynamicSupervisor,
  type Pid,
  Supervisor,
  type SupervisorSpec,
} from '../../actors/index.js';
import { probe } from '../support/probe.js';
import { childPid, rec, system, useSupervisionWorld, worker } from './supervision-fixtures.js';

useSupervisionWorld();

function child(id: string, extra: Omit<Partial<ChildSpec>, 'id' | 'start'> = {}): ChildSpec {
  return { id, start: [worker, { id, rec }], ...extra };
}

async function start(
  autoShutdown: AutoShutdown,
  children: ChildSpec[],
  strategy: SupervisorSpec['strategy'] = 'one_for_one',
): Promise<Pid> {
  const sup = await Supervisor.start(system, { strategy, autoShutdown, children });
  rec.track('sup', sup);
  return sup;
}

/** Lets every EXIT be handled, then says whether `sup` still runs. */
async function stillRuns(sup: Pid): Promise<boolean> {
  await system.idle();
  return system.isAlive(sup);
}

describe("autoShutdown 'any_significant'", () => {
  it("stops the supervisor 'normal' when a transient significant child exits normally, its other children first in reverse start order", async () => {
    const sup = await start('any_significant', [
      child('db'),
      child('job', { restart: 'transient', significant: true }),
      child('log'),
    ]);
    const watcher = probe(system);
    system.monitor(watcher.pid, sup);
    rec.clear();
    system.send(await childPid(system, sup, 'job'), 'stop');
    expect(await watcher.next()).toMatchObject({ type: 'DOWN', pid: sup, reason: 'normal' });
    expect(rec.log).toEqual(['stop:job', 'stop:log', 'stop:db', 'stop:sup']);
  });

  it("counts a transient child's 'shutdown' as normal too", async () => {
    const sup = await start('any_significant', [
      child('job', { restart: 'transient', significant: true }),
    ]);
    system.send(await childPid(system, sup, 'job'), 'stop-shutdown');
    expect(await system.exited(sup)).toBe('normal');
  });

  it('restarts a transient significant child that crashed, and keeps running', async () => {
    const sup = await start('any_significant', [
      child('job', { restart: 'transient', significant: true }),
    ]);
    const restarts: string[] = [];
    system.on('restart', ({ childId }) => restarts.push(childId));
    const old = await childPid(system, sup, 'job');
    system.send(old, 'crash');
    expect(await stillRuns(sup)).toBe(true);
    expect(restarts).toEqual(['job']);
    expect(await childPid(system, sup, 'job')).not.toBe(old);
  });

  it('stops when a temporary significant child ends, whatever its reason', async () => {
    const sup = await start('any_significant', [
      child('job', { restart: 'temporary', significant: true }),
      child('db'),
    ]);
    system.send(await childPid(system, sup, 'job'), 'crash');
    expect(await system.exited(sup)).toBe('normal');
    expect(rec.reasons.get('db')).toBe('shutdown');
  });

  it('ignores children that are not significant', async () => {
    const sup = await start('any_significant', [
      child('job', { restart: 'transient', significant: true }),
      child('helper', { restart: 'transient' }),
    ]);
    system.send(await childPid(system, sup, 'helper'), 'stop');
    expect(await stillRuns(sup)).toBe(true);
    expect((await Supervisor.whichChildren(system, sup)).map((row) => row.id)).toEqual([
      'job',
      'helper',
    ]);
  });

  it('does not stop for a significant child it stopped itself with terminateChild', async () => {
    const sup = await start('any_significant', [
      child('job', { restart: 'transient', significant: true }),
    ]);
    await Supervisor.terminateChild(system, sup, 'job');
    expect(await stillRuns(sup)).toBe(true);
    // Started again, the child is significant as before.
    const pid = await Supervisor.restartChild(system, sup, 'job');
    system.send(pid, 'stop');
    expect(await system.exited(sup)).toBe('normal');
  });

  it('does not stop for a significant sibling that one_for_all took down with a crash', async () => {
    const sup = await start(
      'any_significant',
      [child('job', { restart: 'temporary', significant: true }), child('db')],
      'one_for_all',
    );
    system.send(await childPid(system, sup, 'db'), 'crash');
    expect(await stillRuns(sup)).toBe(true);
    // The temporary sibling is not restarted; the crashed child is.
    expect((await Supervisor.whichChildren(system, sup)).map((row) => row.id)).toEqual(['db']);
  });

  it('takes a significant child added by startChild into account', async () => {
    const sup = await start('any_significant', []);
    const pid = await Supervisor.startChild(
      system,
      sup,
      child('late', { restart: 'temporary', significant: true }),
    );
    system.send(pid, 'stop');
    expect(await system.exited(sup)).toBe('normal');
  });

  it('ends a unit of work nested under a parent supervisor, which does not restart it', async () => {
    const parent = await Supervisor.start(system, {
      strategy: 'one_for_one',
      children: [
        Supervisor.childSpec(
          'unit',
          {
            strategy: 'one_for_one',
            autoShutdown: 'any_significant',
            children: [child('job', { restart: 'transient', significant: true })],
          },
          { restart: 'transient' },
        ),
      ],
    });
    const unit = await childPid(system, parent, 'unit');
    system.send(await childPid(system, unit, 'job'), 'stop');
    expect(await system.exited(unit)).toBe('normal');
    expect(await stillRuns(parent)).toBe(true);
    expect(await Supervisor.whichChildren(system, parent)).toEqual([
      { id: 'unit', pid: undefined, type: 'supervisor', restart: 'transient' },
    ]);
  });
});

describe("autoShutdown 'all_significant'", () => {
  it('stops only when the last running significant child has ended', async () => {
    const sup = await start('all_significant', [
      child('a', { restart: 'transient', significant: true }),
      child('b', { restart: 'temporary', significant: true }),
      child('helper'),
    ]);
    system.send(await childPid(system, sup, 'a'), 'stop');
    expect(await stillRuns(sup)).toBe(true);
    system.send(await childPid(system, sup, 'b'), 'stop');
    expect(await system.exited(sup)).toBe('normal');
    expect(rec.reasons.get('helper')).toBe('shutdown');
  });

  it('does not wait for a significant child that terminateChild stopped', async () => {
    const sup = await start('all_significant', [
      child('a', { restart: 'transient', significant: true }),
      child('b', { restart: 'transient', significant: true }),
    ]);
    await Supervisor.terminateChild(system, sup, 'a');
    system.send(await childPid(system, sup, 'b'), 'stop');
    expect(await system.exited(sup)).toBe('normal');
  });
});

describe('significant children are checked', () => {
  const job = (extra: Omit<Partial<ChildSpec>, 'id' | 'start'>): ChildSpec => child('job', extra);

  it('refuses a significant child under a supervisor that never shuts down by itself', async () => {
    const spec = {
      strategy: 'one_for_one',
      children: [job({ restart: 'transient', significant: true })],
    } as const;
    expect(() => Supervisor.start(system, spec)).toThrow(
      "child spec 'job': significant needs a Supervisor with autoShutdown 'any_significant' or 'all_significant'",
    );
    const sup = await Supervisor.start(system, { strategy: 'one_for_one', children: [] });
    await expect(
      Supervisor.startChild(system, sup, job({ restart: 'temporary', significant: true })),
    ).rejects.toThrow(TypeError);
  });

  it('refuses a permanent significant child: it never ends', () => {
    expect(() =>
      Supervisor.start(system, {
        strategy: 'one_for_one',
        autoShutdown: 'any_significant',
        children: [job({ significant: true })],
      }),
    ).toThrow(/significant child must be 'transient' or 'temporary'/);
  });

  it('refuses a malformed autoShutdown or significant', () => {
    expect(() =>
      Supervisor.start(system, {
        strategy: 'one_for_one',
        autoShutdown: 'any' as AutoShutdown,
        children: [],
      }),
    ).toThrow("autoShutdown must be 'never', 'any_significant' or 'all_significant'");
    expect(() =>
      Supervisor.start(system, {
        strategy: 'one_for_one',
        autoShutdown: 'any_significant',
        children: [job({ restart: 'transient', significant: 'yes' as unknown as boolean })],
      }),
    ).toThrow("child spec 'job': significant must be a boolean");
  });

  it('refuses a significant child of a DynamicSupervisor, which has no automatic shutdown', async () => {
    const sup = await DynamicSupervisor.start(system);
    await expect(
      DynamicSupervisor.startChild(system, sup, {
        start: [worker, { id: 'job' }],
        restart: 'temporary',
        significant: true,
      }),
    ).rejects.toThrow(/significant needs a Supervisor with autoShutdown/);
    expect(await DynamicSupervisor.whichChildren(system, sup)).toEqual([]);
  });
});
