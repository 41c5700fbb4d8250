/**
 * startCluster: one live server per core, each worker of `node:cluster` a node of the cluster on
 * Redis, as Phoenix runs one BEAM on every core.
 *
 * The same script runs in the primary and in every worker (node:cluster forks it again). In the
 * primary, `startCluster` forks the workers and supervises them; in a worker it builds the app,
 * joins the cluster and listens (cluster-worker.ts). The workers share one port: the primary
 * accepts the connections and hands them out round-robin, so consecutive requests of one
 * browser (the page, then its WebSocket) often land on different workers. That works because a
 * page's tokens are signed, not stored: any worker holding the secret joins a page another one
 * rendered.
 *
 * The primary restarts a worker that dies (crash, OOM, SIGKILL), at most `restart.intensity`
 * times in `restart.period` ms; beyond that it stops every worker and exits 1, as an OTP
 * supervisor gives up. A worker that fails while the cluster first starts (Redis unreachable, a
 * bad option) fails `startCluster` at once, with the worker's error. SIGTERM and SIGINT reach
 * every worker, each closes its server (clients get 1001, views terminate, the node leaves the
 * cluster at once), and the primary exits once they all have; a worker that takes longer than
 * `stopTimeoutMs` is killed.
 */
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { type ClusterOptions, type Logger, resolveLogger, systemClock } from '../actors/index.js';
import { RestartIntensity, type RestartLimits } from '../actors/restart-intensity.js';
import { runWorker, SLOT_ENV, type WorkerMessage } from './cluster-worker.js';
import type { LiveServer } from './options.js';

/**
 * What `app` gets in each worker: which worker it is, and the cluster options to build its
 * server with.
 *
 * @example
 * app: ({ cluster }) => createLiveServer({ routes, secret, cluster })
 */
export interface ClusterWorkerContext {
  /** The worker's slot, 1..workers; a restarted worker takes the slot of the one it replaces. */
  readonly worker: number;
  /** Give these to `createLiveServer({ cluster })` (or to your `new ActorSystem({ cluster })`). */
  readonly cluster: ClusterOptions;
}

/**
 * Options of {@link startCluster}.
 *
 * @example
 * await startCluster({ redis: 'redis://127.0.0.1:6379', port: 4000, app: ({ cluster }) =>
 *   createLiveServer({ routes, secret: process.env.SECRET!, cluster }) });
 */
export interface StartClusterOptions {
  /** Builds one worker's live server, not listening yet; runs in each worker, never in the primary. */
  readonly app: (context: ClusterWorkerContext) => LiveServer | Promise<LiveServer>;
  /** The Redis URL every worker joins. */
  readonly redis: string;
  /** The other cluster options (prefix, timings); a `name` gets `-w<slot>` appended per worker. */
  readonly cluster?: Omit<ClusterOptions, 'redis'> | undefined;
  /** How many workers; default `os.availableParallelism()`, one per core. */
  readonly workers?: number | undefined;
  /** The port every worker serves; 0 picks a free one. Default 4000. */
  readonly port?: number | undefined;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Restarts tolerated before the primary gives up; default 5 in 60 000 ms. */
  readonly restart?: RestartLimits | undefined;
  /** How long a worker may take to close before it is killed; default 30 000 ms. */
  readonly stopTimeoutMs?: number | undefined;
  /** Where the primary says what its workers do; default stderr. */
  readonly logger?: Logger | false | undefined;
}

/**
 * What `startCluster` resolves with in the primary, once every worker listens.
 *
 * @example
 * const primary = await startCluster({ ... });
 * if (primary.role === 'primary') console.log(primary.url, primary.pids());
 */
export interface ClusterPrimary {
  readonly role: 'primary';
  readonly url: string;
  readonly port: number;
  /** The OS pids of the workers running now, by slot order. */
  pids(): number[];
  /** Stops every worker (each closes its server) and resolves once all have exited. */
  stop(): Promise<void>;
}

/**
 * What `startCluster` resolves with in a worker, once its server listens.
 *
 * @example
 * const me = await startCluster({ ... });
 * if (me.role === 'worker') me.server.system.id;
 */
export interface ClusterWorkerHandle {
  readonly role: 'worker';
  readonly worker: number;
  readonly server: LiveServer;
  readonly url: string;
}

/**
 * Runs `app` on `workers` processes of this machine, each a node of the cluster at `redis`,
 * all serving one port. Call it from your start script, in every process alike.
 *
 * @example
 * // start.ts, run with `node start.ts`
 * const me = await startCluster({
 *   redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
 *   port: Number(process.env.PORT ?? 4000),
 *   app: ({ cluster }) => createLiveServer({ routes, secret: process.env.SECRET!, cluster }),
 * });
 * if (me.role === 'primary') console.log(`serving on ${me.url}`);
 */
