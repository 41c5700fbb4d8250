/**
 * The options of a cluster node (`new ActorSystem({ cluster })`) and their defaults.
 *
 * The timings are the ones that decide how fast a dead node is noticed and how fast a singleton
 * moves: a node writes a heartbeat every `heartbeat` ms, and is declared down once its last one
 * is older than `downAfter` ms; every node sweeps at each of its own heartbeats, so a node that
 * stopped is declared down at most `downAfter + heartbeat` ms after its last heartbeat (4.8 s by
 * default). A singleton's lease lasts `lease` ms and is renewed every `lease / 3` ms.
 */
import { hostname } from 'node:os';
import { nanoid } from 'nanoid';

/**
 * How a node joins a cluster.
 *
 * @example
 * const system = new ActorSystem({ cluster: { redis: 'redis://127.0.0.1:6379', name: 'web-1' } });
 * await system.joinCluster();
 */
export interface ClusterOptions {
  /** The Redis URL (`redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS). */
  redis: string;
  /** This node's name, unique among live nodes: letters, digits, `_` and `-`. Default: host name and OS pid. */
  name?: string | undefined;
  /** Prefix of every Redis key and channel, so apps can share one Redis. Default `'liveactor'`. */
  prefix?: string | undefined;
  /** A node whose last heartbeat is older than this is declared down. Default 4000 ms. */
  downAfter?: number | undefined;
  /** How often a node writes its heartbeat. Default `downAfter / 5`. */
  heartbeat?: number | undefined;
  /** The lease of a cluster singleton; its owner renews it every `lease / 3`. Default 5000 ms. */
  lease?: number | undefined;
}

/** The options with every default filled in. */
export interface ResolvedClusterOptions {
  readonly redis: string;
  readonly name: string;
  readonly prefix: string;
  readonly downAfter: number;
  readonly heartbeat: number;
  readonly lease: number;
  /** The node's id: its name and a random incarnation, the prefix of its pids. */
  readonly nodeId: string;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks the options and fills in the defaults; a bad option throws a TypeError or RangeError at
 * `new ActorSystem()`, before anything connects.
 *
 * @example
 * resolveClusterOptions({ redis: 'redis://127.0.0.1' }).downAfter; // 4000
 * @internal
 */
export function resolveClusterOptions(opts: ClusterOptions): ResolvedClusterOptions {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('cluster: expected an object');
  if (typeof opts.redis !== 'string' || !/^rediss?:\/\//.test(opts.redis)) {
    throw new TypeError(
      `cluster.redis must be a redis:// or rediss:// URL, got ${String(opts.redis)}`,
    );
  }
  const name = opts.name ?? defaultName();
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `cluster.name must be 1-64 letters, digits, '_' or '-', got ${String(name)}`,
    );
  }
  const prefix = opts.prefix ?? 'liveactor';
  if (typeof prefix !== 'string' || prefix === '' || /[{}\s]/.test(prefix)) {
    throw new TypeError(`cluster.prefix must be a non-empty string without braces or spaces`);
  }
  const downAfter = positive('downAfter', opts.downAfter ?? 4_000);
  const heartbeat = positive('heartbeat', opts.heartbeat ?? Math.max(1, Math.floor(downAfter / 5)));
  if (heartbeat * 2 > downAfter) {
    throw new RangeError(
      `cluster.heartbeat (${heartbeat} ms) must be at most half of downAfter (${downAfter} ms), or live nodes get declared down`,
    );
  }
  const lease = positive('lease', opts.lease ?? 5_000);
  // The incarnation tells a node restarted under the same name from its former self, so a pid
  // of the old process can never reach a process of the new one.
  const nodeId = `${name}@${nanoid(6).replace(/[-_]/g, 'x')}`;
  return { redis: opts.redis, name, prefix, downAfter, heartbeat, lease, nodeId };
}

function positive(option: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`cluster.${option} must be a positive number of ms, got ${value}`);
  }
  return value;
}

function defaultName(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 48);
  return `${host || 'node'}-${process.pid}`;
}

/**
 * The node part of a pid (`web-1@k3J9aZ.0.1f` -> `web-1@k3J9aZ`), or undefined for a string
 * that is not a pid of a cluster node.
 *
 * @example
 * nodeOfPid('web-1@k3J9aZ.0.1f'); // 'web-1@k3J9aZ'
 * @internal
 */
export function nodeOfPid(pid: string): string | undefined {
  const dot = pid.indexOf('.');
  if (dot <= 0) return undefined;
  const node = pid.slice(0, dot);
  return node.includes('@') ? node : undefined;
}

/**
 * The URL without its password, for messages and logs.
 *
 * @example
 * redactUrl('redis://:secret@db:6379'); // 'redis://:***@db:6379'
 * @internal
 */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}
