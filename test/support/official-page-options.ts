/** Options of the official-client harness: for a whole page, and for one wait. */

/** Options of `openOfficialPage`, kept by the page for the waits and the pages it opens next. */
export interface OfficialPageOptions {
  /** Deadline of every `waitFor*` unless the call gives its own; default 4000 ms (under vitest's 5 s). */
  readonly timeoutMs?: number;
  /** Extra `LiveSocket` options, e.g. `{ reloadJitterMin: 1, reloadJitterMax: 2 }` or `hooks`. */
  readonly liveSocket?: Readonly<Record<string, unknown>>;
  /** Extra connect params, sent next to `_csrf_token`. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Socket mount path; default `/live`. */
  readonly socketPath?: string;
  /** `Cookie` header for the GET and the upgrade, e.g. `'a=1; b=2'`. */
  readonly cookie?: string;
  /** `Origin` sent on the upgrade; default the page's origin (as a browser does); `false` sends none. */
  readonly origin?: string | false;
  /** Call `liveSocket.connect()` right away; default true. */
  readonly connect?: boolean;
}

/** Per-call options of the `waitFor*` methods. */
export interface WaitOptions {
  readonly timeoutMs?: number;
  /** Names the wait in the timeout message. */
  readonly description?: string;
}
