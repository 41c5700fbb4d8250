import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../actors/behaviour.js';
import { ActorSystem } from '../../actors/system.js';
import { probe } from '../support/probe.js';

const idleProcess = {};

describe('monitors', () => {
  let system: ActorSystem;
  beforeEach(() => {
    system = new ActorSystem();
    system.on('crash', () => {});
  });
  afterEach(() => system.shutdown());

  it('sends DOWN with the ref, pid and reason when the target exits', async () => {
    const watcher = probe(system);
    const target = system.spawn(idleProcess, null);
    const ref = system.monitor(watcher.pid, target);
    system.exit(target, 'shutdown');
    expect(await watcher.next()).toEqual({ type: 'DOWN', ref, pid: target, reason: 'shutdown' });
  });

  it('sends DOWN with the crash reason, and counts as hearing the crash', async () => {
    const crashes: unknown[] = [];
    system.on('crash', (event) => crashes.push(event));
    const watcher = probe(system);
    const boom = new Error('boom');
    const target = system.spawn(
      {
        handleInfo: () => {
          throw boom;
        },
      },
      null,
    );
    const ref = system.monitor(watcher.pid, target);
    system.send(target, 'x');
    expect(await watcher.next()).toEqual({
      type: 'DOWN',
      ref,
      pid: target,
      reason: { error: boom },
    });
    expect(crashes).toEqual([]);
  });

  it("sends DOWN with 'noproc' at once for a dead or unknown target", async () => {
    const watcher = probe(system);
    const dead = system.spawn(idleProcess, null);
    system.exit(dead, 'kill');
    const ref = system.monitor(watcher.pid, dead);
    expect(await watcher.next()).toEqual({ type: 'DOWN', ref, pid: dead, reason: 'noproc' });
    const byName = system.monitor(watcher.pid, 'nobody');
    expect(await watcher.next()).toEqual({
      type: 'DOWN',
      ref: byName,
      pid: 'nobody',
      reason: 'noproc',
    });
  });

  it('monitors a registered name as the process holding it', async () => {
    const watcher = probe(system);
    const target = system.spawn(idleProcess, null, { name: 'db' });
    const ref = system.monitor(watcher.pid, 'db');
    system.exit(target, 'shutdown');
    expect(await watcher.next()).toEqual({ type: 'DOWN', ref, pid: target, reason: 'shutdown' });
  });

  it('gives each monitor its own ref and DOWN', async () => {
    const watcher = probe(system);
    const target = system.spawn(idleProcess, null);
    const first = system.monitor(watcher.pid, target);
    const second = system.monitor(watcher.pid, target);
    expect(first).not.toBe(second);
    system.exit(target, 'shutdown');
    const downs = [await watcher.next(), await watcher.next()];
    expect(downs.map((d) => (d as { ref: string }).ref).sort()).toEqual([first, second].sort());
  });

  it('sends nothing after demonitor', async () => {
    const watcher = probe(system);
    const target = system.spawn(idleProcess, null);
    const ref = system.monitor(watcher.pid, target);
    system.demonitor(ref);
    system.exit(target, 'shutdown');
    system.send(watcher.pid, 'marker');
    expect(await watcher.next()).toBe('marker');
  });

  it('drops the monitors a process holds when it exits', async () => {
    const outsider = probe(system);
    const target = system.spawn(idleProcess, null);
    const watcher = system.spawn(
      {
        init(_: null, ctx: Context) {
          ctx.system.monitor(ctx.self, target);
          return null;
        },
      },
      null,
    );
    await system.ready(watcher);
    system.exit(watcher, 'kill');
    const ref = system.monitor(outsider.pid, target);
    system.exit(target, 'shutdown');
    // Only the outsider's monitor is left; the dead watcher's was dropped with it.
    expect(await outsider.next()).toMatchObject({ type: 'DOWN', ref });
  });

  it('delivers DOWN to a process that monitors itself through ctx', async () => {
    const watcher = probe(system);
    const target = system.spawn(idleProcess, null);
    const observer = system.spawn(
      {
        init(_: null, ctx: Context) {
          ctx.system.monitor(ctx.self, target);
          return null;
        },
        handleInfo(msg: unknown, state: null, ctx: Context) {
          ctx.system.send(watcher.pid, msg);
          return state;
        },
      },
      null,
    );
    await system.ready(observer);
    system.exit(target, 'bye');
    expect(await watcher.next()).toMatchObject({ type: 'DOWN', pid: target, reason: 'bye' });
  });
});
