/**
 * A property test of the bad-input standard: whatever one socket sends after a successful join,
 * the server stays up, another view keeps its state, nothing escapes as an uncaught exception,
 * no view crashes but on purpose (malformed input gets an error reply), and the socket either
 * closes with a documented code or answers every ref exactly once.
 *
 * Frames are generated symbolically (`'view'` for the joined topic, `'join'` for its join ref,
 * a `{ join: 'view' }` payload for a valid rejoin) and resolved against the live server of each
 * run, so a failing sequence prints readably and shrinks without depending on generated ids.
 * Each run gets its own server: a broken server must not make the shrunk runs fail for it.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LiveClient } from '../support/live-client.js';
import { steps } from './fuzz-arbitraries.js';
import { DELIBERATE_CRASH, repliesTo, send, settle, start } from './fuzz-run.js';
import type { Step } from './fuzz-step.js';

/** The close codes the transport documents for bad input (connection.ts, server options). */
const DOCUMENTED_CLOSE_CODES = [1003, 1007, 1008, 1009, 1011, 1013];

/** What escaped as an uncaught exception or rejection while the property ran. */
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

/** One run: the steps against a fresh server, then the bad-input standard checked. */
async function check(sequence: readonly Step[]): Promise<void> {
  uncaught.length = 0;
  const run = await start();
  try {
    const { refs, rawRefs } = send(run, sequence);
    const outcome = await settle(run, refs);
    const { client } = run.view;
    if ('closed' in outcome) {
      expect(DOCUMENTED_CLOSE_CODES).toContain(outcome.closed);
    } else {
      for (const ref of refs) {
        const replies = repliesTo(client, ref);
        expect(replies, `replies to ref ${JSON.stringify(ref)}`).toHaveLength(1);
      }
      const sent = new Set(refs);
      // Fuzzed refs all end in `#index`; the join and the heartbeats have numeric refs.
      const stray = client.received.filter(
        (f) =>
          f[3] === 'phx_reply' &&
          !sent.has(String(f[1])) &&
          !rawRefs.has(f[1]) &&
          !/^\d+$/.test(String(f[1])),
      );
      expect(stray).toEqual([]);
    }
    // The server is up: a new connection gets its heartbeat answered.
    const fresh = await LiveClient.connect(run.server.url);
    expect(await fresh.heartbeat()).toEqual({ status: 'ok', response: {} });
    // The witness lost nothing: its state, its clicks, and no push it did not ask for.
    expect(await run.witness.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': '12' } },
    });
    expect(run.witness.client.received.filter((f) => f[3] !== 'phx_reply')).toEqual([]);
    // Malformed but well-typed input is an error reply: a view only crashed when it meant to.
    const accidental = run.crashes
      .map((error) => (error instanceof Error ? error.message : String(error)))
      .filter((message) => !DELIBERATE_CRASH.test(message));
    expect(accidental, JSON.stringify(accidental)).toEqual([]);
    expect(uncaught).toEqual([]);
  } finally {
    run.view.client.ws.terminate();
    run.witness.client.ws.terminate();
    await run.server.live.close();
  }
}

describe('fuzzed frames on a joined socket', () => {
  it('never take the server or another view down, and get one reply per ref or a documented close', async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    onTestFinished(() => {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    });
    // A few ms a run; FUZZ_RUNS=5000 for a deeper hunt.
    await fc.assert(fc.asyncProperty(steps, check), {
      numRuns: Number(process.env.FUZZ_RUNS ?? 80),
    });
    expect(uncaught).toEqual([]);
  }, 60_000);
});
