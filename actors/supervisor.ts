import type { AnyBehaviour, Behaviour, From } from './behaviour.js';
import type { ChildInfo, ChildSpec } from './child-spec.js';
import { markSupervisor } from './crash-report.js';
import type { Pid } from './pid.js';
import {
  callSupervisor,
  isExitMessage,
  replyWith,
  type SupervisorCallOptions,
  type SupervisorReply,
  spawnSupervisor,
} from './supervisor-protocol.js';
import {
  type ChildCounts,
  resolveSupervisorSpec,
  type SupervisorSpec,
  SupervisorState,
} from './supervisor-state.js';
import type { ActorSystem } from './system.js';
import type { SpawnOptions } from './system-options.js';

/** The calls a static supervisor answers; sent by the `Supervisor` functions. */
type SupervisorCall =
  | { readonly type: 'which_children' }
  | { readonly type: 'count_children' }
  | { readonly type: 'start_child'; readonly spec: ChildSpec }
  | { readonly type: 'terminate_child'; readonly id: string }
  | { readonly type: 'restart_child'; readonly id: string }
  | { readonly type: 'delete_child'; readonly id: string };

const supervisorBehaviour: Behaviour<
  SupervisorState,
  SupervisorSpec,
  SupervisorCall,
  SupervisorReply<unknown>
> = {
  async init(spec, ctx) {
    ctx.trapExit(true);
    const state = new SupervisorState(spec);
    await state.startAll(ctx);
    return state;
  },

  async handleCall(msg, _from: From, state, ctx) {
    switch (msg.type) {
      case 'which_children':
        return { reply: replyWith(state.whichChildren()), state };
      case 'count_children':
        return { reply: replyWith(state.countChildren()), state };
      case 'start_child':
        return { reply: replyWith(await state.startChild(msg.spec, ctx)), state };
      case 'terminate_child':
        return { reply: replyWith(await state.terminateChild(msg.id, ctx)), state };
      case 'restart_child':
        return { reply: replyWith(await state.restartChild(msg.id, ctx)), state };
      case 'delete_child':
        return { reply: replyWith(state.deleteChild(msg.id)), state };
    }
  },

  async handleInfo(msg, state, ctx) {
    if (isExitMessage(msg)) await state.onExit(msg.from, msg.reason, ctx);
    return state;
  },

  async terminate(_reason, state, ctx) {
    // Reached when the parent or the system shuts this supervisor down, when it gives up, or if
    // it crashed: its children go first, last started first.
    await state.stopAll(ctx);
  },

  name: 'Supervisor',
};
markSupervisor(supervisorBehaviour);

/**
 * Supervisors in the OTP manner: a process that starts children, watches them through links,
 * and restarts them by their strategy and restart type, giving up (and so escalating to its own
 * supervisor) when restarts come too often.
 *
 * - Strategies: `'one_for_one'` restarts the crashed child; `'one_for_all'` stops the other
 *   running children (last started first) and restarts them all in start order;
 *   `'rest_for_one'` does that for the crashed child and the ones started after it.
 * - More than `intensity` restarts within `period` ms (on the system clock): the supervisor
 *   stops its children in reverse start order and exits with `{ error: RestartIntensityError }`.
 * - Each restarted child emits the system's `restart` event; for the siblings that a strategy
 *   restarts, `reason` is the exit reason of the child that crashed.
 * - A child stopped with `terminateChild` stays stopped, even when a sibling's crash restarts the
 *   others under `'one_for_all'` or `'rest_for_one'`, until `restartChild`.
 * - `autoShutdown: 'any_significant' | 'all_significant'` makes it a unit of work: it stops by
 *   itself, exiting `'normal'`, once any (or the last running) child marked `significant` has
 *   ended for good by its own doing (see supervisor-auto-shutdown.ts).
 * - Operations are calls to the supervisor process, so they queue behind a restart in progress;
 *   pass `{ timeout }` when a child's `shutdown` may take longer than the call default.
 *
 * @example
 * const sup = await Supervisor.start(system, {
 *   strategy: 'one_for_one', intensity: 3, period: 5_000,
 *   children: [
 *     { id: 'cache', start: [cache, { size: 100 }] },
 *     Supervisor.childSpec('views', { strategy: 'one_for_all', children: [] }),
 *   ],
 * });
 * const [cacheInfo] = await Supervisor.whichChildren(system, sup);
 */
export const Supervisor = {
  /**
   * Spawns a supervisor and starts its children in order, each `init` awaited. If a child fails
   * to start, the ones already started are stopped in reverse order, the supervisor exits, and
   * the promise rejects with a ChildStartError (`ERR_CHILD_START`).
   * A malformed spec throws a TypeError at once.
   */
  start(system: ActorSystem, spec: SupervisorSpec, opts?: SpawnOptions): Promise<Pid> {
    resolveSupervisorSpec(spec);
    return spawnSupervisor(system, supervisorBehaviour, spec, opts);
  },

  /** The supervisor behaviour, to run a supervisor as the child of another (see `childSpec`). */
  behaviour: supervisorBehaviour as AnyBehaviour<unknown, SupervisorSpec>,

  /** A child spec that runs a nested supervisor: type 'supervisor', shutdown 'infinity'. */
  childSpec(
    id: string,
    spec: SupervisorSpec,
    overrides?: Partial<Omit<ChildSpec, 'id' | 'start'>>,
  ): ChildSpec {
    return {
      id,
      start: [supervisorBehaviour, spec],
      type: 'supervisor',
      shutdown: 'infinity',
      ...overrides,
    };
  },

  /** Every child in start order, with its pid (undefined while stopped). */
  whichChildren(
    system: ActorSystem,
    sup: Pid | string,
    opts?: SupervisorCallOptions,
  ): Promise<ChildInfo[]> {
    return callSupervisor(system, sup, { type: 'which_children' }, opts);
  },

  /** How many children: specified, running, supervisors, workers. */
  countChildren(
    system: ActorSystem,
    sup: Pid | string,
    opts?: SupervisorCallOptions,
  ): Promise<ChildCounts> {
    return callSupervisor(system, sup, { type: 'count_children' }, opts);
  },

  /** Adds a child at the end of the start order and starts it; resolves with its pid. */
  startChild(
    system: ActorSystem,
    sup: Pid | string,
    spec: ChildSpec,
    opts?: SupervisorCallOptions,
  ): Promise<Pid> {
    return callSupervisor(system, sup, { type: 'start_child', spec }, opts);
  },

  /** Stops a child by its shutdown spec and keeps its spec; it is not restarted until restartChild. */
  terminateChild(
    system: ActorSystem,
    sup: Pid | string,
    id: string,
    opts?: SupervisorCallOptions,
  ): Promise<void> {
    return callSupervisor(system, sup, { type: 'terminate_child', id }, opts);
  },

  /** Starts a terminated child again; resolves with its new pid. */
  restartChild(
    system: ActorSystem,
    sup: Pid | string,
    id: string,
    opts?: SupervisorCallOptions,
  ): Promise<Pid> {
    return callSupervisor(system, sup, { type: 'restart_child', id }, opts);
  },

  /** Forgets a terminated child's spec. */
  deleteChild(
    system: ActorSystem,
    sup: Pid | string,
    id: string,
    opts?: SupervisorCallOptions,
  ): Promise<void> {
    return callSupervisor(system, sup, { type: 'delete_child', id }, opts);
  },
} as const;
