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
import { type DynamicChildSpec, Supervisor } from '../actors/index.js';
import type { ViewStart } from './port.js';
import { viewBehaviour } from './view-process.js';
import {
  DEFAULT_LIMITS,
  type ViewRestartLimits,
  viewSupervisorSpec,
} from './view-supervisor-spec.js';

export type { ViewRestartLimits } from './view-supervisor-spec.js';

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
  return Supervisor.childSpec(start.topic, viewSupervisorSpec(viewBehaviour, start, limits), {
    restart: 'temporary',
  });
}
