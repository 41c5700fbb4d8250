/**
 * The browser client's size: our whole bundle (`dist/liveactor.js`, morphdom included, built
 * fresh by this run) next to what a page loads for the official client (the minified
 * `phoenix_live_view` 1.2 and `phoenix` 1.8 builds), both minified and gzipped at level 9.
 * Size is a figure, not a timing, so one build is the measurement; it does not vary by run.
 *
 * Run alone: `node --import tsx bench/client.bench.ts`.
 *
 * @example
 * const rows = await run();
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildClient } from '../scripts/build-client.js';
import { type BenchRow, printTable } from './report.js';

const TARGET_KB = 15;

/** Builds the bundle and compares sizes. */
export async function run(): Promise<BenchRow[]> {
  const ours = (await buildClient()).bytes;
  const require = createRequire(import.meta.url);
  const official = await Promise.all(
    [
      join(dirname(require.resolve('phoenix_live_view')), 'phoenix_live_view.min.js'),
      join(dirname(require.resolve('phoenix')), 'phoenix.min.js'),
    ].map((file) => readFile(file)),
  );
  const oursGz = gzipSync(ours, { level: 9 }).length;
  const officialGz = official.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
  const officialMin = official.reduce((sum, b) => sum + b.length, 0);
  return [
    {
      name: 'client bundle, min+gzip (morphdom included)',
      figure: kb(oursGz),
      baseline: `official LiveView 1.2 + phoenix 1.8 ${kb(officialGz)}`,
      ratio: `${(oursGz / officialGz).toFixed(2)}x`,
      target: `<= ${TARGET_KB} KB`,
      pass: oursGz <= TARGET_KB * 1024,
    },
    {
      name: 'client bundle, minified',
      figure: kb(ours.length),
      baseline: `official ${kb(officialMin)}`,
      ratio: `${(ours.length / officialMin).toFixed(2)}x`,
      target: 'info',
      pass: true,
    },
  ];
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('client', await run());
}
