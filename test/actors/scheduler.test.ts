import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../actors/behaviour.js';
import type { Pid } from '../../actors/pid.js';
import { ActorSystem } from '../../actors/system.js';

/** Bounces a counter back and forth with `peer` for ever. */
const bouncer = {
  init: (peer: { pid?: Pid }) => peer,
  handleInfo(n: number, peer: { pid?: Pid }, ctx: Context) {
    if (peer.pid !== undefined) ctx.system.send(peer.pid, n + 1);
    return peer;
  },
};

describe('scheduler', () => {
  let system: ActorSystem;
  beforeEach(() => {
    system = new ActorSystem();
  });
  afterEach(() => system.shutdown());

  for (const maxBatch of [undefined, 1, 7]) {
    it(`lets setImmediate and I/O run while two processes ping-pong for ever (maxBatch ${maxBatch ?? 'default'})`, async () => {
      if (maxBatch !== undefined) system = new ActorSystem({ maxBatch });
      let exchanged = 0;
      system.on('exit', () => {});
      const peerOfA: { pid?: Pid } = {};
      const peerOfB: { pid?: Pid } = {};
      const counting = {
        ...bouncer,
        handleInfo(n: number, peer: { pid?: Pid }, ctx: Context) {
          exchanged = n;
          return bouncer.handleInfo(n, peer, ctx);
        },
      };
      const a = system.spawn(counting, peerOfA);
      const b = system.spawn(counting, peerOfB);
      peerOfA.pid = b;
      peerOfB.pid = a;
      system.send(a, 0);

      // Neither would run if the ping-pong starved the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await readFile(fileURLToPath(import.meta.url));
      const sofar = exchanged;
      expect(sofar).toBeGreaterThan(0);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(exchanged).toBeGreaterThan(sofar); // and the ping-pong is still going

      system.exit(a, 'kill');
      system.exit(b, 'kill');
      await system.idle();
      const stopped = exchanged;
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(exchanged).toBe(stopped);
    });
  }

  it('idle() resolves at once when nothing is queued or running', async () => {
    await expect(system.idle()).resolves.toBeUndefined();
  });

  it('idle() waits for messages sent from inside callbacks, however many hops', async () => {
    const seen: number[] = [];
    const relay = system.spawn(
      {
        handleInfo(n: number, state: null, ctx: Context) {
          seen.push(n);
          if (n < 1_000) ctx.system.send(ctx.self, n + 1);
          return state;
        },
      },
      null,
    );
    system.send(relay, 1);
    await system.idle();
    expect(seen).toHaveLength(1_000);
  });

  it('idle() waits for async callbacks, including a chain of them', async () => {
    let done = 0;
    const pid = system.spawn(
      {
        async handleInfo(n: number, state: null, ctx: Context) {
          await Promise.resolve();
          done++;
          if (n > 0) ctx.system.send(ctx.self, n - 1);
          return state;
        },
      },
      null,
    );
    system.send(pid, 20);
    await system.idle();
    expect(done).toBe(21);
  });

  it('interleaves busy processes fairly: a long mailbox does not hold up another process', async () => {
    const order: string[] = [];
    const note = (tag: string) => ({
      handleInfo(n: number, state: null) {
        order.push(`${tag}${n}`);
        return state;
      },
    });
    const a = system.spawn(note('a'), null);
    const b = system.spawn(note('b'), null);
    for (let i = 0; i < 1_000; i++) system.send(a, i);
    system.send(b, 0);
    await system.idle();
    expect(order.indexOf('b0')).toBeLessThan(order.indexOf('a999'));
  });

  it('rejects a maxBatch below 1', () => {
    expect(() => new ActorSystem({ maxBatch: 0 })).toThrow(RangeError);
  });
});
