/**
 * The shape every benchmark returns, so `npm run bench` can print one summary table.
 * A row puts our figure next to its baseline from the same run and says whether the
 * issue's target holds.
 *
 * @example
 * const row: BenchRow = { name: 'ping-pong', figure: '1.9M/s', baseline: 'nact 60k/s', ratio: '31x', target: '>= 1.5M/s', pass: true };
 */
export interface BenchRow {
  name: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean;
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  const header = ['benchmark', 'figure', 'baseline', 'ratio', 'target', 'ok'];
  const lines = rows.map((r) => [
    r.name,
    r.figure,
    r.baseline,
    r.ratio,
    r.target,
    r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}
