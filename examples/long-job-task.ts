/**
 * The long job's work, run on a worker thread of the actor system's task pool (piscina): counts
 * the primes below `below` by trial division, slow on purpose, and after each hundredth of the
 * range broadcasts how far it got. Cancelling terminates the thread, so the loop checks nothing.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { reportProgress } from './task-progress.js';

export { PROGRESS_CHANNEL, PROGRESS_TOPIC } from './task-progress.js';

/** What the view asks for: `topic` and `run` say which view and which of its runs. */
export type Job = { readonly topic: string; readonly run: number; readonly below: number };
/** One report: the numbers below `done` are counted, out of `below`. */
export type Progress = Job & { readonly done: number };

/**
 * The task: resolves with the number of primes below `job.below`.
 *
 * @example
 * socket.startAsync('primes', { task: { filename, name: 'countPrimes' }, payload: job });
 */
export async function countPrimes(job: Job): Promise<number> {
  const step = Math.ceil(job.below / 100);
  let primes = 0;
  for (let from = 2; from < job.below; from += step) {
    const to = Math.min(from + step, job.below);
    for (let n = from; n < to; n++) if (isPrime(n)) primes++;
    const progress: Progress = { ...job, done: to };
    reportProgress(progress);
    // The broadcasts of a step leave once the task yields: without this they would all leave
    // together at the end, and the bar would jump from empty to full.
    await nextTurn();
  }
  return primes;
}

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n >= 2;
}
