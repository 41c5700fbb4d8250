/**
 * The children of one static supervisor and what happens when one of them exits.
 *
 * Children live in an array in start order. A child whose `pid` is undefined is stopped but still
 * specified. Finding a child by pid (on every EXIT) or by id (on every operation) scans that
 * array while it is short, and goes through two maps once it grows past INDEX_AFTER: most
 * supervisors have one to a few children (one per live view), and two maps would cost ~180 B
 * each for nothing.
 *
 * When a child exits and its restart type says so, the strategy picks the group to restart:
 *
 *   children a, b, c, d; c crashes
 *   one_for_one:  restart c
 *   one_for_all:  stop d, b, a (reverse start order), then start a, b, c, d
 *   rest_for_one: stop d, then start c, d
 *
 * Each restart is first counted by a RestartIntensity; past the limit the supervisor stops
 * (`ctx.stop`), its `terminate` stops every child in reverse order, and it exits with
 * `{ error: RestartIntensityError }`: an abnormal reason, so its own supervisor restarts it
 * (escalation). A start that fails during a restart counts as one more restart and the group is
 * tried again, so a child that cannot start also ends in giving up.
 *
 * A significant child that ends for good may end the supervisor too (`autoShutdown`, see
 * supervisor-auto-shutdown.ts): it stops with `'normal'` and its `terminate` stops the rest.
 *
 * An EXIT from a pid that is not a current child is ignored: it is a child this supervisor
 * stopped itself (its EXIT arrives after the fact) or some other linked process. The parent's
 * exit signal never arrives as a message: the runtime runs `terminate` for it.
 */
import type { Context } from './behaviour.js';
import {
  announceRestart,
  mayRestart,
  notRestarted,
  startLinked,
  stopChild,
} from './child-lifecycle.js';
import {
  type ChildInfo,
  type ChildSpec,
  type ResolvedChildSpec,
  resolveChildSpec,
  shouldRestart,
} from './child-spec.js';
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import { RestartIntensity, type RestartLimits, resolveRestartLimits } from './restart-intensity.js';
import { type AutoShutdown, isWorkDone, resolveAutoShutdown } from './supervisor-auto-shutdown.js';
import {
  ChildExistsError,
  ChildNotFoundError,
  ChildRunningError,
  type ChildStartError,
} from './supervisor-errors.js';

/** How the siblings of a crashed child are treated. */
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

/**
 * What a static supervisor supervises and how.
 *
 * @example
 * const spec: SupervisorSpec = { strategy: 'one_for_one', children: [{ id: 'db', start: [db, url] }] };
 */
export interface SupervisorSpec {
  readonly strategy: Strategy;
  /** Restarts tolerated within `period` ms before the supervisor gives up. Default 3. */
  readonly intensity?: number | undefined;
  /** Sliding window for `intensity`, in ms on the system clock. Default 5000. */
  readonly period?: number | undefined;
  /** Started in this order, stopped in the reverse order. */
  readonly children: readonly ChildSpec[];
  /** Stop by itself (exit `'normal'`) when any, or the last running, of the children marked
   * `significant` ends for good. Default `'never'`. */
  readonly autoShutdown?: AutoShutdown | undefined;
}

/** Counts returned by `countChildren`. */
export interface ChildCounts {
  /** Every child the supervisor holds a spec for, running or not. */
  readonly specs: number;
  /** Children with a live pid. */
  readonly active: number;
  readonly supervisors: number;
  readonly workers: number;
}

/** A child: its spec and its pid in one object, not a wrapper around a copy of the spec. */
interface Child extends ResolvedChildSpec {
  pid: Pid | undefined;
}

function newChild(spec: ResolvedChildSpec): Child {
  const { id, start, restart, shutdown, type, name, significant } = spec;
  return { id, start, restart, shutdown, type, name, significant, pid: undefined };
}

const STRATEGIES: ReadonlySet<unknown> = new Set(['one_for_one', 'one_for_all', 'rest_for_one']);

/** Up to this many children a lookup scans the array; past it, maps index them. */
const INDEX_AFTER = 8;

/** The maps that find a child of a large supervisor. */
interface ChildIndex {
  readonly byId: Map<string, Child>;
  readonly byPid: Map<Pid, Child>;
}

/**
 * Checks a supervisor spec; throws a TypeError naming the problem.
 * @internal
 */
