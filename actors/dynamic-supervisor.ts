import type { AnyBehaviour, Behaviour, From } from './behaviour.js';
import { markSupervisor } from './crash-report.js';
import {
  type DynamicChildInfo,
  DynamicChildren,
  type DynamicChildSpec,
  type DynamicSupervisorSpec,
  resolveDynamicSupervisorSpec,
} from './dynamic-children.js';
import type { Pid } from './pid.js';
import {
  callSupervisor,
  isExitMessage,
  replyWith,
  type SupervisorCallOptions,
  type SupervisorReply,
  spawnSupervisor,
} from './supervisor-protocol.js';
import type { ChildCounts } from './supervisor-state.js';
import type { ActorSystem } from './system.js';
import type { SpawnOptions } from './system-options.js';

export type { DynamicChildInfo, DynamicChildSpec, DynamicSupervisorSpec };

type DynamicCall =
  | { readonly type: 'start_child'; readonly spec: DynamicChildSpec }
  | { readonly type: 'terminate_child'; readonly pid: Pid }
  | { readonly type: 'which_children' }
  | { readonly type: 'count_children' };

type StartTuple = DynamicChildSpec['start'];

const dynamicBehaviour: Behaviour<
  DynamicChildren,
  DynamicSupervisorSpec,
  DynamicCall,
  SupervisorReply<unknown>
> = {
  init(spec, ctx) {
    ctx.trapExit(true);
    return new DynamicChildren(spec, ctx);
  },

  async handleCall(msg, _from: From, state, ctx) {
    switch (msg.type) {
      case 'start_child':
        return { reply: replyWith(await state.startChild(msg.spec, ctx)), state };
      case 'terminate_child':
        return { reply: replyWith(await state.terminateChild(msg.pid, ctx)), state };
      case 'which_children':
        return { reply: replyWith(state.whichChildren()), state };
      case 'count_children':
        return { reply: replyWith(state.countChildren()), state };
    }
  },

  async handleInfo(msg, state, ctx) {
    if (isExitMessage(msg)) await state.onExit(msg.from, msg.reason, ctx);
    return state;
  },

  async terminate(_reason, state, ctx) {
    await state.stopAll(ctx);
  },

  name: 'DynamicSupervisor',
};
markSupervisor(dynamicBehaviour);

function isStartTuple(spec: DynamicChildSpec | StartTuple): spec is StartTuple {
  return Array.isArray(spec);
}

/**
 * A one_for_one supervisor for children started at run time and addressed by pid. The same
 * intensity rule as `Supervisor` applies; a restart emits the system's `restart` event with
 * `childId` set to the child's id, or `''` when it has none.
 *
 * @example
 * const views = await DynamicSupervisor.start(system, { maxChildren: 10_000 });
 * const view = await DynamicSupervisor.startChild(system, views, { start: [counterView, 0], restart: 'temporary' });
 * await DynamicSupervisor.terminateChild(system, views, view);
 */
export const DynamicSupervisor = {
  /** Spawns a dynamic supervisor with no children. Malformed limits throw a TypeError at once. */
  start(system: ActorSystem, spec: DynamicSupervisorSpec = {}, opts?: SpawnOptions): Promise<Pid> {
    resolveDynamicSupervisorSpec(spec);
    return spawnSupervisor(system, dynamicBehaviour, spec, opts);
  },

  /** The behaviour, to run a dynamic supervisor as the child of another supervisor. */
  behaviour: dynamicBehaviour as AnyBehaviour<unknown, DynamicSupervisorSpec>,

  /**
   * Starts a child linked to the supervisor and resolves with its pid once its `init` returned.
   * `[behaviour, arg]` is short for `{ start: [behaviour, arg] }`. Rejects with ChildStartError
   * (`ERR_CHILD_START`) if it fails to start, MaxChildrenError (`ERR_MAX_CHILDREN`) when full.
   */
  startChild(
    system: ActorSystem,
    sup: Pid | string,
    spec: DynamicChildSpec | StartTuple,
    opts?: SupervisorCallOptions,
  ): Promise<Pid> {
    const full = isStartTuple(spec) ? { start: spec } : spec;
    return callSupervisor(system, sup, { type: 'start_child', spec: full }, opts);
  },

  /** Stops a child by its shutdown spec and forgets it; ChildNotFoundError for another pid. */
  terminateChild(
    system: ActorSystem,
    sup: Pid | string,
    pid: Pid,
    opts?: SupervisorCallOptions,
  ): Promise<void> {
    return callSupervisor(system, sup, { type: 'terminate_child', pid }, opts);
  },

  /** Every running child, oldest start first. */
  whichChildren(
    system: ActorSystem,
    sup: Pid | string,
    opts?: SupervisorCallOptions,
  ): Promise<DynamicChildInfo[]> {
    return callSupervisor(system, sup, { type: 'which_children' }, opts);
  },

  /** How many children run, and of which type (`specs` equals `active` here). */
  countChildren(
    system: ActorSystem,
    sup: Pid | string,
    opts?: SupervisorCallOptions,
  ): Promise<ChildCounts> {
    return callSupervisor(system, sup, { type: 'count_children' }, opts);
  },
} as const;
