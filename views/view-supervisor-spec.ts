/**
 * The spec of one view's own supervisor (see view-supervisor.ts): the view process, restarted
 * on a crash within its limits, the supervisor ending with it. Apart from view-supervisor.ts,
 * which names the view behaviour, so that a view's runtime can start its nested views' own
 * supervisors (child-views.ts) without importing the process module that hosts it.
 */
import type { AnyBehaviour, RestartLimits, SupervisorSpec } from '../actors/index.js';
import type { ViewStart } from './port.js';

/**
 * How often one view may crash before it is given up: more than `intensity` restarts within
 * `period` ms (a supervisor's own {@link RestartLimits}).
 *
 * @example
 * liveViewChildSpec(start, { intensity: 5, period: 10_000 });
 */
export type ViewRestartLimits = RestartLimits;

/** @internal */
export const DEFAULT_LIMITS: ViewRestartLimits = { intensity: 3, period: 5_000 };
const VIEW_CHILD_ID = 'view';

/**
 * The spec of one view's supervisor, running `behaviour` (the view process) with `start`.
 * @internal
 */
export function viewSupervisorSpec(
  behaviour: AnyBehaviour<unknown, ViewStart>,
  start: ViewStart,
  limits: ViewRestartLimits = DEFAULT_LIMITS,
): SupervisorSpec {
  return {
    strategy: 'one_for_one',
    intensity: limits.intensity,
    period: limits.period,
    autoShutdown: 'any_significant',
    children: [
      {
        id: VIEW_CHILD_ID,
        // Not `{ ...start, lineage }`: V8 gives each object cloned by a spread and then
        // extended a hidden class of its own (~400 B per view); assigning into a fresh object
        // keeps one shared shape.
        start: [
          behaviour,
          Object.assign({}, start, { lineage: { nextCid: 1, starts: 0, mounted: false }, limits }),
        ],
        restart: 'transient',
        significant: true,
        shutdown: 5_000,
      },
    ],
  };
}
