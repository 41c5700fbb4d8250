/**
 * The server side of the transport benchmark, run as a child process so each measurement gets a
 * fresh heap and its own RSS: `node --expose-gc --import tsx bench/transport-server.ts <kind>`.
 *
 * The library is loaded from `dist/` (transport.bench.ts builds it first).
 *
 * - `liveactor`: createLiveServer with `/counter` (an idle counter) and `/board` (every view
 *   subscribes to one topic; the `bump` event broadcasts, each view re-renders one number).
 * - `ws`: the baseline, plain `ws` with no protocol on top: echoes every message, and a message
 *   `bump` is sent on to every connected socket (one frame each, the size of a counter diff).
 *
 * It reports `{ port }` over IPC once listening and answers `{ cmd: 'rss' }` with its RSS after
 * two full garbage collections.
 *
 * @example
 * const child = fork('bench/transport-server.ts', ['ws'], { execArgv: ['--expose-gc', '--import', 'tsx'] });
 */
import { benchServer, benchViews } from './bench-views.js';
import { loadDist } from './dist.js';
import { startPlainWs } from './plain-ws.js';

const { transport, views } = await loadDist();
const { createLiveServer } = transport;
const served = benchServer(benchViews(views));

async function startLiveactor(): Promise<number> {
  const app = createLiveServer(served);
  const { port } = await app.listen({ port: 0, host: '127.0.0.1' });
  return port;
}

const kind = process.argv[2];
// One frame the size of a counter diff.
const diffSized = JSON.stringify(['1', null, 'lv:phx-x', 'diff', { 0: { 0: '1' } }]);
const port = kind === 'liveactor' ? await startLiveactor() : (await startPlainWs(diffSized)).port;
process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd !== 'rss') return;
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  if (process.env.BENCH_MEM_DEBUG) console.error(JSON.stringify(m));
  process.send?.({ rss: m.rss });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port });
