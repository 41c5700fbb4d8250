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
 * after two full garbage collections in each, and each `cpu` line with `{ cpu: [microseconds
 * of CPU each serving process has used] }`.
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

type Probe = 'rss' | 'cpu';

function measure(probe: Probe): number {
  if (probe === 'cpu') {
    const { user, system } = process.cpuUsage();
    return user + system;
  }
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

const probeOf = (line: string): Probe => (line.trim() === 'cpu' ? 'cpu' : 'rss');

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
    process.on('message', (msg: { bench?: Probe }) => {
      if (msg?.bench === 'rss' || msg?.bench === 'cpu')
        process.send?.({ bench: msg.bench, value: measure(msg.bench) });
    });
  } else {
    say({ port: me.port, pids: me.pids() });
    createInterface({ input: process.stdin }).on('line', async (line) => {
      const probe = probeOf(line);
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      const sizes = await Promise.all(
        workers.map(
          (worker) =>
            new Promise<number>((resolve) => {
              const onMessage = (msg: { bench?: string; value?: number }) => {
                if (msg?.bench !== probe) return;
                worker.off('message', onMessage);
                resolve(msg.value!);
              };
              worker.on('message', onMessage);
              worker.send({ bench: probe });
            }),
        ),
      );
      say({ [probe]: sizes });
    });
  }
} else {
  const server = app(redis === undefined ? undefined : { redis });
  const { port } = await server.listen({ port: 0 });
  say({ port, pids: [process.pid] });
  createInterface({ input: process.stdin }).on('line', (line) => {
    const probe = probeOf(line);
    say({ [probe]: [measure(probe)] });
  });
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