export function resolveSupervisorSpec(spec: SupervisorSpec): RestartLimits & {
  strategy: Strategy;
  autoShutdown: AutoShutdown;
  children: ResolvedChildSpec[];
} {
  if (typeof spec !== 'object' || spec === null)
    throw new TypeError('supervisor spec must be an object');
  if (!STRATEGIES.has(spec.strategy)) {
    throw new TypeError(`strategy must be 'one_for_one', 'one_for_all' or 'rest_for_one'`);
  }
  if (!Array.isArray(spec.children))
    throw new TypeError('supervisor spec: children must be an array');
  const autoShutdown = resolveAutoShutdown(spec.autoShutdown);
  const children = spec.children.map((child) => resolveChildSpec(child, autoShutdown));
  const ids = new Set<string>();
  for (const child of children) {
    if (ids.has(child.id)) throw new TypeError(`supervisor spec: duplicate child id '${child.id}'`);
    ids.add(child.id);
  }
  return { strategy: spec.strategy, autoShutdown, ...resolveRestartLimits(spec), children };
}

/** @internal */
export class SupervisorState {
  readonly #strategy: Strategy;
  readonly #intensity: number;
  readonly #period: number;
  readonly #autoShutdown: AutoShutdown;
  /** Created at the first restart: most supervisors never restart anything. */
  #window: RestartIntensity | undefined = undefined;
  #children: Child[];
  /** Created once there are more than INDEX_AFTER children. */
  #index: ChildIndex | undefined = undefined;

  constructor(spec: SupervisorSpec) {
    const resolved = resolveSupervisorSpec(spec);
    this.#strategy = resolved.strategy;
    this.#intensity = resolved.intensity;
    this.#period = resolved.period;
    this.#autoShutdown = resolved.autoShutdown;
    this.#children = resolved.children.map(newChild);
    this.#indexIfLarge();
  }

  /** Starts every child in order; on the first failure stops the started ones and rejects. */
  async startAll(ctx: Context): Promise<void> {
    for (const child of this.#children) {
      const error = await this.#start(child, ctx);
      if (error !== undefined) {
        await this.stopAll(ctx);
        throw error;
      }
    }
  }

  /** Stops every running child, last started first. */
  async stopAll(ctx: Context): Promise<void> {
    await this.#stopGroup(this.#children, ctx);
  }

