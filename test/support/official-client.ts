/**
 * Starts the official Phoenix 1.8 `Socket` and LiveView 1.2 `LiveSocket`, unchanged, inside a
 * happy-dom window.
 *
 * Every happy-dom window is a `node:vm` context whose globals are the window's, so the
 * packages' browser builds (`priv/static/phoenix.js` and `phoenix_live_view.js`, classic
 * scripts that declare `var Phoenix` / `var LiveView`) run in it exactly as `<script>` tags
 * would, reading `window`, `document`, `location`, `localStorage`, timers and DOM classes from
 * that window. Nothing lands on Node's `globalThis`, so there is nothing to restore, and every
 * page has its own copy of the client's module state (the Phoenix build captures `window` at
 * load time, which is why importing the ESM build once would not do). The scripts are compiled
 * once per process: a `vm.Script` runs in any number of contexts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { Window } from 'happy-dom';

/** The parts of the official `LiveSocket` the harness and tests touch. */
export interface OfficialLiveSocket {
  connect(): void;
  disconnect(callback?: () => void): void;
  isConnected(): boolean;
  /** The client's version, `'1.2.12'`. */
  version(): string;
  enableDebug(): void;
}

/** How to start the client. */
export interface OfficialClientOptions {
  /** Socket mount path, relative to the page (the client resolves it against `location`). */
  readonly socketPath: string;
  /** Connect params (the CSRF token goes here as `_csrf_token`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The WebSocket class the Phoenix socket constructs. */
  readonly transport: unknown;
  /** Receives every log line of the client. */
  readonly viewLogger: (view: unknown, kind: string, message: unknown, data: unknown) => void;
  /** Any other `LiveSocket` option; wins over the defaults above except `params`/`transport`. */
  readonly extra: Readonly<Record<string, unknown>>;
}

interface OfficialGlobals {
  readonly Phoenix: { readonly Socket: unknown };
  readonly LiveView: {
    readonly LiveSocket: new (
      path: string,
      socket: unknown,
      opts: Record<string, unknown>,
    ) => OfficialLiveSocket;
  };
  liveSocket?: OfficialLiveSocket;
}

let scripts: readonly Script[] | undefined;

function officialScripts(): readonly Script[] {
  if (scripts === undefined) {
    const require = createRequire(import.meta.url);
    // Each package's `require` entry sits in priv/static next to its browser (IIFE) build.
    const phoenix = join(dirname(require.resolve('phoenix')), 'phoenix.js');
    const liveView = join(dirname(require.resolve('phoenix_live_view')), 'phoenix_live_view.js');
    scripts = [phoenix, liveView].map(
      (file) => new Script(readFileSync(file, 'utf8'), { filename: file }),
    );
  }
  return scripts;
}

/**
 * Loads both builds into `window` and constructs the `LiveSocket` (not connected yet); it is
 * also stored as `window.liveSocket`, as apps do.
 *
 * @example
 * const liveSocket = startOfficialClient(window, { socketPath: '/live', params, transport, viewLogger, extra: {} });
 * liveSocket.connect();
 */
export function startOfficialClient(
  window: Window,
  options: OfficialClientOptions,
): OfficialLiveSocket {
  for (const script of officialScripts()) script.runInContext(window);
  const globals = window as unknown as OfficialGlobals;
  const liveSocket = new globals.LiveView.LiveSocket(options.socketPath, globals.Phoenix.Socket, {
    viewLogger: options.viewLogger,
    ...options.extra,
    params: options.params,
    transport: options.transport,
  });
  globals.liveSocket = liveSocket;
  return liveSocket;
}
