/**
 * One worker of startCluster (cluster-launcher.ts): builds the app, listens on the port the
 * primary chose (listen joins the cluster first), tells the primary, and closes the server on
 * SIGTERM, SIGINT, or when the primary is gone (its IPC channel closed), so no worker outlives
 * it.
 */
import cluster from 'node:cluster';
import { resolveLogger } from '../actors/index.js';
import type { ClusterWorkerHandle, StartClusterOptions } from './cluster-launcher.js';
import type { LiveServer } from './options.js';

/** The environment variable that carries a worker's slot. @internal */
export const SLOT_ENV = 'LIVEACTOR_WORKER_SLOT';

/** What a worker tells the primary. @internal */
export type WorkerMessage =
  | { readonly liveactor: 'ready'; readonly url: string }
  | { readonly liveactor: 'failed'; readonly message: string };

/** Runs in a worker: the app, listening. @internal */
export async function runWorker(options: StartClusterOptions): Promise<ClusterWorkerHandle> {
  const logger = resolveLogger(options.logger);
  const slot = Number(process.env[SLOT_ENV] ?? cluster.worker?.id ?? 1);
  const { name, ...rest } = options.cluster ?? {};
  const clusterOptions = {
    ...rest,
    redis: options.redis,
    ...(name === undefined ? {} : { name: `${name}-w${slot}` }),
  };
  let server: LiveServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (why: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ worker: slot, why }, 'worker stopping');
      try {
        await server?.close();
      } catch (error) {
        logger.error({ worker: slot, err: error }, 'worker did not close cleanly');
        process.exitCode = 1;
      }
      process.exit();
    })();
    return stopping;
  };
  // SIGINT too: Ctrl-C in a terminal reaches every process of the group, workers included.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('disconnect', () => void stop('the primary is gone'));
  try {
    server = await options.app({ worker: slot, cluster: clusterOptions });
    const { url } = await server.listen({
      port: Number(process.env.LIVEACTOR_PORT ?? options.port ?? 4000),
      host: options.host ?? '127.0.0.1',
    });
    tell({ liveactor: 'ready', url });
    return { role: 'worker', worker: slot, server, url };
  } catch (error) {
    logger.error({ worker: slot, err: error }, 'worker could not start');
    tell({ liveactor: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    await stop('it could not start');
    throw error;
  }
}

function tell(message: WorkerMessage): void {
  process.send?.(message);
}
