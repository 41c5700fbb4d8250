/**
 * The payload of a view's `phx_join` (PROTOCOL.md 2.2, 2.5, 2.6): where it is mounted (the page
 * URL, or the URL a live navigation goes to; none for a nested or sticky view), its session and
 * static tokens, and the params the server's `connect_params` read: the page's own, the mount
 * counters, the tracked static assets, and on a live navigation the page it came from and the
 * flash it carries.
 *
 * @example
 * const payload = joinPayload(el, {}, { _mounts: 0, _mount_attempts: 0 }, true);
 * // { url: location.href, params: {...}, session: '...', static: null, sticky: false }
 */
import { isNested } from './nested-views.js';
import type { Payload } from './push.js';

/** How a view came to be: a live navigation gives the URL to mount and its flash. */
export interface ViewOrigin {
  readonly redirect?: string | undefined;
  readonly flash?: string | null | undefined;
  readonly referer?: string | undefined;
  /** Runs once, right before the first render is patched in (puts the container in place). */
  readonly swap?: (() => void) | undefined;
}

/**
 * The join payload of container `el`; `params` are the page's join params with the mount
 * counters, and `first` is true for the view's first join (a rejoin mounts at the page's URL,
 * with no flash).
 *
 * @internal
 */
export function joinPayload(
  el: HTMLElement,
  origin: ViewOrigin,
  params: Record<string, unknown>,
  first: boolean,
): Payload {
  const tracked = [...document.querySelectorAll('[phx-track-static]')].map(
    (t) => (t as HTMLLinkElement).href || (t as HTMLScriptElement).src,
  );
  if (tracked.length > 0) params._track_static = tracked;
  if (first && origin.referer) params._live_referer = origin.referer;
  // Nested and sticky views are not mounted at a URL (PROTOCOL.md 2.5).
  const at = isNested(el)
    ? {}
    : first && origin.redirect
      ? { redirect: origin.redirect }
      : { url: location.href };
  return {
    ...at,
    params,
    session: el.getAttribute('data-phx-session'),
    static: el.getAttribute('data-phx-static') || null,
    ...(first && origin.flash ? { flash: origin.flash } : {}),
    sticky: el.hasAttribute('data-phx-sticky'),
  };
}
