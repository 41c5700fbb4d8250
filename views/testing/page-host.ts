/**
 * The seam between the page-driven handles (`lv.element`, `lv.form`) and the view they act on:
 * the page as the browser would show it, and the few things a browser sends. A mounted view is
 * one; a nested view joins the same way once `liveChildren()` exists, each element's actions
 * going to the view that renders it.
 */
import type { NavigationKind } from '../port.js';
import type { BindingAction } from './bindings.js';
import { targetCids } from './bindings.js';
import type { Page } from './page-query.js';

/**
 * What element and form handles act through.
 * @internal
 */
export interface PageHost {
  /** The page once everything sent to the view so far was handled. */
  page(): Promise<Page>;
  /** The page HTML as of the last operation. */
  html(): string;
  /** An event as the client sends it, already decoded, to the view or a component. */
  push(event: string, value: unknown, cid: number | undefined): Promise<unknown>;
  /** A live patch of this view to `href` (relative to the page URL). */
  patch(href: string): Promise<unknown>;
  /** The browser leaves the page: a live navigation (`kind`), or a full page load. */
  leave(to: string, kind: NavigationKind | undefined): void;
}

/**
 * Runs a binding's actions in order: each push to each of its targets with the value
 * `pushValue` gives it, then patches and navigations. Resolves with the page HTML after them.
 * @internal
 */
export async function runActions(
  host: PageHost,
  page: Page,
  actions: readonly BindingAction[],
  pushValue: (action: Extract<BindingAction, { kind: 'push' }>) => unknown,
): Promise<string> {
  for (const action of actions) {
    if (action.kind === 'push') {
      for (const cid of targetCids(page, action.target)) {
        await host.push(action.event, pushValue(action), cid);
      }
    } else if (action.kind === 'patch') {
      await host.patch(action.href);
    } else {
      host.leave(action.href, action.replace ? 'replace' : 'push');
    }
  }
  return host.html();
}
