/**
 * A shared process of the examples (the reservations stock, the box office, the chat room, and
 * more): one for the whole app, under a name every view calls.
 *
 * It runs as a ClusterSingleton. On one node that is simply a supervised process registered
 * under its name. In a cluster it runs on one node at a time; when that node dies another takes
 * over within the lease time, with a higher fencing token, and reads the state its predecessor
 * saved (state-store.ts).
 *
 * A call made while it moves fails (the name is free, the old node is down, or the call timed
 * out), so views call through `callShared`, which tries again until the process answers or
 * `within` ms have passed. Trying again is only safe for a request that can arrive twice:
 * the processes here record each sale's request id, and answer a repeat from that record rather
 * than selling twice.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  type ActorSystem,
  ClusterSingleton,
  type ClusterSingletonSpec,
  type Pid,
  Supervisor,
} from '../../actors/index.js';

/** Errors that mean "not there right now", worth another try. */
const MOVING = new Set(['ERR_NO_PROCESS', 'ERR_PROCESS_EXITED', 'ERR_CALL_TIMEOUT']);

/**
 * Starts the shared process `name` on this node (in a cluster: competes to run it).
 *
 * @example
 * await startShared(system, 'stock', (lease) => [stock, { lease, pubsub }]);
 */
export function startShared(
  system: ActorSystem,
  name: string,
  start: ClusterSingletonSpec['start'],
): Promise<Pid> {
  return Supervisor.start(system, {
    strategy: 'one_for_one',
    children: [ClusterSingleton.childSpec({ name, start })],
  });
}

/** Options of {@link callShared}. */
export interface CallSharedOptions {
  /** How long to keep trying, in ms; default 15 000 (a failover takes at most ~10 s). */
  readonly within?: number | undefined;
}

/**
 * Calls the shared process `name`, trying again while it is not there (starting, or moving to
 * another node), for up to `within` ms; then rejects with the last error.
 *
 * @example
 * const left = await callShared<number>(socket.system, 'stock', { type: 'left' });
 */
export async function callShared<R>(
  system: ActorSystem,
  name: string,
  msg: unknown,
  opts: CallSharedOptions = {},
): Promise<R> {
  const deadline = performance.now() + (opts.within ?? 15_000);
  let wait = 20;
  for (;;) {
    const left = deadline - performance.now();
    try {
      return await system.call<R>(name, msg, { timeout: Math.max(1, Math.min(5_000, left)) });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !MOVING.has(code) || performance.now() + wait >= deadline) {
        throw error;
      }
    }
    await delay(wait);
    wait = Math.min(wait * 2, 500);
  }
}
