/**
 * Cluster nodes in child processes (real OS processes, forked with tsx), for tests: each runs
 * cluster-node-main.ts, joins a Redis, and answers commands. `await node.next(filter)` awaits a
 * report from the node's processes; `kill()` sends SIGKILL, the way a node dies for real.
 *
 * @example
 * const node = await ClusterNode.start(redis.url, 'b');
 * const pid = await node.ask<Pid>('spawn');
 * await node.stop();
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { ActorSystem, type Logger } from '../../actors/index.js';
import { type RedisServer, startRedis } from './redis-server.js';

/**
 * Shorter timings than production's, so tests do not wait 5 s for each failover, yet long enough
 * that a node of a loaded machine, its event loop slowed, is not declared down by mistake.
 */
export const FAST = { downAfter: 2_000, heartbeat: 250, lease: 2_000 } as const;

export interface NodeReport {
  event: string;
  [field: string]: unknown;
}

export class ClusterNode {
  readonly #child: ChildProcess;
  readonly #answers = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  readonly #reports: NodeReport[] = [];
  readonly #waiters: { filter(r: NodeReport): boolean; resolve(r: NodeReport): void }[] = [];
  #ids = 0;
  id = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on(
      'message',
      (msg: {
        id?: number;
        result?: unknown;
        error?: { code?: string; message?: string };
        event?: string;
      }) => {
        if (msg.id !== undefined) {
          const answer = this.#answers.get(msg.id);
          this.#answers.delete(msg.id);
          if (msg.error !== undefined)
            answer?.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
          else answer?.resolve(msg.result);
          return;
        }
        const report = msg as NodeReport;
        const i = this.#waiters.findIndex((w) => w.filter(report));
        if (i >= 0) this.#waiters.splice(i, 1)[0]!.resolve(report);
        else this.#reports.push(report);
      },
    );
  }

  /** Forks a node and joins it to the Redis at `url`. */
  static async start(
    url: string,
    name: string,
    timing: Partial<typeof FAST> = FAST,
  ): Promise<ClusterNode> {
    const child = fork(new URL('./cluster-node-main.ts', import.meta.url).pathname, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // v8 over IPC, so Maps and Errors reach the test as they left the node.
      serialization: 'advanced',
    });
    const node = new ClusterNode(child);
    await node.next((r) => r.event === 'started');
    node.id = await node.ask<string>('join', { redis: url, name, ...FAST, ...timing });
    return node;
  }

  /** Sends a command; resolves with its result, rejects with its error (with `code`). */
  ask<T = unknown>(cmd: string, args: object = {}): Promise<T> {
    const id = ++this.#ids;
    return new Promise<T>((resolve, reject) => {
      this.#answers.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#child.send({ id, cmd, ...args });
    });
  }

  /** The next report matching `filter` (kept reports first, in arrival order). */
  next(filter: (r: NodeReport) => boolean = () => true): Promise<NodeReport> {
    const i = this.#reports.findIndex(filter);
    if (i >= 0) return Promise.resolve(this.#reports.splice(i, 1)[0]!);
    return new Promise((resolve) => this.#waiters.push({ filter, resolve }));
  }

  /**
   * The first report matching `filter` from any of `nodes`, with the node it came from; the
   * other nodes' reports are left for later `next` calls.
   */
  static first(
    nodes: readonly ClusterNode[],
    filter: (r: NodeReport) => boolean,
  ): Promise<{ node: ClusterNode; report: NodeReport }> {
    for (const node of nodes) {
      const i = node.#reports.findIndex(filter);
      if (i >= 0) return Promise.resolve({ node, report: node.#reports.splice(i, 1)[0]! });
    }
    return new Promise((resolve) => {
      const waiters = nodes.map((node) => {
        const waiter = {
          filter,
          resolve: (report: NodeReport) => {
            nodes.forEach((n, j) => {
              const k = n.#waiters.indexOf(waiters[j]!);
              if (k >= 0) n.#waiters.splice(k, 1);
            });
            resolve({ node, report });
          },
        };
        node.#waiters.push(waiter);
        return waiter;
      });
    });
  }

  /** Reports received and not yet taken. */
  get pending(): readonly NodeReport[] {
    return this.#reports;
  }

  /** SIGKILL: the node dies without a word, as on a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill(signal);
    await exited;
  }

  /** Pauses (SIGSTOP) or resumes (SIGCONT) the node's process. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.#child.kill(signal);
  }

  /** Shuts the node down cleanly if it still runs, then ends the process. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGCONT');
    const exited = once(this.#child, 'exit');
    const bye = this.ask('shutdown').catch(() => {});
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await Promise.race([bye, exited]);
    this.#child.disconnect();
    await exited;
    clearTimeout(timer);
  }
}

/**
 * This test process as a cluster node (short timings), shut down when the test finishes.
 *
 * @example
 * const a = await localNode(redis.url, 'a');
 */
export async function localNode(
  url: string,
  name: string,
  logger: Logger | false = false,
): Promise<ActorSystem> {
  const system = new ActorSystem({ logger, cluster: { redis: url, name, ...FAST } });
  onTestFinished(() => system.shutdown());
  await system.joinCluster();
  return system;
}

/**
 * One private Redis and forked nodes named `names` for every test of the calling file, started
 * before the first and stopped after the last. Read the fields inside tests.
 *
 * @example
 * const env = nodesPerFile('b', 'c');
 * it('...', async () => { await env.nodes[0]!.ask('spawn'); });
 */
export function nodesPerFile(...names: string[]): { redis: RedisServer; nodes: ClusterNode[] } {
  const env = { nodes: [] as ClusterNode[] } as { redis: RedisServer; nodes: ClusterNode[] };
  beforeAll(async () => {
    env.redis = await startRedis();
    env.nodes = await Promise.all(names.map((name) => ClusterNode.start(env.redis.url, name)));
  }, 30_000);
  afterAll(async () => {
    await Promise.all(env.nodes.map((node) => node.stop()));
    await env.redis?.stop();
  });
  return env;
}
