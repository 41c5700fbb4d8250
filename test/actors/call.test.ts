import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context, From } from '../../actors/behaviour.js';
import { CallTimeoutError, NoProcessError, ProcessExitedError } from '../../actors/errors.js';
import type { CrashEvent } from '../../actors/events.js';
import { ActorSystem } from '../../actors/system.js';
import { ManualClock } from '../support/manual-clock.js';

/** Lets every pending promise reaction run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function outcome(promise: Promise<unknown>): {
  state: 'pending' | 'fulfilled' | 'rejected';
  value?: unknown;
} {
  const seen: { state: 'pending' | 'fulfilled' | 'rejected'; value?: unknown } = {
    state: 'pending',
  };
  promise.then(
    (value) => Object.assign(seen, { state: 'fulfilled', value }),
    (value: unknown) => Object.assign(seen, { state: 'rejected', value }),
  );
  return seen;
}

/** Keeps each call's From and answers only when told to ('release' cast). */
const deferring = {
  init: () => [] as From[],
  handleCall: (_msg: unknown, from: From, waiting: From[]) => ({
    noreply: true as const,
    state: [...waiting, from],
  }),
  handleCast: (msg: { reply: unknown }, waiting: From[], ctx: Context) => {
    for (const from of waiting) ctx.reply(from, msg.reply);
    return [];
  },
};

describe('call', () => {
  let clock: ManualClock;
  let system: ActorSystem;
  const crashes: CrashEvent[] = [];
  beforeEach(() => {
    clock = new ManualClock();
    system = new ActorSystem({ clock });
    crashes.length = 0;
    system.on('crash', (event) => crashes.push(event));
  });
  afterEach(() => system.shutdown());

  it('times out after 5000 ms of the injected clock by default', async () => {
    const pid = system.spawn(deferring, undefined);
    const call = outcome(system.call(pid, 'q'));
    await system.idle();
    clock.advance(4_999);
    await flush();
    expect(call.state).toBe('pending');
    clock.advance(1);
    await flush();
    expect(call.state).toBe('rejected');
    expect(call.value).toBeInstanceOf(CallTimeoutError);
    expect(call.value).toMatchObject({ code: 'ERR_CALL_TIMEOUT', pid, timeout: 5_000 });
  });

  it('honours { timeout } and drops a reply that comes after it', async () => {
    const pid = system.spawn(deferring, undefined);
    const call = system.call(pid, 'q', { timeout: 100 });
    await system.idle();
    clock.advance(100);
    await expect(call).rejects.toMatchObject({ code: 'ERR_CALL_TIMEOUT', timeout: 100 });
    system.cast(pid, { reply: 'late' });
    await system.idle();
    expect(system.isAlive(pid)).toBe(true);
    expect(crashes).toEqual([]);
  });

  it('answers later with { noreply: true } and ctx.reply', async () => {
    const pid = system.spawn(deferring, undefined);
    const first = system.call(pid, 'a');
    const second = system.call(pid, 'b');
    await system.idle();
    system.cast(pid, { reply: 42 });
    expect(await Promise.all([first, second])).toEqual([42, 42]);
  });

  it('rejects ProcessExitedError with reason noproc when the target is dead', async () => {
    const pid = system.spawn({}, null);
    system.exit(pid, 'kill');
    const err = await system.call(pid, 'q').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessExitedError);
    expect(err).toMatchObject({ code: 'ERR_PROCESS_EXITED', pid, reason: 'noproc' });
  });

  it('rejects NoProcessError for a name nobody holds', async () => {
    const err = await system.call('nobody', 'q').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoProcessError);
    expect(err).toMatchObject({ code: 'ERR_NO_PROCESS', pid: 'nobody' });
  });

  it('rejects with the reason when the target dies while the call is queued', async () => {
    let fail!: (error: unknown) => void;
    const boom = new Error('while busy');
    const pid = system.spawn(
      {
        handleInfo: () =>
          new Promise<null>((_resolve, reject) => {
            fail = reject;
          }),
        handleCall: (_m: unknown, _f: From, s: null) => ({ reply: 'never', state: s }),
      },
      null,
    );
    system.send(pid, 'block');
    await flush();
    const call = system.call(pid, 'q');
    await flush();
    fail(boom);
    await expect(call).rejects.toMatchObject({
      code: 'ERR_PROCESS_EXITED',
      reason: { error: boom },
    });
  });

  it('rejects with the reason when the target dies while handling it (sync and async)', async () => {
    const boom = new Error('in handleCall');
    for (const handleCall of [
      () => {
        throw boom;
      },
      async () => {
        throw boom;
      },
    ]) {
      const pid = system.spawn({ handleCall }, null);
      const err = await system.call(pid, 'q').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProcessExitedError);
      expect(err).toMatchObject({ pid, reason: { error: boom } });
    }
  });

  it('rejects a deferred call when the target dies before replying', async () => {
    const pid = system.spawn(deferring, undefined);
    const call = system.call(pid, 'q');
    await system.idle();
    system.exit(pid, 'shutdown');
    await expect(call).rejects.toMatchObject({ code: 'ERR_PROCESS_EXITED', reason: 'shutdown' });
  });

  it('rejects a call that is still queued when the system shuts down', async () => {
    let release!: () => void;
    const pid = system.spawn(
      {
        handleInfo: (_m: unknown, s: null) =>
          new Promise<null>((resolve) => {
            release = () => resolve(s);
          }),
        handleCall: (_m: unknown, _f: From, s: null) => ({ reply: 'ok', state: s }),
      },
      null,
    );
    system.send(pid, 'block');
    await flush();
    const call = system.call(pid, 'q');
    await system.shutdown();
    await expect(call).rejects.toMatchObject({ code: 'ERR_PROCESS_EXITED', reason: 'shutdown' });
    release();
  });

  it('allows timeout: Infinity (no timer at all)', async () => {
    const pid = system.spawn(deferring, undefined);
    const call = system.call(pid, 'q', { timeout: Number.POSITIVE_INFINITY });
    await system.idle();
    expect(clock.pending).toBe(0);
    system.cast(pid, { reply: 'eventually' });
    expect(await call).toBe('eventually');
  });
});
