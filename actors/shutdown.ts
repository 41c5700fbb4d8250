/**
 * How a system stops its processes on `shutdown()`.
 *
 * Each process gets the 'shutdown' exit signal as from its parent, the last started first, as a
 * process may depend on those started before it. A process that does not trap exits dies
 * at once; one that traps runs `terminate('shutdown')`, and shutdown awaits it before moving on.
 * A process whose parent is alive is skipped: the parent stops it (a supervisor does, in its
 * terminate, in its own order), and if the parent leaves it behind, the next round catches it.
 *
 * Two things could make this hang, and neither may: a terminate (or any callback the process is
 * stuck in) that never settles, and processes spawned during shutdown, by a terminate, say. So
 * each process has `timeout` ms after its signal to be gone before it is killed, and the signals
 * go out in rounds until the table is empty; after three rounds, stragglers are killed outright.
 */
import type { Clock } from './clock.js';
import type { ExitReason } from './exit-reason.js';
import type { Process } from './process.js';

/** Rounds of 'shutdown' signals before the rest are killed without a terminate. */
const GENTLE_ROUNDS = 3;

/**
 * Stops every process in `processes` (the system's live table, which shrinks as they die).
 * Resolves once the table is empty.
 * @internal
 */
export async function stopProcesses(
  processes: ReadonlyMap<string, Process>,
  clock: Clock,
  timeout: number,
): Promise<void> {
  for (let round = 0; processes.size > 0; round++) {
    const reason: ExitReason = round < GENTLE_ROUNDS ? 'shutdown' : 'kill';
    for (const process of [...processes.values()].reverse()) {
      if (!process.isAlive) continue;
      const parent = process.maybeExtras?.parent;
      if (parent !== undefined && processes.has(parent)) continue;
      process.exitSignal(process.pid, reason, true);
      if (!process.isAlive) continue;
      // Only a trapping process is still alive here: it has its terminate to run.
      if (timeout === Number.POSITIVE_INFINITY) {
        await process.waitExit();
        continue;
      }
      const kill = clock.setTimeout(() => process.exitSignal(process.pid, 'kill', true), timeout);
      await process.waitExit();
      clock.clearTimeout(kill);
    }
  }
}
