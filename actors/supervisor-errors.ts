import { LiveActorError } from './errors.js';
import { describeReason, type ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';

/**
 * A child's `init` failed (it threw, or the process died before it was ready), so the supervisor
 * could not start it. `Supervisor.start` and `startChild` reject with this; `reason` is the
 * child's exit reason and `cause` the thrown value when there was one.
 *
 * @example
 * await expect(Supervisor.start(system, spec)).rejects.toMatchObject({ code: 'ERR_CHILD_START' });
 */
export class ChildStartError extends LiveActorError {
  readonly childId: string;
  readonly reason: ExitReason;
  constructor(childId: string, reason: ExitReason) {
    const cause = typeof reason === 'object' ? reason.error : undefined;
    const message =
      cause instanceof ChildStartError
        ? `child '${childId}' failed to start because its own child '${cause.childId}' did; see cause`
        : `child '${childId}' failed to start (exit reason ${describeReason(reason)}); fix its init, or its start arguments`;
    super('ERR_CHILD_START', message, cause === undefined ? undefined : { cause });
    this.childId = childId;
    this.reason = reason;
  }
}

/**
 * A supervisor restarted its children more than `intensity` times within `period` ms and gave
 * up. It is the `error` of the supervisor's exit reason, which its own parent treats as abnormal.
 *
 * @example
 * system.on('exit', ({ reason }) => {
 *   if (typeof reason === 'object' && reason.error instanceof RestartIntensityError) alert();
 * });
 */
export class RestartIntensityError extends LiveActorError {
  readonly supervisor: Pid;
  readonly intensity: number;
  readonly period: number;
  constructor(supervisor: Pid, intensity: number, period: number) {
    super(
      'ERR_RESTART_INTENSITY',
      `supervisor ${supervisor} reached its restart intensity (more than ${intensity} restarts in ${period} ms) and shut down; a child keeps crashing`,
    );
    this.supervisor = supervisor;
    this.intensity = intensity;
    this.period = period;
  }
}

/**
 * No child with this id (or, for a DynamicSupervisor, this pid) belongs to the supervisor.
 *
 * @example
 * await expect(Supervisor.restartChild(system, sup, 'nope')).rejects.toMatchObject({ code: 'ERR_CHILD_NOT_FOUND' });
 */
export class ChildNotFoundError extends LiveActorError {
  readonly child: string;
  constructor(child: string) {
    super('ERR_CHILD_NOT_FOUND', `no child '${child}' in this supervisor; check whichChildren()`);
    this.child = child;
  }
}

/**
 * The operation needs a stopped child, but this one is running (`restartChild`, `deleteChild`).
 *
 * @example
 * await expect(Supervisor.deleteChild(system, sup, 'db')).rejects.toMatchObject({ code: 'ERR_CHILD_RUNNING' });
 */
export class ChildRunningError extends LiveActorError {
  readonly childId: string;
  constructor(childId: string) {
    super('ERR_CHILD_RUNNING', `child '${childId}' is running; call terminateChild first`);
    this.childId = childId;
  }
}

/**
 * `startChild` was given an id that the supervisor already holds.
 *
 * @example
 * await expect(Supervisor.startChild(system, sup, { id: 'db', start })).rejects.toMatchObject({ code: 'ERR_CHILD_EXISTS' });
 */
export class ChildExistsError extends LiveActorError {
  readonly childId: string;
  constructor(childId: string) {
    super(
      'ERR_CHILD_EXISTS',
      `a child with id '${childId}' already exists; pick another id or deleteChild it first`,
    );
    this.childId = childId;
  }
}

/**
 * A DynamicSupervisor already runs `maxChildren` children.
 *
 * @example
 * await expect(DynamicSupervisor.startChild(system, sup, [worker, null])).rejects.toMatchObject({ code: 'ERR_MAX_CHILDREN' });
 */
export class MaxChildrenError extends LiveActorError {
  readonly maxChildren: number;
  constructor(maxChildren: number) {
    super(
      'ERR_MAX_CHILDREN',
      `the supervisor already runs its maximum of ${maxChildren} children; raise maxChildren or shed load`,
    );
    this.maxChildren = maxChildren;
  }
}
