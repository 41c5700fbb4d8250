/**
 * Repeats a measurement and keeps the median, with the spread as the machine's noise.
 *
 * @example
 * const s = await sample(5, () => pingPong(200_000));   // each run returns ops/s
 * console.log(formatSample(s, '/s')); // "1.52M/s ±8%"
 */
export interface Sample {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent. */
  spreadPct: number;
}

export async function sample(runs: number, once: () => number | Promise<number>): Promise<Sample> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await once());
  return summarize(values);
}

/**
 * The median, extremes and spread of values measured elsewhere (a side figure of each run, such
 * as the largest event-loop gap), as `sample` computes them. Throws on an empty list.
 *
 * @example
 * summarize([3, 1, 2]); // { median: 2, min: 1, max: 3, spreadPct: 100 }
 */
export function summarize(values: readonly number[]): Sample {
  if (values.length === 0) throw new RangeError('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const min = sorted[0]!;
  const max = sorted.at(-1)!;
  return { median, min, max, spreadPct: median === 0 ? 0 : ((max - min) / median) * 100 };
}

/** 1234567 -> "1.23M"; 4321 -> "4.3k"; 7 -> "7.00". */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(n < 10 ? 2 : 0);
}

export function formatSample(s: Sample, unit: string): string {
  return `${formatCount(s.median)}${unit} ±${s.spreadPct.toFixed(0)}%`;
}

export function formatRatio(ours: number, baseline: number): string {
  return `${(ours / baseline).toFixed(2)}x`;
}
