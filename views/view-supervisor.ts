/**
 * One supervisor per joined view, so that a view crashing past its restart intensity takes down
 * only its own supervisor, never the shared `views` DynamicSupervisor or another view.
 *
 *   views (DynamicSupervisor)
 *     └─ per-view Supervisor  one_for_one, intensity/period, autoShutdown 'any_significant',
 *          │                  restart 'temporary'
 *          └─ view process    restart 'transient', significant, shutdown 5000
 *
 * A plain `Supervisor` with `autoShutdown: 'any_significant'` and the view as its significant
 * child: when the view exits normally (it navigated away, or its port closed and it stopped
 * 'shutdown'), the supervisor has nothing left to do and exits 'normal' too. Past its intensity
 * it exits with `{ error: RestartIntensityError }` as any supervisor does: a transport that
 * monitors it reads that as "the view failed".
 */
import {
  type DynamicChildSpec,
  type RestartLimits,
  Supervisor,
  type SupervisorSpec,
} from '../actors/index.js';
import type { ViewStart } from './port.js';
import { viewBehaviour } from './view-process.js';

/**
 * How often one view may crash before it is given up: more than `intensity` restarts within
 * `period` ms (a supervisor's own {@link RestartLimits}).
 *
 * @example
 * liveViewChildSpec(start, { intensity: 5, period: 10_000 });
 */
export type ViewRestartLimits = RestartLimits;

const DEFAULT_LIMITS: ViewRestartLimits = { intensity: 3, period: 5_000 };
const VIEW_CHILD_ID = 'view';

/**
 * The child spec the transport (or `views/testing`) starts under its `views` DynamicSupervisor
 * for one join: a per-view supervisor running the view process with `start`.
 *
 * @example
 * const sup = await DynamicSupervisor.startChild(system, views, liveViewChildSpec(start));
 * // leave: await DynamicSupervisor.terminateChild(system, views, sup);
 */
export function liveViewChildSpec(
  start: ViewStart,
  limits: ViewRestartLimits = DEFAULT_LIMITS,
): DynamicChildSpec {
  const spec: SupervisorSpec = {
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
          viewBehaviour,
          Object.assign({}, start, { lineage: { nextCid: 1, starts: 0, mounted: false } }),
        ],
        restart: 'transient',
        significant: true,
        shutdown: 5_000,
      },
    ],
  };
  return Supervisor.childSpec(start.topic, spec, { restart: 'temporary' });
}