  /**
   * Handles an EXIT message: restarts by strategy, or stops the supervisor past its intensity,
   * or when the child was significant and its work is done.
   */
  async onExit(from: Pid, reason: ExitReason, ctx: Context): Promise<void> {
    const child = this.#byPid(from);
    if (child === undefined) {
      notRestarted(ctx, from, 'its supervisor had stopped it');
      return;
    }
    this.#forget(child, from);
    if (shouldRestart(child.restart, reason)) {
      await this.#restart(child, from, reason, ctx);
      return;
    }
    notRestarted(ctx, from, `${child.restart} child`);
    if (child.restart === 'temporary') this.#remove(child);
    if (isWorkDone(this.#autoShutdown, child, this.#children)) ctx.stop('normal');
  }

  whichChildren(): ChildInfo[] {
    return this.#children.map(({ id, pid, type, restart }) => ({ id, pid, type, restart }));
  }

  countChildren(): ChildCounts {
    let active = 0;
    let supervisors = 0;
    for (const child of this.#children) {
      if (child.pid !== undefined) active++;
      if (child.type === 'supervisor') supervisors++;
    }
    const specs = this.#children.length;
    return { specs, active, supervisors, workers: specs - supervisors };
  }

  /** Adds a child at the end of the start order and starts it; a failed child is not kept. */
  async startChild(spec: ChildSpec, ctx: Context): Promise<Pid | Error> {
    let resolved: ResolvedChildSpec;
    try {
      resolved = resolveChildSpec(spec, this.#autoShutdown);
    } catch (error) {
      return error as TypeError;
    }
    if (this.#byId(resolved.id) !== undefined) return new ChildExistsError(resolved.id);
    const child = this.#add(resolved);
    const error = await this.#start(child, ctx);
    if (error !== undefined) {
      this.#remove(child);
      return error;
    }
    return child.pid!;
  }

  /** Starts a stopped child again, in its old place in the start order. */
  async restartChild(id: string, ctx: Context): Promise<Pid | Error> {
    const child = this.#byId(id);
    if (child === undefined) return new ChildNotFoundError(id);
    if (child.pid !== undefined) return new ChildRunningError(id);
    return (await this.#start(child, ctx)) ?? child.pid!;
  }

  /** Stops a child but keeps its spec (a temporary child is forgotten, as it would be on exit). */
  async terminateChild(id: string, ctx: Context): Promise<ChildNotFoundError | undefined> {
    const child = this.#byId(id);
    if (child === undefined) return new ChildNotFoundError(id);
    await this.#stopGroup([child], ctx);
    if (child.restart === 'temporary') this.#remove(child);
    return undefined;
  }

  /** Forgets a stopped child's spec. */
  deleteChild(id: string): Error | undefined {
    const child = this.#byId(id);
    if (child === undefined) return new ChildNotFoundError(id);
    if (child.pid !== undefined) return new ChildRunningError(id);
    this.#remove(child);
    return undefined;
  }

  async #restart(failed: Child, oldPid: Pid, reason: ExitReason, ctx: Context): Promise<void> {
    let group = this.#restartGroup(failed);
    const oldPids = new Map<Child, Pid | undefined>(group.map((c) => [c, c.pid]));
    oldPids.set(failed, oldPid);
    await this.#stopGroup(group, ctx);
    // Siblings that are temporary are stopped with the group but, like any temporary child,
    // never come back.
    for (const child of group) {
      if (child !== failed && child.restart === 'temporary') this.#remove(child);
    }
    group = group.filter((c) => this.#byId(c.id) === c);
    this.#window ??= new RestartIntensity(
      { intensity: this.#intensity, period: this.#period },
      ctx.system.clock,
    );
    for (;;) {
      if (!mayRestart(ctx, this.#window, oldPid)) return;
      if (await this.#startGroup(group, ctx)) break;
    }
    for (const child of group) {
      const event = { childId: child.id, oldPid: oldPids.get(child), pid: child.pid!, reason };
      announceRestart(ctx, event, this.#window);
    }
  }

  /** The crashed child plus the running siblings its strategy takes down with it, in start order. */
  #restartGroup(failed: Child): Child[] {
    if (this.#strategy === 'one_for_one') return [failed];
    const from = this.#strategy === 'one_for_all' ? 0 : this.#children.indexOf(failed);
    return this.#children.slice(from).filter((c) => c === failed || c.pid !== undefined);
  }

  /** Starts a group in order; if one fails, stops those just started and returns false. */
  async #startGroup(group: readonly Child[], ctx: Context): Promise<boolean> {
    for (const [index, child] of group.entries()) {
      if ((await this.#start(child, ctx)) !== undefined) {
        await this.#stopGroup(group.slice(0, index), ctx);
        return false;
      }
    }
    return true;
  }

  async #start(child: Child, ctx: Context): Promise<ChildStartError | undefined> {
    const outcome = await startLinked(ctx, child);
    if (!outcome.ok) return outcome.error;
    child.pid = outcome.pid;
    this.#index?.byPid.set(outcome.pid, child);
    return undefined;
  }

  /** Stops the running children of `group`, one at a time, last one first. */
  async #stopGroup(group: readonly Child[], ctx: Context): Promise<void> {
    for (let i = group.length - 1; i >= 0; i--) {
      const child = group[i]!;
      const pid = child.pid;
      if (pid === undefined) continue;
      this.#forget(child, pid);
      await stopChild(ctx.system, pid, child.shutdown);
    }
  }

  #forget(child: Child, pid: Pid): void {
    this.#index?.byPid.delete(pid);
    child.pid = undefined;
  }

  #add(spec: ResolvedChildSpec): Child {
    const child = newChild(spec);
    this.#children.push(child);
    if (this.#index !== undefined) this.#index.byId.set(spec.id, child);
    else this.#indexIfLarge();
    return child;
  }

  #remove(child: Child): void {
    this.#index?.byId.delete(child.id);
    this.#children = this.#children.filter((c) => c !== child);
  }

  #byId(id: string): Child | undefined {
    if (this.#index !== undefined) return this.#index.byId.get(id);
    return this.#children.find((c) => c.id === id);
  }

  #byPid(pid: Pid): Child | undefined {
    if (this.#index !== undefined) return this.#index.byPid.get(pid);
    return this.#children.find((c) => c.pid === pid);
  }

  /** Builds the maps once the children outgrow a scan; they then stay (a supervisor rarely shrinks). */
  #indexIfLarge(): void {
    if (this.#children.length <= INDEX_AFTER) return;
    const byId = new Map<string, Child>();
    const byPid = new Map<Pid, Child>();
    for (const child of this.#children) {
      byId.set(child.id, child);
      if (child.pid !== undefined) byPid.set(child.pid, child);
    }
    this.#index = { byId, byPid };
  }
}
