import { describe, expect, it } from 'vitest';
import type { Context } from '../../actors/behaviour.js';
import type { ExitReason } from '../../actors/exit-reason.js';
import type { Pid } from '../../actors/pid.js';
import { probe } from '../support/probe.js';
import { crashes, system, useFreshSystem } from './fresh-system.js';

/** A process that crashes on 'crash', stops itself on 'stop', and reports terminate to `report`. */
function worker(report?: Pid) {
  return {
    handleInfo(msg: unknown, state: null, ctx: Context) {
      if (msg === 'crash') throw new Error('crash');
      if (msg === 'stop') ctx.stop();
      if (report !== undefined) ctx.system.send(report, { got: msg });
      return state;
    },
    terminate(reason: ExitReason, _state: null, ctx: Context) {
      if (report !== undefined) ctx.system.send(report, { terminate: reason });
    },
  };
}

describe('links', () => {
  useFreshSystem();

  it('sends a trapping process an EXIT with the crash reason', async () => {
    const trapper = probe(system, { trapExit: true });
    const pid = system.spawn(worker(), null);
    system.link(pid, trapper.pid);
    system.send(pid, 'crash');
    const exit = await trapper.next<{ type: string; from: Pid; reason: { error: Error } }>();
    expect(exit).toMatchObject({ type: 'EXIT', from: pid });
    expect(exit.reason.error.message).toBe('crash');
    expect(system.isAlive(trapper.pid)).toBe(true);
    expect(crashes).toEqual([]); // the link heard it
  });

  it('takes a non-trapping linked process down with the same reason, without its terminate', async () => {
    const report = probe(system);
    const crasher = system.spawn(worker(), null);
    const partner = system.spawn(worker(report.pid), null);
    system.link(crasher, partner);
    const crasherExit = system.exited(crasher);
    const partnerExit = system.exited(partner);
    system.send(crasher, 'crash');
    const reason = await partnerExit;
    expect(reason).toMatchObject({ error: { message: 'crash' } });
    expect(reason).toBe(await crasherExit);
    system.send(report.pid, 'end');
    expect(await report.next()).toBe('end'); // partner sent no { terminate }
  });

  it('leaves a non-trapping linked process alone when the reason is normal', async () => {
    const trapper = probe(system, { trapExit: true });
    const a = system.spawn(worker(), null);
    const b = system.spawn(worker(), null);
    system.link(a, b);
    system.link(a, trapper.pid);
    system.send(a, 'stop');
    expect(await trapper.next()).toEqual({ type: 'EXIT', from: a, reason: 'normal' });
    expect(system.isAlive(b)).toBe(true);
  });

  it("cannot trap 'kill': the process dies with 'killed' and its links get 'killed'", async () => {
    const report = probe(system);
    const watcher = probe(system, { trapExit: true });
    const pid = system.spawn(worker(report.pid), null, { trapExit: true });
    const bystander = system.spawn(worker(), null);
    system.link(pid, watcher.pid);
    system.link(pid, bystander);
    system.exit(pid, 'kill');
    expect(system.isAlive(pid)).toBe(false);
    expect(system.isAlive(bystander)).toBe(false);
    expect(await watcher.next()).toEqual({ type: 'EXIT', from: pid, reason: 'killed' });
    system.send(report.pid, 'end');
    expect(await report.next()).toBe('end'); // no terminate ran
  });

  it("ignores exit(pid, 'normal') from outside unless the process traps exits", async () => {
    const report = probe(system);
    const plain = system.spawn(worker(), null);
    const trapping = system.spawn(worker(report.pid), null, { trapExit: true });
    system.exit(plain, 'normal');
    system.exit(trapping, 'normal');
    expect(await system.exited(trapping)).toBe('normal');
    expect(await report.next()).toEqual({ terminate: 'normal' });
    expect(system.isAlive(plain)).toBe(true);
  });

  it('kills a non-trapping process at once on exit(pid, reason), without terminate', async () => {
    const report = probe(system);
    const pid = system.spawn(worker(report.pid), null);
    system.exit(pid, 'shutdown');
    expect(system.isAlive(pid)).toBe(false);
    system.send(report.pid, 'end');
    expect(await report.next()).toBe('end');
  });

  it('makes a trapping child run terminate when its parent exits, but delivers EXIT of other links', async () => {
    const report = probe(system);
    const parent = system.spawn(worker(), null);
    const sibling = system.spawn(worker(), null);
    const child = system.spawn(worker(report.pid), null, { link: parent, trapExit: true });
    system.link(child, sibling);
    system.exit(sibling, 'oops');
    expect(await report.next()).toEqual({ got: { type: 'EXIT', from: sibling, reason: 'oops' } });
    system.exit(parent, 'going away');
    expect(await report.next()).toEqual({ terminate: 'going away' });
    expect(system.isAlive(child)).toBe(false);
  });

  it("gives the linker an exit signal 'noproc' when it links to a dead pid", async () => {
    const trapper = probe(system, { trapExit: true });
    const dead = system.spawn(worker(), null);
    system.exit(dead, 'kill');
    system.link(trapper.pid, dead);
    expect(await trapper.next()).toEqual({ type: 'EXIT', from: dead, reason: 'noproc' });

    const plain = system.spawn(worker(), null);
    system.link(plain, dead);
    expect(system.isAlive(plain)).toBe(false);
  });

  it("kills a process spawned linked to a dead parent with 'noproc' before its init", async () => {
    const dead = system.spawn(worker(), null);
    system.exit(dead, 'kill');
    let initRan = false;
    const child = system.spawn(
      {
        init: () => {
          initRan = true;
          return null;
        },
      },
      null,
      { link: dead },
    );
    await expect(system.ready(child)).rejects.toMatchObject({ code: 'ERR_PROCESS_EXITED' });
    expect(initRan).toBe(false);
  });

  it('sends no signal after unlink', async () => {
    const a = system.spawn(worker(), null);
    const b = system.spawn(worker(), null);
    system.link(a, b);
    system.unlink(b, a);
    system.exit(a, 'shutdown');
    expect(system.isAlive(b)).toBe(true);
  });

  it('links a child from ctx.spawnLink, with the caller as its parent', async () => {
    const report = probe(system);
    const child: { pid?: Pid } = {};
    const parent = system.spawn(
      {
        init(_arg: null, ctx: Context) {
          child.pid = ctx.spawnLink(worker(report.pid), null, { trapExit: true });
          return null;
        },
      },
      null,
    );
    await system.ready(parent);
    system.exit(parent, 'shutdown');
    expect(await report.next()).toEqual({ terminate: 'shutdown' });
  });

  it('signals a chain of 10,000 linked processes without overflowing the stack', async () => {
    const pids: Pid[] = [];
    for (let i = 0; i < 10_000; i++) pids.push(system.spawn({}, null));
    for (let i = 1; i < pids.length; i++) system.link(pids[i - 1]!, pids[i]!);
    const last = system.exited(pids.at(-1)!);
    system.exit(pids[0]!, 'kill');
    expect(system.isAlive(pids.at(-1)!)).toBe(false);
    expect(await last).toBe('killed');
  });

  it('reports a crash nobody is linked to as a crash event, with the callback that threw', async () => {
    const pid = system.spawn(worker(), null);
    system.send(pid, 'crash');
    await system.idle();
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ pid, during: 'handleInfo', error: { message: 'crash' } });
  });

  it('reports a throwing terminate even when links heard the exit', async () => {
    const trapper = probe(system, { trapExit: true });
    const bad = new Error('terminate failed');
    const pid = system.spawn(
      {
        terminate: () => {
          throw bad;
        },
      },
      null,
      { trapExit: true },
    );
    system.link(pid, trapper.pid);
    system.exit(pid, 'shutdown');
    expect(await trapper.next()).toEqual({ type: 'EXIT', from: pid, reason: { error: bad } });
    expect(crashes).toEqual([{ pid, error: bad, during: 'terminate' }]);
  });
});
