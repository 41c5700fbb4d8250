import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../actors/behaviour.js';
import { ActorSystem } from '../../actors/system.js';
import { ManualClock } from '../support/manual-clock.js';
import { probe } from '../support/probe.js';

describe('timers', () => {
  let clock: ManualClock;
  let system: ActorSystem;
  beforeEach(() => {
    clock = new ManualClock();
    system = new ActorSystem({ clock });
  });
  afterEach(() => system.shutdown());

  it('delivers sendAfter on the injected clock, in due order', async () => {
    const target = probe(system);
    system.sendAfter(target.pid, 'second', 200);
    system.sendAfter(target.pid, 'first', 100);
    clock.advance(99);
    system.send(target.pid, 'marker');
    expect(await target.next()).toBe('marker');
    clock.advance(101);
    expect(await target.next()).toBe('first');
    expect(await target.next()).toBe('second');
  });

  it('cancelTimer stops a pending timer and returns true, false once fired or cancelled', async () => {
    const target = probe(system);
    const cancelled = system.sendAfter(target.pid, 'never', 100);
    const fired = system.sendAfter(target.pid, 'fired', 50);
    clock.advance(50);
    expect(system.cancelTimer(cancelled)).toBe(true);
    expect(system.cancelTimer(cancelled)).toBe(false);
    expect(system.cancelTimer(fired)).toBe(false);
    clock.advance(1_000);
    expect(await target.next()).toBe('fired');
    system.send(target.pid, 'marker');
    expect(await target.next()).toBe('marker');
  });

  it('cancels the timers of a process that exits', async () => {
    const pid = system.spawn({}, null);
    system.sendAfter(pid, 'tick', 100);
    system.sendAfter(pid, 'tock', 200);
    expect(clock.pending).toBe(2);
    system.exit(pid, 'kill');
    expect(clock.pending).toBe(0);
  });

  it('looks a name up when the timer fires', async () => {
    system.sendAfter('later', 'hello', 100);
    const target = probe(system, { name: 'later' });
    clock.advance(100);
    expect(await target.next()).toBe('hello');
  });

  it('cancels timers aimed at names on shutdown', async () => {
    system.sendAfter('someone', 'x', 100);
    expect(clock.pending).toBe(1);
    await system.shutdown();
    expect(clock.pending).toBe(0);
    system.sendAfter('someone', 'y', 100);
    expect(clock.pending).toBe(0);
  });

  it('returns an inert timer for a dead pid', () => {
    const pid = system.spawn({}, null);
    system.exit(pid, 'kill');
    const ref = system.sendAfter(pid, 'x', 10);
    expect(clock.pending).toBe(0);
    expect(system.cancelTimer(ref)).toBe(false);
  });

  it('lets a process tick itself from its callbacks', async () => {
    const report = probe(system);
    const pid = system.spawn(
      {
        init(_: null, ctx: Context) {
          ctx.system.sendAfter(ctx.self, 'tick', 1_000);
          return 0;
        },
        handleInfo(_msg: 'tick', n: number, ctx: Context) {
          ctx.system.send(report.pid, n + 1);
          ctx.system.sendAfter(ctx.self, 'tick', 1_000);
          return n + 1;
        },
      },
      null,
    );
    await system.ready(pid);
    clock.advance(1_000);
    expect(await report.next()).toBe(1);
    await system.idle();
    clock.advance(1_000);
    expect(await report.next()).toBe(2);
  });

  it('rejects a negative delay', () => {
    const pid = system.spawn({}, null);
    expect(() => system.sendAfter(pid, 'x', -1)).toThrow(RangeError);
  });
});
