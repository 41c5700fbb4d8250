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
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { createExamplesApp } from '../examples/app.js';
import { type BenchRow, printTable } from './report.js';
import { formatCount, formatRatio, type Sample, summarize } from './stats.js';

const VIEWS = 1_000;
const WARM_UP = 20;
const ROUNDS = 15;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

type Kind = 'liveactor' | 'ws';

/** The driver process: one IPC command at a time, each answered `{ result }` or `{ error }`. */
interface Driver {
  ask(msg: object): Promise<number>;
  stop(): Promise<void>;
}

function startDriver(): Driver {
  const child: ChildProcess = fork(new URL('./transport-driver.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    async ask(msg) {
      const answer = once(child, 'message') as Promise<[{ result?: number; error?: string }]>;
      child.send(msg);
      const [reply] = await answer;
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.result!;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

/** Plain `ws`: the message `bump` sends one diff-sized frame to every connected socket. */
async function startPlainWs(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  const frame = JSON.stringify([null, null, 'lv:phx-x', 'diff', { 2: '9 items left' }]);
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      if (String(data) === 'bump') for (const client of wss.clients) client.send(frame);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The views to connect: examples-app views of `path`, or plain `ws` sockets. */
type Target = { readonly kind: Kind; readonly port: number; readonly path: string };

/**
 * Connects `VIEWS` sockets, then times `ROUNDS` clicks of `event` on the first one after a
 * warm-up, until every socket got its frame; `restock`, when given, is clicked after each.
 */
async function fanOut(driver: Driver, target: Target, event: string, restock?: string) {
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

async function reservationsMs(driver: Driver): Promise<Sample> {
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

async function plainWsMs(driver: Driver): Promise<Sample> {
  const ws = await startPlainWs();
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
  const driver = startDriver();
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
