import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Behaviour, Context, From } from '../../actors/behaviour.js';
import { probe } from '../support/probe.js';
import { crashes, system, useFreshSystem } from './fresh-system.js';

type Msg = readonly ['info' | 'cast', unknown];

/** Records every message in state; `'log'` calls return the record. */
function recorder(async: boolean): Behaviour<unknown[], void, 'log', unknown[], unknown, unknown> {
  const hop = async (n: number) => {
    for (let i = 0; i < n; i++) await Promise.resolve();
  };
  return {
    init: () => [],
    handleInfo: async
      ? async (msg, seen) => {
          await hop(seen.length % 3);
          return [...seen, ['info', msg]];
        }
      : (msg, seen) => [...seen, ['info', msg]],
    handleCast: async
      ? async (msg, seen) => {
          await hop((seen.length + 1) % 3);
          return [...seen, ['cast', msg]];
        }
      : (msg, seen) => [...seen, ['cast', msg]],
    handleCall: (_msg, _from, seen) => ({ reply: seen, state: seen }),
  };
}

describe('process', () => {
  useFreshSystem();

  it('handles messages one at a time, in arrival order (a call queues behind casts)', async () => {
    const counter = {
      init: (start: number) => start,
      handleCast: (_msg: 'inc', n: number) => n + 1,
      handleCall: (_msg: 'get', _from: From, n: number) => ({ reply: n, state: n }),
    };
    const pid = system.spawn(counter, 0);
    system.cast(pid, 'inc');
    system.cast(pid, 'inc');
    expect(await system.call(pid, 'get')).toBe(2);
  });

  for (const async of [false, true]) {
    it(`observes exactly the messages sent, in order (${async ? 'async' : 'sync'} callbacks)`, async () => {
      const message = fc.tuple(fc.constantFrom('info' as const, 'cast' as const), fc.anything());
      await fc.assert(
        fc.asyncProperty(fc.array(message, { maxLength: 40 }), async (msgs: Msg[]) => {
          const pid = system.spawn(recorder(async), undefined);
          for (const [kind, value] of msgs) {
            if (kind === 'info') system.send(pid, value);
            else system.cast(pid, value);
          }
          expect(await system.call(pid, 'log')).toEqual(msgs);
          system.exit(pid, 'kill');
        }),
        { numRuns: 60 },
      );
    });
  }

  it('awaits an async callback before it starts the next message', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pid = system.spawn(
      {
        async handleInfo(msg: string, state: null) {
          events.push(`start ${msg}`);
          if (msg === 'a') await gate;
          events.push(`end ${msg}`);
          return state;
        },
      },
      null,
    );
    system.send(pid, 'a');
    system.send(pid, 'b');
    let idle = false;
    void system.idle().then(() => {
      idle = true;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start a']);
    expect(idle).toBe(false);
    release();
    await system.idle();
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs init first; messages sent meanwhile wait for it (async init too)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    const pid = system.spawn(
      {
        async init(arg: string) {
          seen.push(`init ${arg}`);
          await gate;
          seen.push('init done');
          return arg;
        },
        handleInfo(msg: string, state: string) {
          seen.push(`${state}:${msg}`);
          return state;
        },
      },
      'S',
    );
    system.send(pid, 'm1');
    const ready = system.ready(pid);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['init S']);
    release();
    await ready;
    await system.idle();
    expect(seen).toEqual(['init S', 'init done', 'S:m1']);
  });

  it('uses the spawn argument as state when there is no init', async () => {
    const pid = system.spawn(
      { handleCall: (_m: 'get', _f: From, s: { n: number }) => ({ reply: s, state: s }) },
      { n: 7 },
    );
    expect(await system.call(pid, 'get')).toEqual({ n: 7 });
  });

  it('ends with reason { error } holding the thrown value unchanged (sync and async, init included)', async () => {
    const thrown = { not: 'an Error' };
    const sites = {
      init: {
        init: () => {
          throw thrown;
        },
      },
      asyncInit: {
        init: async () => {
          throw thrown;
        },
      },
      handleInfo: {
        handleInfo: () => {
          throw thrown;
        },
      },
      handleCast: {
        handleCast: async () => {
          throw thrown;
        },
      },
    };
    for (const [site, behaviour] of Object.entries(sites)) {
      const pid = system.spawn(behaviour as Behaviour<null, null>, null);
      system.send(pid, 'x');
      system.cast(pid, 'x');
      const reason = await system.exited(pid);
      expect(reason, site).toEqual({ error: thrown });
      expect((reason as { error: unknown }).error, site).toBe(thrown);
    }
  });

  it('runs terminate with the reason and the last state after a callback throws', async () => {
    const boom = new Error('boom');
    const watcher = probe(system);
    const pid = system.spawn(
      {
        init: () => 'S0',
        handleCast: (msg: string, state: string) => {
          if (msg === 'crash') throw boom;
          return `${state}+${msg}`;
        },
        terminate: (reason: unknown, state: string, ctx: Context) =>
          ctx.system.send(watcher.pid, { reason, state }),
      },
      null,
    );
    const exited = system.exited(pid);
    system.cast(pid, 'a');
    system.cast(pid, 'crash');
    expect(await watcher.next()).toEqual({ reason: { error: boom }, state: 'S0+a' });
    expect(await exited).toEqual({ error: boom });
  });

  it('does not run terminate when init throws, and ready() rejects with the reason', async () => {
    let terminated = false;
    const boom = new Error('no init');
    const pid = system.spawn(
      {
        init: () => {
          throw boom;
        },
        terminate: () => {
          terminated = true;
        },
      },
      null,
    );
    await expect(system.ready(pid)).rejects.toMatchObject({
      code: 'ERR_PROCESS_EXITED',
      reason: { error: boom },
    });
    expect(terminated).toBe(false);
  });

  it('stops with ctx.stop(): terminate runs after the callback, then the process exits normally', async () => {
    const calls: string[] = [];
    const pid = system.spawn(
      {
        handleInfo(msg: string, state: null, ctx: Context) {
          calls.push(`info ${msg}`);
          if (msg === 'stop') ctx.stop();
          return state;
        },
        terminate(reason: unknown) {
          calls.push(`terminate ${String(reason)}`);
        },
      },
      null,
    );
    system.send(pid, 'stop');
    system.send(pid, 'after');
    expect(await system.exited(pid)).toBe('normal');
    expect(calls).toEqual(['info stop', 'terminate normal']);
  });

  it('stops at once when ctx.stop() is called outside any callback (from a saved ctx)', async () => {
    const saved: { ctx?: Context } = {};
    const terminated: unknown[] = [];
    const pid = system.spawn(
      {
        init(_: null, ctx: Context) {
          saved.ctx = ctx;
          return 'state';
        },
        terminate: (reason: unknown, state: string) => {
          terminated.push([reason, state]);
        },
      },
      null,
    );
    await system.ready(pid);
    await system.idle();
    const exited = system.exited(pid);
    saved.ctx?.stop('done');
    expect(await exited).toBe('done');
    expect(terminated).toEqual([['done', 'state']]);
  });

  it('aborts ctx.signal, with a ProcessExitedError as its reason, when the process dies', async () => {
    const signals: AbortSignal[] = [];
    const pid = system.spawn(
      {
        handleInfo(_msg: unknown, _state: null, ctx: Context) {
          signals.push(ctx.signal);
          return new Promise<null>(() => {});
        },
      },
      null,
    );
    system.send(pid, 'go');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(signals[0]?.aborted).toBe(false);
    await system.shutdown();
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ code: 'ERR_PROCESS_EXITED', reason: 'shutdown' });
  });

  it('crashes with a helpful TypeError when handleCall returns something that is not a result', async () => {
    const pid = system.spawn({ handleCall: () => undefined as never }, null);
    const err = await system.call(pid, 'x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_PROCESS_EXITED' });
    const reason = await system.exited(pid).catch(() => undefined);
    expect(reason).toBe('noproc');
    expect(crashes[0]?.error).toBeInstanceOf(TypeError);
    expect(String(crashes[0]?.error)).toContain('return { reply, state }');
  });

  it('crashes on a cast it has no handleCast for, but ignores an info it has no handleInfo for', async () => {
    const a = system.spawn(
      { handleCall: (_m: 'ping', _f: From, s: null) => ({ reply: 'pong', state: s }) },
      null,
    );
    system.send(a, 'ignored');
    expect(await system.call(a, 'ping')).toBe('pong');
    system.cast(a, 'no handler');
    expect(await system.exited(a)).toMatchObject({ error: expect.any(TypeError) });
  });

  it('never throws a callback error to the sender', async () => {
    const pid = system.spawn(
      {
        handleInfo: () => {
          throw new Error('inside');
        },
      },
      null,
    );
    expect(() => system.send(pid, 'x')).not.toThrow();
    await system.idle();
    expect(crashes).toHaveLength(1);
  });

  describe('killed while an async callback is still running', () => {
    it('ignores what the callback throws afterwards: no crash event, no second exit', async () => {
      const exits: unknown[] = [];
      system.on('exit', (event) => exits.push(event));
      let fail!: (error: unknown) => void;
      const pid = system.spawn(
        {
          handleInfo: () =>
            new Promise<null>((_resolve, reject) => {
              fail = reject;
            }),
        },
        null,
      );
      system.send(pid, 'go');
      await new Promise<void>((resolve) => setImmediate(resolve));
      system.exit(pid, 'kill');
      fail(new Error('too late'));
      await new Promise<void>((resolve) => setImmediate(resolve));
      await system.idle();
      expect(exits).toEqual([{ pid, reason: 'killed' }]);
      expect(crashes).toEqual([]);
    });

    it('is dead for everyone at once, and what the callback does afterwards does not revive it', async () => {
      const started = probe(system);
      const trapper = probe(system, { trapExit: true });
      const watcher = probe(system);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let signal: AbortSignal | undefined;
      let handled = 0;
      const pid = system.spawn(
        {
          init: () => 0,
          async handleInfo(_msg: unknown, n: number, ctx: Context) {
            handled++;
            signal = ctx.signal;
            ctx.system.send(started.pid, 'started');
            await gate;
            ctx.system.send(ctx.self, 'to myself');
            expect(() => ctx.system.register('worker', ctx.self)).toThrow(
              expect.objectContaining({ code: 'ERR_NO_PROCESS' }),
            );
            return n + 1;
          },
          handleCall: (_m: 'get', _f: From, n: number) => ({ reply: n, state: n }),
        },
        null as never,
        { name: 'worker' },
      );
      system.link(pid, trapper.pid);
      const ref = system.monitor(watcher.pid, pid);
      const timer = system.sendAfter(pid, 'later', 60_000);
      system.send(pid, 'go');
      await started.next();
      const queued = system.call(pid, 'get');

      system.exit(pid, 'kill');

      expect(system.isAlive(pid)).toBe(false);
      expect(system.whereis('worker')).toBeUndefined();
      expect(signal?.aborted).toBe(true);
      expect(system.cancelTimer(timer)).toBe(false);
      await expect(queued).rejects.toMatchObject({ code: 'ERR_PROCESS_EXITED', reason: 'killed' });
      expect(await trapper.next()).toEqual({ type: 'EXIT', from: pid, reason: 'killed' });
      expect(await watcher.next()).toEqual({ type: 'DOWN', ref, pid, reason: 'killed' });
      await system.idle(); // the zombie callback does not count as running

      release();
      await new Promise<void>((resolve) => setImmediate(resolve));
      await system.idle();
      expect(system.isAlive(pid)).toBe(false);
      expect(handled).toBe(1);
      expect(system.whereis('worker')).toBeUndefined();
      expect(await system.exited(pid)).toBe('noproc');
      expect(crashes).toEqual([]);
    });
  });
});
