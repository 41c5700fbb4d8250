/**
 * Cluster singletons: a child that runs on exactly one node of the cluster at a time, and moves
 * to another node when its node dies.
 *
 * Every node that starts the singleton runs a small manager process. The managers compete for a
 * lease in Redis (`lease:<name>`, SET NX PX); the winner gets the next fencing token (INCR
 * `token:<name>`), starts the child linked to itself, registers it globally under the name, and
 * renews the lease every `lease / 3`. The others wait until the lease can expire (its PTTL) and
 * try again, so when the owner's node is SIGKILLed another node takes over at most `lease` ms
 * after the owner's last renewal.
 *
 * An owner that cannot renew (Redis away, or its lease taken after it was paused) kills its child
 * when its lease runs out on its own clock, counted from when it *sent* the last successful
 * renewal, so it stops no later than Redis frees the lease. A process paused right through that
 * moment cannot stop itself in time; that is what the fencing token is for (fenced-value.ts).
 */
import { performance } from 'node:perf_hooks';
import type { Behaviour, Context, ExitMessage } from '../behaviour.js';
import type { ChildBehaviour, ChildSpec } from '../child-spec.js';
import type { ExitReason } from '../exit-reason.js';
import type { Pid } from '../pid.js';
import type { ActorSystem } from '../system.js';
import type { SingletonLease } from './fenced-value.js';
import { Script } from './script.js';

const ACQUIRE = new Script(`
local cur = redis.call('GET', KEYS[1])
if cur then
  local owner, token = string.match(cur, '^(%S+) (%d+)$')
  if owner == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return { 1, tonumber(token) }
  end
  return { 0, redis.call('PTTL', KEYS[1]) }
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. token, 'PX', ARGV[2])
return { 1, token }`);

const RENEW = new Script(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`);

const RELEASE = new Script(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`);

/**
 * What runs as a cluster singleton.
 *
 * @example
 * const spec: ClusterSingletonSpec = { name: 'stock', start: (lease) => [stock, { token: lease.token }] };
 */
export interface ClusterSingletonSpec {
  /** Cluster-wide name: one child per name runs in the cluster; it is registered globally under it. */
  readonly name: string;
  /** The child to start on the node that wins the lease, given that lease (its fencing token). */
  readonly start: (lease: SingletonLease) => readonly [behaviour: ChildBehaviour, arg: unknown];
  /** The lease in ms; default the cluster's `lease` option (5000). */
  readonly lease?: number | undefined;
  /** Register the child globally under `name` (default true). */
  readonly register?: boolean | undefined;
}

const TRY = { type: 'SINGLETON_TRY' } as const;
const RENEW_NOW = { type: 'SINGLETON_RENEW' } as const;
const REGISTER_NOW = { type: 'SINGLETON_REGISTER' } as const;
type ManagerMessage = typeof TRY | typeof RENEW_NOW | typeof REGISTER_NOW | ExitMessage;

interface ManagerState {
  readonly spec: ClusterSingletonSpec;
  child: Pid | undefined;
  token: number;
  /** "<manager pid> <token>": the lease's value while this manager owns it. */
  owned: string | undefined;
  watchdog: NodeJS.Timeout | undefined;
}

// Without a cluster the singleton runs on the one node; its tokens still grow, per system.
const localTokens = new WeakMap<ActorSystem, Map<string, number>>();

/** The manager: competes for the lease and runs the child while it holds it. @internal */
const manager: Behaviour<
  ManagerState,
  ClusterSingletonSpec,
  never,
  unknown,
  never,
  ManagerMessage
> = {
  init(spec, ctx) {
    ctx.trapExit(true);
    ctx.system.send(ctx.self, TRY);
    return { spec, child: undefined, token: 0, owned: undefined, watchdog: undefined };
  },

  async handleInfo(msg, state, ctx) {
    if (msg.type === 'EXIT') return childExited(msg, state, ctx);
    if (msg.type === 'SINGLETON_TRY') await acquire(state, ctx);
    else if (msg.type === 'SINGLETON_RENEW') await renew(state, ctx);
    else await register(state, ctx);
    return state;
  },

  async terminate(_reason, state, ctx) {
    clearTimeout(state.watchdog);
    if (state.child !== undefined && ctx.system.isAlive(state.child)) {
      ctx.system.exit(state.child, 'shutdown');
      await ctx.system.exited(state.child);
    }
    await release(state, ctx).catch(() => {});
  },
};

function leaseOf(state: ManagerState, ctx: Context): number {
  return state.spec.lease ?? ctx.system.cluster?.options.lease ?? 5_000;
}

async function acquire(state: ManagerState, ctx: Context): Promise<void> {
  if (state.child !== undefined) return;
  const cluster = ctx.system.cluster;
  const lease = leaseOf(state, ctx);
  if (cluster === undefined) {
    const tokens = localTokens.get(ctx.system) ?? new Map<string, number>();
    localTokens.set(ctx.system, tokens);
    const token = (tokens.get(state.spec.name) ?? 0) + 1;
    tokens.set(state.spec.name, token);
    startChild(state, ctx, token);
    return;
  }
  const sentAt = performance.now();
  let answer: [number, number];
  try {
    const { redis, keys } = cluster.internals;
    answer = (await ACQUIRE.run(
      redis.commands,
      [keys.lease(state.spec.name), keys.token(state.spec.name)],
      [ctx.self, String(lease)],
    )) as [number, number];
  } catch {
    ctx.system.sendAfter(ctx.self, TRY, lease / 5);
    return;
  }
  if (ctx.aborted) return;
  const [won, detail] = answer;
  if (won !== 1) {
    // Try again when the lease can have expired: its remaining time, a little after.
    ctx.system.sendAfter(ctx.self, TRY, detail > 0 ? Math.min(detail + 5, lease) : lease / 5);
    return;
  }
  state.owned = `${ctx.self} ${detail}`;
  armWatchdog(state, ctx, sentAt + lease);
  startChild(state, ctx, detail);
  ctx.system.sendAfter(ctx.self, RENEW_NOW, lease / 3);
}

