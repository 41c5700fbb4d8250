/**
 * The server of the cluster benchmark (bench/cluster.bench.ts), run as its own process with the
 * compiled library (dist.ts), serving `/counter` and `/board` (bench-views.ts):
 *
 * - no `REDIS_URL`: one process, no cluster (the single-node baseline);
 * - `REDIS_URL`: one process, a node of the cluster there;
 * - `REDIS_URL` and `WORKERS`: `startCluster` with that many workers, each a node
 *   (`DOWN_AFTER`: their cluster's down timeout, ms).
 *
 * It prints one JSON line `{ port, pids }` once listening (the pids of the processes serving),
 * and answers each `rss` line on stdin with `{ rss: [bytes per serving process] }`, measured
 * after two full garbage collections in each.
 *
 * @example
 * REDIS_URL=redis://127.0.0.1:6379 WORKERS=4 node --expose-gc --import tsx bench/cluster-server.ts
 */
import cluster from 'node:cluster';
import { createInterface } from 'node:readline';
import { BENCH_SERVER_OPTIONS, benchRoutes } from './bench-views.js';
import { loadDist } from './dist.js';

const { transport, views } = await loadDist();
const routes = benchRoutes(views);
const redis = process.env.REDIS_URL;
const downAfter = process.env.DOWN_AFTER === undefined ? undefined : Number(process.env.DOWN_AFTER);

function app(clusterOptions?: { redis: string; downAfter?: number | undefined }) {
  return transport.createLiveServer({
    ...BENCH_SERVER_OPTIONS,
    routes,
    // The drivers send no heartbeats, and connecting 40,000 views takes a while.
    heartbeatTimeoutMs: 3_600_000,
    cluster: clusterOptions,
  });
}

function rss(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

function say(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

if (redis !== undefined && process.env.WORKERS !== undefined) {
  const me = await transport.startCluster({
    redis,
    workers: Number(process.env.WORKERS),
    port: 0,
    logger: false,
    cluster: { downAfter },
    app: ({ cluster: options }) => app(options),
  });
  if (me.role === 'worker') {
    process.on('message', (msg: { bench?: string }) => {
      if (msg?.bench === 'rss') process.send?.({ bench: 'rss', rss: rss() });
    });
  } else {
    say({ port: me.port, pids: me.pids() });
    createInterface({ input: process.stdin }).on('line', async () => {
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const sizes = await Promise.all(
        workers.map(
          (worker) =>
            new Promise<number>((resolve) => {
              const onMessage = (msg: { bench?: string; rss?: number }) => {
                if (msg?.bench !== 'rss') return;
                worker.off('message', onMessage);
                resolve(msg.rss!);
              };
              worker.on('message', onMessage);
              worker.send({ bench: 'rss' });
            }),
        ),
      );
      say({ rss: sizes });
    });
  }
} else {
  const server = app(redis === undefined ? undefined : { redis });
  const { port } = await server.listen({ port: 0 });
  say({ port, pids: [process.pid] });
  createInterface({ input: process.stdin }).on('line', () => say({ rss: [rss()] }));
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
