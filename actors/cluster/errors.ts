import { LiveActorError } from '../errors.js';

/**
 * `joinCluster()` could not reach Redis. The message names the URL (password hidden) and the
 * cause (refused, timed out, bad password...).
 *
 * @example
 * await system.joinCluster().catch((e) => { if (e.code === 'ERR_CLUSTER_UNREACHABLE') process.exit(1); });
 */
export class ClusterUnreachableError extends LiveActorError {
  /** The Redis URL, password hidden. */
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(
      'ERR_CLUSTER_UNREACHABLE',
      `cannot reach Redis at ${url} (${cause instanceof Error ? cause.message : String(cause)}); start redis-server there or fix the cluster's redis URL`,
      { cause },
    );
    this.url = url;
  }
}

/**
 * A cluster feature was used on a system that has no `cluster` option, or before
 * `joinCluster()` resolved.
 *
 * @example
 * expect(() => new RedisPubSubAdapter(system)).toThrow(NotInClusterError);
 */
export class NotInClusterError extends LiveActorError {
  constructor(what: string) {
    super(
      'ERR_NOT_IN_CLUSTER',
      `${what} needs a cluster node: create the system with { cluster: { redis } } and await system.joinCluster() first`,
    );
  }
}

/**
 * A fenced write carried a token older than the newest one issued: a newer owner of the
 * singleton exists, so this writer's lease has expired and it must stop acting.
 *
 * @example
 * await stock.write(lease.token, state).catch((e) => { if (e.code === 'ERR_STALE_TOKEN') ctx.stop('lease lost'); });
 */
export class StaleTokenError extends LiveActorError {
  readonly token: number;
  readonly current: number;

  constructor(key: string, token: number, current: number) {
    super(
      'ERR_STALE_TOKEN',
      `write to '${key}' refused: fencing token ${token} is older than ${current}; another owner took over, so stop acting on this lease`,
    );
    this.token = token;
    this.current = current;
  }
}
