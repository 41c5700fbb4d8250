/**
 * Repeats a measurement and keeps the median, with the spread as the machine's noise.
 *
 * @example
 * const s = await sample(5, () => pingPong(200_000));   // each run returns ops/s
 * console.log(`${formatRate(s.median)} ±${s.spreadPct.toFixed(0)}%`);
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
  values.sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)]!;
  const min = values[0]!;
  const max = values.at(-1)!;
  return { median, min, max, spreadPct: median === 0 ? 0 : ((max - min) / median) * 100 };
}

/** 1234567 -> "1.23M"; 4321 -> "4.32k". */
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
