/**
 * Where a shared process of the examples (the reservations stock, the box office, the chat
 * room) keeps its state, so that the state outlives the process that holds it.
 *
 * On one node the state stays in this node's memory, beside the process: a crashed process is
 * restarted by its supervisor and finds what its predecessor saved. In a cluster the process is
 * a cluster singleton and its state lives in Redis, written with the fencing token of its lease
 * (FencedValue): the node that takes over after a SIGKILL reads the last state written, and an
 * owner that was paused past its lease, or cut off from Redis, cannot write at all (its save
 * rejects StaleTokenError and it stops). Either way the process saves *before* it answers or
 * broadcasts, so nothing anyone heard of can be lost in a failover.
 */
import type { ActorSystem, SingletonLease } from '../../actors/index.js';

/**
 * The state of one shared process.
 *
 * @example
 * const store = stateStore<{ left: number }>(ctx.system, lease);
 * const state = (await store.load()) ?? { left: 10 };
 * await store.save({ left: state.left - 1 }); // then answer, then broadcast
 */
export interface StateStore<T> {
  /** The last state saved, or undefined if none was. */
  load(): Promise<T | undefined>;
  /** Saves `state`; rejects (StaleTokenError in a cluster) when this owner must stop. */
  save(state: T): Promise<void>;
}

// One node's saved states, per system (tests run several systems in one process).
const local = new WeakMap<ActorSystem, Map<string, unknown>>();

/**
 * The store of singleton `lease.name`: in Redis, fenced by the lease's token, on a cluster node;
 * in this node's memory otherwise.
 *
 * @example
 * init: async ({ lease }, ctx) => ({ store: stateStore(ctx.system, lease), ... })
 */
export function stateStore<T>(system: ActorSystem, lease: SingletonLease): StateStore<T> {
  const cluster = system.cluster;
  if (cluster !== undefined) {
    const value = cluster.fenced<T>(lease.name);
    return {
      load: async () => (await value.read())?.value,
      save: (state) => value.write(lease.token, state),
    };
  }
  let states = local.get(system);
  if (states === undefined) {
    states = new Map();
    local.set(system, states);
  }
  const saved = states;
  // Copies both ways, as Redis would: a process changing its state in place cannot change what
  // was saved.
  return {
    load: async () => structuredClone(saved.get(lease.name) as T | undefined),
    save: async (state) => {
      saved.set(lease.name, structuredClone(state));
    },
  };
}
