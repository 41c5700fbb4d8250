/**
 * `npm run bench`: runs every `bench/*.bench.ts`, one after another in file-name order, prints
 * each one's table, then one summary table of every row. A missed target prints "NO" and is not
 * a failure; the exit code is non-zero only when a benchmark crashed (the others still run).
 *
 * A bench file exports `run(): Promise<BenchRow[]>`.
 *
 * @example
 * // node --expose-gc --import tsx bench/index.ts [word ...]
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchRow, printTable } from './report.js';

type RunFn = () => BenchRow[] | Promise<BenchRow[]>;

const dir = fileURLToPath(new URL('.', import.meta.url));
// `npm run bench -- client diff` runs only the files whose names contain one of the words.
const only = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((w) => f.includes(w))))
  .sort();
const all: BenchRow[] = [];
const crashed: string[] = [];
const started = performance.now();

for (const file of files) {
  const title = file.slice(0, -'.bench.ts'.length);
  try {
    const module = (await import(pathToFileURL(`${dir}${file}`).href)) as Record<string, unknown>;
    const runner = module.run as RunFn | undefined;
    if (typeof runner !== 'function') {
      console.log(`\n${title}: exports no run function; nothing to tabulate`);
      continue;
    }
    globalThis.gc?.();
    const rows = await runner();
    printTable(title, rows);
    for (const r of rows) all.push({ ...r, name: `${title}: ${r.name}` });
  } catch (error) {
    crashed.push(title);
    console.error(`\n${title} crashed:`, error);
  }
}

printTable('summary (all benchmarks)', all);
const missed = all.filter((r) => !r.pass).length;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${all.length} rows, ${missed} target(s) missed, ${crashed.length} crashed, ${seconds} s` +
    (crashed.length > 0 ? ` (crashed: ${crashed.join(', ')})` : ''),
);
process.exitCode = crashed.length > 0 ? 1 : 0;