function startChild(state: ManagerState, ctx: Context, token: number): void {
  state.token = token;
  const lease: SingletonLease = {
    name: state.spec.name,
    token,
    node: ctx.system.id,
    holder: ctx.self,
  };
  const [behaviour, arg] = state.spec.start(lease);
  state.child = ctx.spawnLink(behaviour, arg);
  if (state.spec.register !== false) ctx.system.send(ctx.self, REGISTER_NOW);
}

async function register(state: ManagerState, ctx: Context): Promise<void> {
  const child = state.child;
  if (child === undefined) return;
  try {
    await ctx.system.registerGlobal(state.spec.name, child);
  } catch (error) {
    // Still held by the previous owner, whose node is not declared down yet: try again soon.
    if ((error as { code?: string }).code === 'ERR_NAME_TAKEN' || !ctx.system.isAlive(child)) {
      if (state.child === child)
        ctx.system.sendAfter(ctx.self, REGISTER_NOW, leaseOf(state, ctx) / 5);
      return;
    }
    ctx.system.sendAfter(ctx.self, REGISTER_NOW, leaseOf(state, ctx) / 5);
  }
}

async function renew(state: ManagerState, ctx: Context): Promise<void> {
  const cluster = ctx.system.cluster;
  const owned = state.owned;
  if (cluster === undefined || owned === undefined) return;
  const lease = leaseOf(state, ctx);
  const sentAt = performance.now();
  let kept: number;
  try {
    const { redis, keys } = cluster.internals;
    kept = (await RENEW.run(
      redis.commands,
      [keys.lease(state.spec.name)],
      [owned, String(lease)],
    )) as number;
  } catch {
    if (state.owned === owned) ctx.system.sendAfter(ctx.self, RENEW_NOW, lease / 10);
    return;
  }
  if (state.owned !== owned) return;
  if (kept === 1) {
    armWatchdog(state, ctx, sentAt + lease);
    ctx.system.sendAfter(ctx.self, RENEW_NOW, lease / 3);
  } else {
    loseLease(state, ctx, 'the lease was taken by another node');
  }
}

/** Kills the child when the lease runs out on this node's clock, even if the manager is stuck. */
function armWatchdog(state: ManagerState, ctx: Context, deadline: number): void {
  clearTimeout(state.watchdog);
  state.watchdog = setTimeout(
    () => loseLease(state, ctx, 'the lease expired before it could be renewed'),
    Math.max(0, deadline - performance.now()),
  );
}

function loseLease(state: ManagerState, ctx: Context, why: string): void {
  clearTimeout(state.watchdog);
  state.watchdog = undefined;
  if (state.owned === undefined || ctx.aborted) return;
  state.owned = undefined;
  const child = state.child;
  ctx.system.logger.warn(
    { singleton: state.spec.name, token: state.token, child },
    `singleton stopped here: ${why}`,
  );
  // No terminate: another node may own the singleton already, so this one must not act again.
  if (child !== undefined) ctx.system.exit(child, 'kill');
}

function childExited(msg: ExitMessage, state: ManagerState, ctx: Context): ManagerState {
  if (msg.from !== state.child) return state;
  state.child = undefined;
  if (state.owned === undefined && ctx.system.cluster !== undefined) {
    // Killed because the lease was lost: compete again.
    ctx.system.send(ctx.self, TRY);
    return state;
  }
  // The child ended by itself: hand the lease back and exit the same way, so the supervisor
  // above applies its restart policy (a restarted manager competes again).
  void release(state, ctx).catch(() => {});
  ctx.stop(msg.reason as ExitReason);
  return state;
}

async function release(state: ManagerState, ctx: Context): Promise<void> {
  clearTimeout(state.watchdog);
  const owned = state.owned;
  const cluster = ctx.system.cluster;
  state.owned = undefined;
  if (owned === undefined || cluster === undefined || !cluster.isJoined) return;
  const { redis, keys } = cluster.internals;
  await RELEASE.run(redis.commands, [keys.lease(state.spec.name)], [owned]);
}

/**
 * Starts a cluster singleton: as a supervisor's child (`ClusterSingleton.childSpec`) or alone
 * (`ClusterSingleton.start`). Start it on every node; it runs on one.
 *
 * @example
 * await Supervisor.start(system, { strategy: 'one_for_one', children: [
 *   ClusterSingleton.childSpec({ name: 'stock', start: (lease) => [stock, { token: lease.token }] }),
 * ] });
 * await system.call('stock', 'left'); // from any node, once it runs somewhere
 */
export const ClusterSingleton = {
  childSpec(spec: ClusterSingletonSpec, opts: { id?: string | undefined } = {}): ChildSpec {
    checkSpec(spec);
    return {
      id: opts.id ?? `singleton:${spec.name}`,
      start: [manager as ChildBehaviour, spec],
      shutdown: 10_000,
    };
  },

  start(system: ActorSystem, spec: ClusterSingletonSpec): Pid {
    checkSpec(spec);
    return system.spawn(manager as ChildBehaviour, spec);
  },
};

function checkSpec(spec: ClusterSingletonSpec): void {
  if (typeof spec?.name !== 'string' || spec.name === '')
    throw new TypeError('ClusterSingleton: name must be a non-empty string');
  if (typeof spec.start !== 'function')
    throw new TypeError(
      `ClusterSingleton '${spec.name}': start must be a function (lease) => [behaviour, arg]`,
    );
}
