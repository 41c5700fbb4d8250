/**
 * Events for page code: the client tells the page what happens by dispatching `phx:<name>`
 * on window (server `push_event`s, `phx:page-loading-start` / `-stop`). Hooks hear server
 * events the same way (`handleEvent`).
 */

/**
 * Dispatches `phx:<name>` on window with `detail`.
 *
 * @internal
 */
export function dispatch(name: string, detail: unknown): void {
  window.dispatchEvent(new CustomEvent(`phx:${name}`, { detail }));
}
