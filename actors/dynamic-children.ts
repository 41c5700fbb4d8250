/**
 * The children of one DynamicSupervisor: started on demand, restarted one_for_one, found by pid.
 * This is where every live view lives, so starting or losing a child costs O(1) whatever the
 * number of children: they are one Map keyed by pid, whose insertion order doubles as start order
 * (a restarted child counts as newly started). An EXIT from a pid not in the map (a child this
 * supervisor stopped itself, whose EXIT arrives after the fact) is ignored.
 */
import type { Context } from './behaviour.js';
import {
  announceRestart,
  mayRestart,
  notRestarted,
  type StartOutcome,
  startLinked,
  stopChild,
} from './child-lifecycle.js';
import {
  type ChildSpec,
  type ChildType,
  type ResolvedChildSpec,
  type RestartType,
  resolveChildSpec,
  shouldRestart,
} from './child-spec.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import { RestartIntensity, type RestartLimits, resolveRestartLimits } from './restart-intensity.js';
import { ChildNotFoundError, MaxChildrenError } from './supervisor-errors.js';
import type { ChildCounts } from './supervisor-state.js';

/**
 * Limits of a DynamicSupervisor.
 *
 * @example
 * const spec: DynamicSupervisorSpec = { intensity: 10, period: 1_000, maxChildren: 10_000 };
 */
export interface DynamicSupervisorSpec {
  /** Restarts tolerated within `period` ms before the supervisor gives up. Default 3. */
  readonly intensity?: number | undefined;
  /** Sliding window for `intensity`, in ms on the system clock. Default 5000. */
  readonly period?: number | undefined;
  /** startChild rejects with MaxChildrenError once this many children run. Default: no limit. */
  readonly maxChildren?: number | undefined;
}

/**
 * A child of a DynamicSupervisor: a ChildSpec whose id is optional (children are found by pid).
 * Live views are usually `restart: 'temporary'`.
 *
 * @example
 * const spec: DynamicChildSpec = { start: [counterView, 0], restart: 'temporary' };
 */
export interface DynamicChildSpec extends Omit<ChildSpec, 'id'> {
  /** Only labels the child in whichChildren and restart events. */
  readonly id?: string | undefined;
}

/** One row of `DynamicSupervisor.whichChildren`. */
export interface DynamicChildInfo {
  readonly id: string | undefined;
  readonly pid: Pid;
  readonly type: ChildType;
  readonly restart: RestartType;
}

/**
 * A child's spec and the id it was given, in one object: one per live view, so no wrapper.
 * (Never significant: a DynamicSupervisor has no automatic shutdown, as in OTP.)
 */
interface DynamicChild extends Omit<ResolvedChildSpec, 'significant'> {
  /** The id the caller gave, if any (`id` is `''` without one). */
  readonly givenId: string | undefined;
}

function newDynamicChild(spec: ResolvedChildSpec, givenId: string | undefined): DynamicChild {
  const { id, start, restart, shutdown, type, name } = spec;
  return { id, start, restart, shutdown, type, name, givenId };
}

interface DynamicLimits extends RestartLimits {
  readonly maxChildren: number;
}

/**
 * Checks the limits and fills in their defaults; throws a TypeError naming the problem.
 * @internal
 */
export function resolveDynamicSupervisorSpec(spec: DynamicSupervisorSpec): DynamicLimits {
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError('dynamic supervisor spec must be an object');
  }
  const maxChildren = spec.maxChildren ?? Number.POSITIVE_INFINITY;
  if (!(maxChildren >= 0)) throw new TypeError('maxChildren must be a number >= 0');
  return { ...resolveRestartLimits(spec), maxChildren };
}

/** @internal */
export class DynamicChildren {
  readonly #maxChildren: number;
  readonly #window: RestartIntensity;
  readonly #children = new Map<Pid, DynamicChild>();

  constructor(spec: DynamicSupervisorSpec, ctx: Context) {
    const limits = resolveDynamicSupervisorSpec(spec);
    this.#maxChildren = limits.maxChildren;
    this.#window = new RestartIntensity(limits, ctx.system.clock);
  }

  /** Starts one more child; a TypeError for a malformed spec, or the error of a failed start. */
  async startChild(spec: DynamicChildSpec, ctx: Context): Promise<Pid | Error> {
    if (this.#children.size >= this.#maxChildren) return new MaxChildrenError(this.#maxChildren);
    let resolved: ResolvedChildSpec;
    try {
      resolved = resolveChildSpec({ ...spec, id: spec.id ?? '' });
    } catch (error) {
      return error as TypeError;
    }
    const outcome = await startLinked(ctx, resolved);
    if (!outcome.ok) return outcome.error;
    this.#children.set(outcome.pid, newDynamicChild(resolved, spec.id));
    return outcome.pid;
  }

  /** Stops a child by its shutdown spec and forgets it. */
  async terminateChild(pid: Pid, ctx: Context): Promise<ChildNotFoundError | undefined> {
    const child = this.#children.get(pid);
    if (child === undefined) return new ChildNotFoundError(pid);
    await this.#stop(pid, child, ctx);
    return undefined;
  }

  /** Handles an EXIT message: restarts the child if its restart type says so. */
  async onExit(from: Pid, reason: ExitReason, ctx: Context): Promise<void> {
    const child = this.#children.get(from);
    if (child === undefined) {
      notRestarted(ctx, from, 'its supervisor had stopped it');
      return;
    }
    this.#children.delete(from);
    if (shouldRestart(child.restart, reason)) await this.#restart(child, from, reason, ctx);
    else notRestarted(ctx, from, `${child.restart} child`);
  }

  whichChildren(): DynamicChildInfo[] {
    const rows: DynamicChildInfo[] = [];
    for (const [pid, { givenId, type, restart }] of this.#children) {
      rows.push({ id: givenId, pid, type, restart });
    }
    return rows;
  }

  countChildren(): ChildCounts {
    let supervisors = 0;
    for (const { type } of this.#children.values()) if (type === 'supervisor') supervisors++;
    const active = this.#children.size;
    return { specs: active, active, supervisors, workers: active - supervisors };
  }

  /**
   * Stops every child. The exit signals go out newest first, but the waits overlap: a supervisor
   * of thousands of views should not stop them one at a time.
   */
  async stopAll(ctx: Context): Promise<void> {
    const entries = [...this.#children].reverse();
    await Promise.all(entries.map(([pid, child]) => this.#stop(pid, child, ctx)));
  }

  async #restart(
    child: DynamicChild,
    oldPid: Pid,
    reason: ExitReason,
    ctx: Context,
  ): Promise<void> {
    let outcome: StartOutcome | undefined;
    while (outcome?.ok !== true) {
      if (!mayRestart(ctx, this.#window, oldPid)) return;
      outcome = await startLinked(ctx, child);
    }
    this.#children.set(outcome.pid, child);
    announceRestart(ctx, { childId: child.id, oldPid, pid: outcome.pid, reason }, this.#window);
  }

  async #stop(pid: Pid, child: DynamicChild, ctx: Context): Promise<void> {
    this.#children.delete(pid);
    await stopChild(ctx.system, pid, child.shutdown);
  }
}
