/**
 * OTP's automatic shutdown: a supervisor that stands for one unit of work (a live view and its
 * helpers, a job and its workers) stops by itself once the children that *are* the work have
 * ended, instead of running on with nothing left to do.
 *
 * A child marked `significant` is one of those. Only a child that may end for good can be one:
 * `'transient'` (ends for good when it exits `'normal'` or `'shutdown'`; after a crash it is
 * restarted as usual) or `'temporary'` (ends for good whatever its reason). A significant child
 * under a supervisor whose `autoShutdown` is `'never'`, or under a DynamicSupervisor, is a
 * mistake in the spec and is refused.
 *
 *   autoShutdown       the supervisor stops when
 *   'never'            never (the default)
 *   'any_significant'  one significant child ended for good
 *   'all_significant'  a significant child ended for good and no other significant child runs
 *
 * Only an exit the child chose counts. A child the supervisor stopped itself (`terminateChild`,
 * or a sibling's crash under `'one_for_all'` or `'rest_for_one'`) never triggers a shutdown.
 *
 * The supervisor then stops as it always does (its children in reverse start order, each by its
 * `shutdown` spec) and exits `'normal'`. OTP exits `'shutdown'` here; `'normal'` lets a monitor
 * tell "its work is done" from "it was stopped from outside", and takes no linked process down.
 */
import type { RestartType } from './child-spec.js';
import type { Pid } from './pid.js';

/** When a supervisor stops by itself because its significant children ended. */
export type AutoShutdown = 'never' | 'any_significant' | 'all_significant';

const MODES: ReadonlySet<unknown> = new Set(['never', 'any_significant', 'all_significant']);

/**
 * The `autoShutdown` of a supervisor spec, `'never'` when absent; a TypeError when malformed.
 * @internal
 */
export function resolveAutoShutdown(mode: AutoShutdown | undefined): AutoShutdown {
  if (mode === undefined) return 'never';
  if (!MODES.has(mode)) {
    throw new TypeError(`autoShutdown must be 'never', 'any_significant' or 'all_significant'`);
  }
  return mode;
}

/**
 * Checks a child's `significant` flag against its restart type and its supervisor's mode;
 * returns it as a boolean, or throws a TypeError naming the child.
 * @internal
 */
export function resolveSignificant(
  id: string,
  significant: boolean | undefined,
  restart: RestartType,
  mode: AutoShutdown,
): boolean {
  if (significant === undefined || significant === false) return false;
  if (significant !== true) {
    throw new TypeError(`child spec '${id}': significant must be a boolean`);
  }
  if (restart === 'permanent') {
    throw new TypeError(
      `child spec '${id}': a significant child must be 'transient' or 'temporary' (a permanent one never ends)`,
    );
  }
  if (mode === 'never') {
    throw new TypeError(
      `child spec '${id}': significant needs a Supervisor with autoShutdown 'any_significant' or 'all_significant'`,
    );
  }
  return true;
}

/**
 * Whether a supervisor stops now that `ended` exited by itself and will not be restarted.
 * `children` are the supervisor's children as they stand after that exit.
 * @internal
 */
export function isWorkDone(
  mode: AutoShutdown,
  ended: { readonly significant: boolean },
  children: readonly { readonly significant: boolean; readonly pid: Pid | undefined }[],
): boolean {
  if (!ended.significant || mode === 'never') return false;
  if (mode === 'any_significant') return true;
  return !children.some((child) => child.significant && child.pid !== undefined);
}
