import { performance } from 'node:perf_hooks';
import { Mailbox } from './mailbox.js';

/**
 * The scheduler runs every process of one system from a single run queue of processes that have
 * work (an `init` to run or messages waiting), in turns:
 *
 *   send(p, m) -> p joins the queue (once) -> a drain runs p's next few messages -> p rejoins
 *   the tail if it still has work
 *
 * Node cannot preempt JavaScript, so fairness is by budget: each process runs at most
 * `SLICE_MESSAGES` messages before the next one gets its turn, and each drain handles at most
 * `maxBatch` messages (or `SLICE_MS` of wall time) before it yields to the event loop with
 * `setImmediate`, so timers and I/O run even while two processes ping-pong forever. The first drain
 * after a quiet spell runs as a microtask, so a lone send is handled promptly.
 *
 * An async callback takes its process off the queue until it settles; `busy` counts those, and
 * `idle()` waits until the queue is empty and nothing is busy.
 *
 * @example
 * const scheduler = new Scheduler(1024);
 * scheduler.enqueue(process); // process.runSlice(budget) is called soon
 * await scheduler.idle();
 * @internal
 */
export class Scheduler {
  readonly #queue = new Mailbox<Runnable>(1024);
  readonly #maxBatch: number;
  /** Messages handled since the event loop last had a turn (reset by each setImmediate drain). */
  #spent = 0;
  #pending = false;
  #draining = false;
  #busy = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(maxBatch = 4096) {
    if (!(maxBatch >= 1)) throw new RangeError(`maxBatch must be at least 1, got ${maxBatch}`);
    this.#maxBatch = maxBatch;
  }

  /** Puts `process` at the tail of the run queue; the caller ensures it is not queued already. */
  enqueue(process: Runnable): void {
    this.#queue.push(process);
    if (!this.#pending && !this.#draining) this.#schedule();
  }

  /** Counts an async callback that started (+1) or settled or was abandoned (-1). */
  busy(delta: 1 | -1): void {
    this.#busy += delta;
    if (this.#busy === 0 && !this.#draining) this.#wakeIdleWaiters();
  }

  /** Resolves once no process is queued and no callback is running. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.#queue.isEmpty() && this.#busy === 0 && !this.#draining;
  }

  #schedule(): void {
    this.#pending = true;
    if (this.#spent >= this.#maxBatch) setImmediate(this.#afterYield);
    else queueMicrotask(this.#drain);
  }

  readonly #afterYield = (): void => {
    this.#spent = 0;
    this.#drain();
  };

  readonly #drain = (): void => {
    this.#pending = false;
    this.#draining = true;
    const queue = this.#queue;
    const started = performance.now();
    let nextClockCheck = this.#spent + CLOCK_CHECK_EVERY;
    try {
      while (!queue.isEmpty() && this.#spent < this.#maxBatch) {
        if (this.#spent >= nextClockCheck) {
          if (performance.now() - started >= SLICE_MS) break;
          nextClockCheck = this.#spent + CLOCK_CHECK_EVERY;
        }
        const process = queue.shift() as Runnable;
        this.#spent += process.runSlice(SLICE_MESSAGES);
      }
    } finally {
      // A throwing event listener may unwind through here; the queue must keep running anyway.
      this.#draining = false;
      if (!queue.isEmpty()) {
        this.#pending = true;
        setImmediate(this.#afterYield);
      } else if (this.#busy === 0) {
        this.#wakeIdleWaiters();
      }
    }
  };

  #wakeIdleWaiters(): void {
    if (this.#idleWaiters.length === 0 || !this.#queue.isEmpty()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Something the scheduler can run: a process. @internal */
export interface Runnable {
  /** Handles up to `budget` messages; returns how many it handled (0 if it had nothing to do). */
  runSlice(budget: number): number;
}

/** Messages one process handles before the next process in the queue gets its turn. */
const SLICE_MESSAGES = 64;
/** Wall time after which a drain yields to the event loop even within its message budget. */
const SLICE_MS = 5;
/** How often (in messages) a drain reads the clock, which costs more than a message. */
const CLOCK_CHECK_EVERY = 64;
