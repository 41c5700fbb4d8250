/**
 * Nested and sticky live views on the page (PROTOCOL.md 2.5), as the official client keeps
 * them:
 *
 * - a nested container (`data-phx-parent-id`) gets a view of its own once its parent's render
 *   gave it a session, and is joined on `lv:<id>` without a URL; its content is its own (the
 *   parent's patches leave it alone, dom-patch.ts);
 * - a sticky container (`data-phx-sticky`) is a root view, joined without a URL as well;
 * - a container that leaves the DOM takes its view along (`phx_leave`);
 * - live navigation ends the nested views of the page it leaves, and carries the sticky ones
 *   over into the new main container, where the new page's render finds them by id and keeps
 *   them (their process and state live on); a new page that does not render one drops it.
 */
import type { View } from './view.js';

const SESSION = 'data-phx-session';
const PARENT = 'data-phx-parent-id';
const STICKY = 'data-phx-sticky';

/** What the live socket lends these functions: its views by container id. */
export interface NestedHost {
  readonly views: Map<string, View>;
  /** Creates, registers and joins the view of `el`. */
  mountView(el: HTMLElement): void;
}

/** True for a container joined without a URL: a nested or a sticky view's. */
export function isNested(el: Element): boolean {
  return el.hasAttribute(PARENT) || el.hasAttribute(STICKY);
}

/** A container entered a view's DOM (or its join render): join it if it has no view yet. */
export function nestedAdded(host: NestedHost, el: Element): void {
  if (!isNested(el) || !el.getAttribute(SESSION) || !el.id) return;
  if (host.views.get(el.id)?.el === el) return;
  host.mountView(el as HTMLElement);
}

/** A container left the DOM: its view leaves. */
export function nestedRemoved(host: NestedHost, el: Element): void {
  const view = host.views.get(el.id);
  if (view === undefined || view.el !== el || el.isConnected) return;
  host.views.delete(el.id);
  view.destroy();
}

/**
 * Live navigation leaves the main container `old`: the nested views in it leave with it; the
 * sticky ones are returned, to put into the new container just before its first render.
 */
export function leaveNested(host: NestedHost, old: Element): Element[] {
  for (const el of old.querySelectorAll(`[${SESSION}]`)) {
    // A sticky view and what it holds live on (the main container is never in a sticky one).
    if (el.closest(`[${STICKY}]`)) continue;
    const view = host.views.get(el.id);
    if (view?.el !== el) continue;
    host.views.delete(el.id);
    view.destroy();
  }
  // The outermost ones: a sticky view inside another one moves with it.
  return [...old.querySelectorAll(`[${STICKY}]`)].filter(
    (el) => !el.parentElement?.closest(`[${STICKY}]`),
  );
}
