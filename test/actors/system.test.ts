import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Context } from '../../actors/behaviour.js';
import { SystemStoppedError } from '../../actors/errors.js';
import type { ExitEvent, SpawnEvent } from '../../actors/events.js';
import type { ExitReason } from '../../actors/exit-reason.js';
import { createStderrLogger } from '../../actors/logger.js';
import { ActorSystem } from '../../actors/system.js';
import { ManualClock } from '../support/manual-clock.js';
import { probe } from '../support/probe.js';

/** Traps exits and records `terminate <tag> <reason>` into `log`, after `hops` microtasks. */
function recordsTerminate(log: string[], tag: string, hops = 0) {
  return {
    init(_: null, ctx: Context) {
      ctx.trapExit(true);
      return null;
    },
    async terminate(reason: ExitReason) {
      for (let i = 0; i < hops; i++) await Promise.resolve();
      log.push(`terminate ${tag} ${String(reason)}`);
    },
  };
}

describe('ActorSystem', () => {
  let system: ActorSystem;
  beforeEach(() => {
    system = new ActorSystem();
  });
  afterEach(() => system.shutdown());

  it("mints pids '<system id>.<thread id>.<base-36 counter>'", () => {
    const a = system.spawn({}, null);
    const b = system.spawn({}, null);
    expect(a).toMatch(new RegExp(`^${system.id}\\.\\d+\\.[0-9a-z]+$`));
    expect(Number.parseInt(b.split('.')[2]!, 36)).toBe(Number.parseInt(a.split('.')[2]!, 36) + 1);
    expect(new ActorSystem().id).not.toBe(system.id);
  });

  it('throws a TypeError at once for a behaviour that is not an object of callbacks', () => {
    expect(() => system.spawn(null as never, null)).toThrow(TypeError);
    expect(() => system.spawn({ init: 42 } as never, null)).toThrow(/behaviour\.init/);
  });

  it('ready() resolves after init; exited() resolves with the reason, or noproc', async () => {
    const pid = system.spawn({ init: async () => 'ok' }, null);
    await system.ready(pid);
    expect(system.isAlive(pid)).toBe(true);
    const exited = system.exited(pid);
    system.exit(pid, 'shutdown');
    expect(await exited).toBe('shutdown');
    expect(await system.exited(pid)).toBe('noproc');
    await expect(system.ready(pid)).rejects.toMatchObject({
      code: 'ERR_PROCESS_EXITED',
      reason: 'noproc',
    });
  });

  it("emits 'spawn', and 'exit' after links and monitors were signalled", async () => {
    const spawns: SpawnEvent[] = [];
    const exits: (ExitEvent & { partnerAlive: boolean; downQueued: number })[] = [];
    const watcher = probe(system);
    system.on('spawn', (event) => spawns.push(event));
    const a = system.spawn({}, null, { name: 'a' });
    const b = system.spawn({}, null);
    system.link(a, b);
    system.monitor(watcher.pid, a);
    system.on('exit', (event) => {
      if (event.pid === a) {
        exits.push({
          ...event,
          partnerAlive: system.isAlive(b),
          downQueued: watcher.pending.length,
        });
      }
    });
    system.exit(a, 'boom');
    expect(spawns).toEqual([
      { pid: a, name: 'a' },
      { pid: b, name: undefined },
    ]);
    expect(exits).toEqual([{ pid: a, reason: 'boom', partnerAlive: false, downQueued: 0 }]);
    expect(await watcher.next()).toMatchObject({ type: 'DOWN', pid: a });
  });

  it("logs an unheard crash through its logger (stderr by default), with no 'crash' listener", async () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ json: true, write: (line) => lines.push(line) });
    const logged = new ActorSystem({ logger });
    onTestFinished(() => logged.shutdown());
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    onTestFinished(() => warn.mockRestore());
    const pid = logged.spawn(
      {
        handleInfo: () => {
          throw new Error('nobody listens');
        },
      },
      null,
    );
    logged.send(pid, 'x');
    await logged.exited(pid);
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: 50, pid, during: 'handleInfo', err: { message: 'nobody listens' } },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('keeps signalling and running when an event listener throws', async () => {
    const thrown: unknown[] = [];
    const onUncaught = (error: unknown) => thrown.push(error);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      system.on('exit', () => {
        throw new Error('listener bug');
      });
      const a = system.spawn({}, null);
      const b = system.spawn({}, null);
      system.link(a, b);
      expect(() => system.exit(a, 'shutdown')).not.toThrow();
      expect(system.isAlive(b)).toBe(false);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(thrown).toHaveLength(2);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
  });

  describe('shutdown', () => {
    it('stops the last started first, awaits async terminates, then emits shutdown', async () => {
      const log: string[] = [];
      system.spawn(recordsTerminate(log, 'first', 3), null);
      system.spawn(recordsTerminate(log, 'second', 1), null);
      const plain = system.spawn({}, null);
      system.spawn(recordsTerminate(log, 'third', 2), null);
      system.on('shutdown', () => log.push('shutdown event'));
      await system.idle();
      await system.shutdown();
      expect(log).toEqual([
        'terminate third shutdown',
        'terminate second shutdown',
        'terminate first shutdown',
        'shutdown event',
      ]);
      expect(system.isAlive(plain)).toBe(false);
    });

    it('leaves a process with a live parent to that parent', async () => {
      const log: string[] = [];
      const parent = system.spawn(
        {
          init(_: null, ctx: Context) {
            ctx.trapExit(true);
            ctx.spawnLink(recordsTerminate(log, 'child'), null);
            return null;
          },
          terminate: () => {
            log.push('terminate parent');
          },
        },
        null,
      );
      await system.ready(parent);
      await system.idle();
      await system.shutdown();
      expect(log).toEqual(['terminate parent', 'terminate child shutdown']);
    });

    it('kills a process busy in an async callback, and resolves', async () => {
      const pid = system.spawn({ handleInfo: () => new Promise<never>(() => {}) }, null);
      system.send(pid, 'hang');
      await new Promise<void>((resolve) => setImmediate(resolve));
      await system.shutdown();
      expect(system.isAlive(pid)).toBe(false);
    });

    it('kills a process whose terminate never settles once its timeout has passed', async () => {
      // afterEach shuts down `system`; this test needs one on a ManualClock.
      await system.shutdown();
      const clock = new ManualClock();
      system = new ActorSystem({ clock });
      let terminating!: () => void;
      const terminateStarted = new Promise<void>((resolve) => {
        terminating = resolve;
      });
      const pid = system.spawn(
        {
          init(_: null, ctx: Context) {
            ctx.trapExit(true);
            return null;
          },
          terminate() {
            terminating();
            return new Promise<never>(() => {});
          },
        },
        null,
      );
      await system.ready(pid);
      const exits: ExitEvent[] = [];
      system.on('exit', (event) => exits.push(event));
      const exited = system.exited(pid);
      const done = system.shutdown({ timeout: 100 });
      await terminateStarted;
      clock.advance(99);
      expect(system.isAlive(pid)).toBe(true);
      clock.advance(1);
      await done;
      expect(await exited).toBe('killed');
      expect(exits).toEqual([{ pid, reason: 'killed' }]);
      expect(clock.pending).toBe(0);
    });

    it('rejects a negative shutdown timeout with a RangeError', () => {
      expect(() => system.shutdown({ timeout: -1 })).toThrow(RangeError);
    });

    it('is idempotent, and spawn throws SystemStoppedError afterwards', async () => {
      const first = system.shutdown();
      expect(system.shutdown()).toBe(first);
      await first;
      expect(() => system.spawn({}, null)).toThrow(SystemStoppedError);
      expect(() => system.spawn({}, null)).toThrow(
        expect.objectContaining({ code: 'ERR_SYSTEM_STOPPED' }),
      );
    });
  });
});
