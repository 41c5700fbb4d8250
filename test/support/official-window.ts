/**
 * The happy-dom window a harness page lives in, set up the way the official client needs it.
 *
 * - Scripts in the fetched HTML do not run (happy-dom evaluates no JavaScript by default) and
 *   script files are not fetched; a missing file counts as loaded, so no error is logged.
 * - The window's `console` is the page's: `error` and `warn` are reported, the rest dropped.
 * - Unloading navigations are recorded instead of performed. happy-dom would otherwise build a
 *   new window for `location.reload()` / `location.href = url` and the client would be gone.
 *   `Location`'s accessors live on its prototype, so own properties on the instance shadow
 *   them; `window.location = url` goes through `location.href` and is caught as well. The
 *   History API (`pushState`, `replaceState`, `back`) is untouched and works in place.
 * - Cloned forms keep their owner links ({@link repairClonedFormOwners}).
 */
import { Window } from 'happy-dom';
import { repairClonedFormOwners } from './official-dom-fixes.js';

/** A page-unloading navigation the client asked for. */
export interface Navigation {
  readonly kind: 'reload' | 'assign';
  /** Absolute URL. */
  readonly url: string;
}

/** What the window reports to its page. */
export interface PageWindowHooks {
  console(level: 'error' | 'warn', args: readonly unknown[]): void;
  navigate(navigation: Navigation): void;
}

const QUIET_METHODS = [
  'log',
  'info',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'groupEnd',
  'time',
  'timeEnd',
  'timeLog',
  'count',
  'countReset',
  'assert',
  'clear',
] as const;

function pageConsole(hooks: PageWindowHooks): Console {
  const quiet = (): void => {};
  const console: Record<string, (...args: unknown[]) => void> = {
    error: (...args) => hooks.console('error', args),
    warn: (...args) => hooks.console('warn', args),
  };
  for (const method of QUIET_METHODS) console[method] = quiet;
  return console as unknown as Console;
}

function interceptNavigation(window: Window, hooks: PageWindowHooks): void {
  const location = window.location;
  const href = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(location), 'href');
  const read = (): string => String(href?.get?.call(location));
  const go = (kind: Navigation['kind'], url: string | URL): void => {
    hooks.navigate({ kind, url: new URL(String(url), read()).href });
  };
  Object.defineProperties(location, {
    href: { configurable: true, get: read, set: (url: string) => go('assign', url) },
    assign: { configurable: true, value: (url: string | URL) => go('assign', url) },
    replace: { configurable: true, value: (url: string | URL) => go('assign', url) },
    reload: { configurable: true, value: () => go('reload', read()) },
  });
}

/**
 * A window at `url` holding `html`, ready for the official client.
 *
 * @example
 * const window = createPageWindow(url, html, {
 *   console: (level, args) => entries.push({ level, args }),
 *   navigate: (navigation) => navigations.push(navigation),
 * });
 */
export function createPageWindow(url: string, html: string, hooks: PageWindowHooks): Window {
  const window = new Window({
    url,
    console: pageConsole(hooks),
    settings: {
      disableJavaScriptFileLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
      // A plain link or a form's default action must not replace the window either.
      navigation: { disableMainFrameNavigation: true },
    },
  });
  repairClonedFormOwners(window);
  interceptNavigation(window, hooks);
  window.document.write(html);
  return window;
}
