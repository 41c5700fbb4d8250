/**
 * The reservations example under load: the examples app (examples/app.ts) on 127.0.0.1 with
 * 1,000 live views of `/reservations` connected by a second process (bench/transport-driver.ts,
 * so the clients do not share the server's event loop). One view clicks `reserve`: its view
 * calls the stock process, which broadcasts the new count, and every view re-renders one text.
 * The figure is the time until all 1,000 sockets got their diff frame; a `restock` (untimed)
 * between rounds keeps the stock from running out. The app runs from source, as `npm start`
 * runs it.
 *
 * The baseline, in the same process and driven the same way: plain `ws` sending one frame the
 * size of that diff to 1,000 connected sockets, until all of them got it. So the ratio is what
 * the actors, the views and the protocol add on top of the sockets.
 *
 * Medians after a warm-up; "±" is the spread (max - min) / median.
 * Run alone: `node --expose-gc --import tsx bench/reservations.bench.ts`.
 *
 * @example
 * const rows = await run();
 * printTable('reservations', rows);
 */
import { pathToFileURL } from 'node:url';
import { createExamplesApp } from '../examples/app.js';
import { BenchChild } from './bench-child.js';
import { startPlainWs } from './plain-ws.js';
import { type BenchRow, printTable } from './report.js';
import { formatCount, formatRatio, type Sample, summarize } from './stats.js';

const VIEWS = 1_000;
const WARM_UP = 20;
const ROUNDS = 15;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

type Kind = 'liveactor' | 'ws';

/** The views to connect: examples-app views of `path`, or plain `ws` sockets. */
type Target = { readonly kind: Kind; readonly port: number; readonly path: string };

/**
 * Connects `VIEWS` sockets, then times `ROUNDS` clicks of `event` on the first one after a
 * warm-up, until every socket got its frame; `restock`, when given, is clicked after each.
 */
async function fanOut(driver: BenchChild, target: Target, event: string, restock?: string) {
  await driver.ask({ cmd: 'connect', ...target, count: VIEWS });
  const click = (e: string) => driver.ask({ cmd: 'broadcast', kind: target.kind, event: e });
  const times: number[] = [];
  // The first rounds run cold (render, diff and frame paths not compiled yet): a server lives
  // long, so the figure is the warm one, for the baseline as for ours.
  for (let i = 0; i < WARM_UP + ROUNDS; i++) {
    const ms = await click(event);
    if (i >= WARM_UP) times.push(ms);
    // The restock broadcasts the full stock, so it too returns once every diff is in.
    if (restock !== undefined) await click(restock);
  }
  await driver.ask({ cmd: 'close' });
  return summarize(times);
}

async function reservationsMs(driver: BenchChild): Promise<Sample> {
  const app = await createExamplesApp({ secret: SECRET });
  try {
    const { port } = await app.listen({ host: '127.0.0.1', port: 0 });
    return await fanOut(
      driver,
      { kind: 'liveactor', port, path: '/reservations' },
      'reserve',
      'restock',
    );
  } finally {
    await app.close();
  }
}

async function plainWsMs(driver: BenchChild): Promise<Sample> {
  // One frame the size of the reserve's diff.
  const ws = await startPlainWs(
    JSON.stringify([null, null, 'lv:phx-x', 'diff', { 2: '9 tickets left', 4: '' }]),
  );
  try {
    // The driver sends plain `ws` the message `bump`, whatever the event.
    return await fanOut(driver, { kind: 'ws', port: ws.port, path: '/' }, 'bump');
  } finally {
    await ws.close();
  }
}

const ms = (s: Sample): string => `${s.median.toFixed(1)} ms ±${s.spreadPct.toFixed(0)}%`;

/** Measures the reserve fan-out and its baseline; one row. */
export async function run(): Promise<BenchRow[]> {
  const driver = new BenchChild('./transport-driver.ts', []);
  try {
    const ours = await reservationsMs(driver);
    const baseline = await plainWsMs(driver);
    return [
      {
        name: `reserve reaches ${formatCount(VIEWS)} views, all diffs in`,
        figure: ms(ours),
        baseline: `ws send-to-all ${ms(baseline)}`,
        ratio: formatRatio(ours.median, baseline.median),
        // The issue sets no target here; transport.bench holds the broadcast one (25 ms).
        target: '(info)',
        pass: true,
      },
    ];
  } finally {
    await driver.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('reservations', await run());
}
