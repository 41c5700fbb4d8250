/**
 * One idle timer for many sockets. A server holds thousands of mostly idle connections; a
 * Timeout and its closure each would cost more than the rest of an idle connection. So the
 * connections created with one limits object (one server's) join one group, whose single timer
 * on the injected clock is armed while the group has members: each run asks every member to
 * close itself if it is overdue, then sleeps until the earliest deadline, but at least a tenth
 * of the timeout (at most 1 s), so a deadline is met at most that late.
 *
 * @example
 * const group = idleGroupOf(limits);
 * group.add(conn);    // conn.sweepIdle(now) is called from now on
 * group.delete(conn); // on close
 */
import type { Clock } from '../actors/index.js';

/**
 * What a group needs of a member: close it if it was silent too long, and tell when it falls
 * due next (Infinity once closing).
 * @internal
 */
export interface IdleMember {
  sweepIdle(now: number): number;
}

/**
 * The limits a group is keyed by and reads its clock and timeout from.
 * @internal
 */
export interface IdleLimits {
  readonly clock: Clock;
  readonly heartbeatTimeoutMs: number;
}

/** The sweep checks at most this often, so thousands of staggered deadlines cost few wake-ups. */
const MAX_SWEEP_DELAY_MS = 1000;

/**
 * The members of one limits object and their shared timer.
 * @internal
 */
export class IdleGroup {
  readonly #clock: Clock;
  readonly #timeout: number;
  readonly #minDelay: number;
  readonly #members = new Set<IdleMember>();
  #timer: unknown = undefined;
  /** Reads the clock; shared by the rate limiters of the group (one closure, not one each). */
  readonly now: () => number;

  constructor(limits: IdleLimits) {
    const clock = limits.clock;
    this.#clock = clock;
    this.#timeout = limits.heartbeatTimeoutMs;
    this.#minDelay = Math.min(limits.heartbeatTimeoutMs / 10, MAX_SWEEP_DELAY_MS);
    this.now = () => clock.now();
  }

  /** Starts watching a member that was active just now. */
  add(member: IdleMember): void {
    this.#members.add(member);
    // A later member falls due later: only the first one needs the timer set.
    if (this.#members.size === 1) this.#arm(this.#clock.now() + this.#timeout);
  }

  /** Stops watching a member; the timer stops with the last one. */
  delete(member: IdleMember): void {
    if (this.#members.delete(member) && this.#members.size === 0) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #arm(due: number): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(this.#sweep, due - this.#clock.now());
  }

  readonly #sweep = (): void => {
    this.#timer = undefined;
    const now = this.#clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const member of this.#members) next = Math.min(next, member.sweepIdle(now));
    if (this.#members.size > 0) this.#arm(Math.max(next, now + this.#minDelay));
  };
}

const groups = new WeakMap<IdleLimits, IdleGroup>();

/**
 * The group of `limits`, created on first use; dropped with the limits object.
 * @internal
 */
export function idleGroupOf(limits: IdleLimits): IdleGroup {
  let group = groups.get(limits);
  if (group === undefined) {
    group = new IdleGroup(limits);
    groups.set(limits, group);
  }
  return group;
}
