/**
 * How the task pool's failures read in the crash log. A failed task ends no process (its asker
 * gets TASK_FAILED and decides), but its stack is in the worker, where nobody else sees it.
 */
import { basename } from 'node:path';
import type { FailureReport } from './crash-report.js';
import type { TaskFailure, TaskSpec } from './tasks.js';

/**
 * The record of a task that threw or whose worker died.
 * @internal
 */
export function taskFailure({ pid, ref, spec, error }: TaskFailure): FailureReport {
  const task = taskName(spec);
  return {
    subject: `task ${task}`,
    error,
    next: `TASK_FAILED sent to ${pid}`,
    fields: { during: `task ${task}`, pid, task, ref },
  };
}

/**
 * The record of a pool error no task can be blamed for (an idle worker's uncaught exception).
 * @internal
 */
export function taskPoolFailure(error: unknown): FailureReport {
  return { subject: 'the task pool', error, next: 'the worker is replaced' };
}

/** `resize.ts` or `image.ts#resize`: enough to find the file, short enough for a log line. */
function taskName(spec: TaskSpec): string {
  const href = spec.filename instanceof URL ? spec.filename.pathname : String(spec.filename);
  const file = basename(href);
  return spec.name === undefined ? file : `${file}#${spec.name}`;
}
