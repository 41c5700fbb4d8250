/**
 * The server side of the transport benchmark, run as a child process so each measurement gets a
 * fresh heap and its own RSS: `node --expose-gc --import tsx bench/transport-server.ts <kind>`.
 *
 * The library is loaded from `dist/` (transport.bench.ts builds it first).
 *
 * - `liveactor`: createLiveServer with `/counter` (an idle counter) and `/board` (every view
 *   subscribes to one topic; the `bump` event broadcasts, each view re-renders one number).
 * - `liveactor-traced`: the same, with one subscriber on every liveactor diagnostics channel
 *   (every event of the tracing ones), as an APM agent would have.
 * - `ws`: the baseline, plain `ws` with no protocol on top: echoes every message, and a message
 *   `bump` is sent on to every connected socket (one frame each, the size of a counter diff).
 *
 * - `liveactor-defaults`: the same views under the server's default limits (rate limit and all),
 *   for the flood benchmark (bench/flood.bench.ts).
 *
 * It reports `{ port }` over IPC once listening, answers `{ cmd: 'rss' }` with its RSS after
 * two full garbage collections, and `{ cmd: 'cpu' }` with the CPU time it has used (µs).
 * `{ cmd: 'peak' }` answers with the highest RSS seen since the last `peak`, sampled every 10 ms
 * from the first one on (before it, the current RSS).
 *
 * @example
 * const child = fork('bench/transport-server.ts', ['ws'], { execArgv: ['--expose-gc', '--import', 'tsx'] });
 */
import { subscribe, tracingChannel } from 'node:diagnostics_channel';
import { BENCH_SERVER_OPTIONS, benchRoutes } from './bench-views.js';
import { loadDist } from './dist.js';
import { startPlainWs } from './plain-ws.js';

// The library comes from dist/ (dist.ts), as users run it.
const { actors, transport, views } = await loadDist();
const { createLiveServer, SOCKET_CHANNELS } = transport;
const { VIEW_CHANNELS } = views;
const { ACTOR_CHANNELS } = actors;
const routes = benchRoutes(views);

const TRACED = ['mount', 'handleParams', 'event', 'info', 'render', 'async'] as const;

/** One subscriber on every channel: it only counts, so the figure is what publishing costs. */
function subscribeEverywhere(): void {
  let seen = 0;
  const count = (): void => {
    seen++;
  };
  for (const key of TRACED) {
    const handlers = { start: count, end: count, asyncStart: count, asyncEnd: count, error: count };
    tracingChannel(VIEW_CHANNELS[key]).subscribe(handlers);
  }
  const plain = [VIEW_CHANNELS.join, VIEW_CHANNELS.leave, VIEW_CHANNELS.crash];
  for (const name of [
    ...plain,
    ...Object.values(ACTOR_CHANNELS),
    ...Object.values(SOCKET_CHANNELS),
  ]) {
    subscribe(name, count);
  }
  process.on('exit', () => {
    if (process.env.BENCH_DEBUG) console.error(`telemetry messages: ${seen}`);
  });
}

async function startLiveactor(defaults: boolean): Promise<number> {
  const app = createLiveServer({
    routes,
    ...(defaults ? { secret: BENCH_SERVER_OPTIONS.secret } : BENCH_SERVER_OPTIONS),
  });
  const { port } = await app.listen({ port: 0, host: '127.0.0.1' });
  return port;
}

const kind = process.argv[2];
// One frame the size of a counter diff.
const diffSized = JSON.stringify(['1', null, 'lv:phx-x', 'diff', { 0: { 0: '1' } }]);
if (kind === 'liveactor-traced') subscribeEverywhere();
const port = kind?.startsWith('liveactor')
  ? await startLiveactor(kind === 'liveactor-defaults')
  : (await startPlainWs(diffSized)).port;
let peak = 0;
let sampling = false;
process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ result: user + system });
    return;
  }
  if (msg.cmd === 'peak') {
    if (!sampling) {
      sampling = true;
      setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 10).unref();
    }
    const rss = process.memoryUsage.rss();
    process.send?.({ result: Math.max(peak, rss) });
    peak = rss;
    return;
  }
  if (msg.cmd !== 'rss') return;
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  if (process.env.BENCH_MEM_DEBUG) console.error(JSON.stringify(m));
  process.send?.({ rss: m.rss });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port });