export async function startCluster(
  options: StartClusterOptions,
): Promise<ClusterPrimary | ClusterWorkerHandle> {
  if (typeof options.app !== 'function')
    throw new TypeError('startCluster: app must be a function');
  if (typeof options.redis !== 'string') throw new TypeError('startCluster: redis must be a URL');
  if (cluster.isWorker) return runWorker(options);
  const workers = options.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1)) {
    throw new RangeError(`startCluster: workers must be an integer >= 1, got ${workers}`);
  }
  const host = options.host ?? '127.0.0.1';
  // Port 0 is chosen here, once: a worker started again later must bind the port its peers serve
  // (node:cluster would give a lone worker's listen(0) a new random port).
  const asked = options.port ?? 4000;
  const port = asked === 0 ? await freePort(host) : asked;
  const primary = new Primary(workers, port, host, options);
  await primary.start();
  return primary.handle();
}

class Primary {
  readonly #workers: number;
  readonly #port: number;
  readonly #host: string;
  readonly #logger: Logger;
  readonly #restarts: RestartIntensity;
  readonly #stopTimeoutMs: number;
  readonly #running = new Map<number, Worker>();
  #stopping: Promise<void> | undefined;

  constructor(workers: number, port: number, host: string, options: StartClusterOptions) {
    this.#workers = workers;
    this.#port = port;
    this.#host = host;
    this.#logger = resolveLogger(options.logger);
    this.#restarts = new RestartIntensity(
      options.restart ?? { intensity: 5, period: 60_000 },
      systemClock,
    );
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  }

  /** Forks every worker; resolves once all listen, rejects with the first one's failure. */
  async start(): Promise<void> {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        this.#logger.info({ signal }, 'stopping the workers');
        void this.stop().then(() => process.exit(0));
      });
    }
    const slots = Array.from({ length: this.#workers }, (_, i) => i + 1);
    try {
      await Promise.all(slots.map((slot) => this.#fork(slot)));
    } catch (error) {
      await this.stop();
      throw error;
    }
    for (const [slot, worker] of this.#running) this.#supervise(slot, worker);
  }

  handle(): ClusterPrimary {
    const url = `http://${this.#host.includes(':') ? `[${this.#host}]` : this.#host}:${this.#port}`;
    return {
      role: 'primary',
      url,
      port: this.#port,
      pids: () => [...this.#running.values()].map((w) => w.process.pid ?? 0),
      stop: () => this.stop(),
    };
  }

  stop(): Promise<void> {
    this.#stopping ??= Promise.all(
      [...this.#running.values()].map((worker) => this.#stopWorker(worker)),
    ).then(() => undefined);
    return this.#stopping;
  }

  /** Forks the worker of `slot`; resolves once it listens, rejects if it exits before. */
  #fork(slot: number): Promise<Worker> {
    if (this.#stopping !== undefined) return Promise.reject(new Error('startCluster: stopping'));
    const worker = cluster.fork({ [SLOT_ENV]: String(slot), LIVEACTOR_PORT: String(this.#port) });
    this.#running.set(slot, worker);
    return new Promise((resolve, reject) => {
      let failure = 'it exited before it listened';
      const onMessage = (msg: WorkerMessage) => {
        if (msg?.liveactor === 'failed') failure = msg.message;
        if (msg?.liveactor !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        this.#logger.info({ worker: slot, pid: worker.process.pid }, 'worker listening');
        resolve(worker);
      };
      const onExit = (code: number | null, signal: string | null) => {
        worker.off('message', onMessage);
        if (this.#running.get(slot) === worker) this.#running.delete(slot);
        reject(
          new Error(
            `startCluster: worker ${slot} failed to start (${signal ?? `exit code ${code}`}): ${failure}`,
          ),
        );
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
    });
  }

  #supervise(slot: number, worker: Worker): void {
    worker.once('exit', (code, signal) => {
      if (this.#running.get(slot) === worker) this.#running.delete(slot);
      this.#died(slot, { pid: worker.process.pid, code, signal });
    });
  }

  /** Starts the worker of `slot` again, within the restart limits. */
  #died(slot: number, how: object): void {
    if (this.#stopping !== undefined) return;
    if (this.#restarts.exceededAfterRestart()) {
      const { intensity, period } = this.#restarts.limits;
      this.#logger.error(
        { worker: slot, ...how },
        `workers died more than ${intensity} times in ${period} ms: stopping the cluster`,
      );
      void this.stop().then(() => process.exit(1));
      return;
    }
    this.#logger.warn({ worker: slot, ...how }, 'worker died: starting another');
    this.#fork(slot).then(
      (next) => this.#supervise(slot, next),
      // Failing to start again is one more death: the limits decide whether to try once more.
      (error: unknown) => this.#died(slot, { err: error }),
    );
  }

  async #stopWorker(worker: Worker): Promise<void> {
    if (worker.process.exitCode !== null || worker.process.signalCode !== null) return;
    const exited = once(worker, 'exit');
    worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.#logger.warn({ pid: worker.process.pid }, 'worker did not stop in time: killing it');
      worker.process.kill('SIGKILL');
    }, this.#stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** A port free on `host` now (port 0 asked for one). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
