/**
 * What a view's navigation request becomes (PROTOCOL.md 3.7), shared by the view process and
 * the dead render:
 *
 * - `pushPatch(to)` to a URL this same view serves: `handleParams(params, url)` runs at once, and
 *   the owner reports a `live_patch`; a `pushPatch` from that `handleParams` is followed too.
 * - `pushPatch` to a URL another view (or none) serves: a `pushNavigate` to it.
 * - `pushNavigate` / `redirect`: the view leaves; the owner reports it and stops.
 */
import type { Flash, LiveView, Params } from './live-view.js';
import type {
  LivePatchPayload,
  LiveRedirectPayload,
  RedirectPayload,
  UrlResolver,
} from './port.js';
import type { NavigationIntent, SocketState } from './socket-state.js';

/**
 * The view leaves for another page: any navigation but a patch.
 * @internal
 */
export type Departure = Exclude<NavigationIntent, { readonly type: 'patch' }>;

/**
 * What {@link followNavigation} leaves for the owner to report.
 * @internal
 */
export interface NavigationOutcome {
  /** The last patch applied, if any. */
  readonly patch: LivePatchPayload | undefined;
  readonly departure: Departure | undefined;
}

/** A `handleParams` that patches again and again is a bug; stop it instead of spinning. */
const MAX_PATCHES = 20;

/**
 * Applies the patches the last callback asked for and returns what is left to report;
 * `handleParams` runs the view's handleParams stage (hooks, then the view's own) once the
 * state has the new URL.
 * @internal
 */
export async function followNavigation(
  // biome-ignore lint/suspicious/noExplicitAny: any view
  view: LiveView<any, any, any>,
  handleParams: (params: Params) => Promise<void>,
  state: SocketState,
  resolve: UrlResolver,
): Promise<NavigationOutcome> {
  let patch: LivePatchPayload | undefined;
  for (let count = 0; ; count++) {
    const intent = state.takeNavigation();
    if (intent === undefined) return { patch, departure: undefined };
    if (intent.type !== 'patch') return { patch, departure: intent };
    const url = new URL(intent.to, state.url);
    const target = resolve(url);
    if (target === undefined || target.view !== view) {
      return { patch, departure: { type: 'navigate', to: intent.to, kind: intent.kind } };
    }
    if (count >= MAX_PATCHES) {
      throw new RangeError(
        `pushPatch: more than ${MAX_PATCHES} patches in a row; does handleParams patch every time?`,
      );
    }
    state.url = url;
    patch = { to: intent.to, kind: intent.kind };
    await handleParams(target.params);
  }
}

/**
 * The push a departure becomes (`redirect` or `live_redirect`; a reply puts its payload under
 * the same key). The flash travels with it, for the port to sign; left out when empty.
 * @internal
 */
export function departurePush(
  departure: Departure,
  flash: Flash | undefined,
):
  | { readonly event: 'redirect'; readonly payload: RedirectPayload }
  | { readonly event: 'live_redirect'; readonly payload: LiveRedirectPayload } {
  const to = departure.to;
  const carried = hasMessages(flash) ? { to, flash } : { to };
  return departure.type === 'redirect'
    ? { event: 'redirect', payload: carried }
    : { event: 'live_redirect', payload: { ...carried, kind: departure.kind } };
}

function hasMessages(flash: Flash | undefined): flash is Flash {
  for (const _kind in flash) return true;
  return false;
}
