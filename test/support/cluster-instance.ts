/**
 * The examples app as one machine of a cluster: one `npm run start:cluster` (examples/cluster.ts)
 * with one worker on a free port, on the given Redis. Its records are read, never timed: the
 * URL comes from its "serving" line and the worker's pid from its "listening" one.
 *
 * @example
 * const a = await clusterInstance(redis, { TICKETS: '300' });
 * await fetch(`${a.url}/reservations`);
 */
import { onTestFinished } from 'vitest';
import { Launched } from './launched.js';
import { TEST_SECRET } from './live-client.js';
import { type RedisServer, startRedis } from './redis-server.js';

/** One instance: its process, its URL and its worker's OS pid. */
export interface ClusterInstance {
  readonly app: Launched;
  readonly url: string;
  readonly pid: number;
}

/** Starts one instance on `redis`; `env` adds to (or overrides) its environment. */
export async function clusterInstance(
  redis: RedisServer,
  env: Readonly<Record<string, string>> = {},
): Promise<ClusterInstance> {
  const app = Launched.start('examples/cluster.ts', {
    REDIS_URL: redis.url,
    WORKERS: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    SECRET: TEST_SECRET,
    ...env,
  });
  const serving = await app.next((r) => String(r.msg).startsWith('liveactor examples on '));
  const { pid } = await app.next((r) => r.msg === 'worker listening');
  return { app, url: /on (http:\S+)/.exec(String(serving.msg))![1]!, pid: pid as number };
}

/** A Redis of the test's own, stopped when the test ends. */
export async function privateRedis(): Promise<RedisServer> {
  const redis = await startRedis();
  onTestFinished(() => redis.stop());
  return redis;
}
