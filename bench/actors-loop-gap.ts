import { performance } from 'node:perf_hooks';

/**
 * The largest gaps between two ticks of a probe, in milliseconds.
 *
 * @example
 * const gap: LoopGap = startLoopGapProbe()(); // { wallMs: ~0, cpuMs: ~0 }
 */
export interface LoopGap {
  /** Wall-clock time: what a timer waiting in the event loop saw. */
  wallMs: number;
  /**
   * The same gap counted in CPU time used by this process (capped by the wall time): on a
   * shared machine, the part of a wall gap when the OS ran other programs is left out, so this
   * one says how long our own code kept the loop busy.
   */
  cpuMs: number;
}

/**
 * Measures how long the event loop was kept from running timers: a 1 ms interval records the
 * largest gap between two of its ticks. A scheduler that yields shows gaps of a few ms; one that
 * drains everything in a microtask shows the whole run as one gap. The gap up to the moment the
 * probe is stopped counts too, so a run that never yielded is not missed.
 *
 * @example
 * const stop = startLoopGapProbe();
 * await work();
 * const { wallMs, cpuMs } = stop();
 */
export function startLoopGapProbe(): () => LoopGap {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const max: LoopGap = { wallMs: 0, cpuMs: 0 };
  const tick = (): void => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const wall = now - last;
    const onCpu = Math.min(wall, (cpu.user + cpu.system) / 1000);
    if (wall > max.wallMs) max.wallMs = wall;
    if (onCpu > max.cpuMs) max.cpuMs = onCpu;
    last = now;
    lastCpu = process.cpuUsage();
  };
  const timer = setInterval(tick, 1);
  return () => {
    clearInterval(timer);
    tick();
    return max;
  };
}

/**
 * A promise and its resolve function, for "the run is over" signals (Node 20 lacks
 * Promise.withResolvers).
 *
 * @example
 * const done = deferred();
 * setImmediate(done.resolve);
 * await done.promise;
 */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Resolves on the next turn of the event loop (after I/O and timers had their chance).
 *
 * @example
 * await nextTurn();
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Forces a full collection; the benchmark must run under `node --expose-gc`.
 *
 * @example
 * fullGc();
 * const before = process.memoryUsage().heapUsed;
 */
export function fullGc(): void {
  if (globalThis.gc === undefined) {
    throw new Error('the heap benchmark needs `node --expose-gc` (npm run bench passes it)');
  }
  globalThis.gc();
  globalThis.gc();
}
