import type { ActorSystem, Pid, PubSub } from '../actors/index.js';
import type { ChildTokens } from '../views/child-tokens.js';
import type { UrlResolver } from '../views/port.js';
import type { StickyViews } from './child-tokens.js';
import type { Connection } from './connection.js';
import type { LiveRoute, ResolvedOptions } from './options.js';
import type { Router } from './router.js';
import type { BundleServer } from './static.js';
import { createTokenSigner, type TokenSigner } from './token.js';

/**
 * The signers of one server, one salt per kind of token so no token passes for another.
 * @internal
 */
export interface Tokens {
  /** `{ id, route, session }` in the container's `data-phx-session`. */
  readonly session: TokenSigner;
  /** `{ id, flash }` in the container's `data-phx-static`. */
  readonly static: TokenSigner;
  /** A flash object travelling in a redirect, a live_redirect or the `__phoenix_flash__` cookie. */
  readonly flash: TokenSigner;
  /** The page's CSRF meta token. */
  readonly csrf: TokenSigner;
  /** An upload entry's token, from its view's preflight reply to its `lvu:` join. */
  readonly upload: TokenSigner;
  /** A nested view's `data-phx-session` (child-tokens.ts). */
  readonly child: TokenSigner;
  /** `{ id }` of a long-poll session (long-poll.ts). */
  readonly longPoll: TokenSigner;
}

/**
 * Everything the HTTP side and every port of one server share.
 * @internal
 */
export interface LiveContext {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  readonly router: Router<LiveRoute>;
  readonly tokens: Tokens;
  readonly options: ResolvedOptions;
  /** The DynamicSupervisor every view's own supervisor runs under. */
  readonly views: Promise<Pid>;
  /**
   * Every port and its connection, for `close()`; a port takes itself out when its terminate
   * ends (port.ts).
   */
  readonly connections: Map<Pid, Connection>;
  /** Resolves a URL to its view and params (for pushPatch, live_patch and joins). */
  readonly resolve: UrlResolver;
  /** The client bundle: served by the HTTP side, linked by every page under its hashed URL. */
  readonly bundle: BundleServer;
  /** Signs nested views' containers (child-tokens.ts); given to every view and dead render. */
  readonly childTokens: ChildTokens;
  /** The views rendered sticky, by the key their tokens carry. */
  readonly sticky: StickyViews;
  /**
   * Reports a transport bug that was turned into a close or a 500 (logged, and the system's
   * `crash` event); `pid` is the port's, absent for an HTTP request.
   */
  report(error: unknown, pid?: Pid): void;
}

/**
 * The signers of a server, all derived from one secret.
 * @internal
 */
export function createTokens(secret: string): Tokens {
  return {
    session: createTokenSigner(secret, 'session'),
    static: createTokenSigner(secret, 'static'),
    flash: createTokenSigner(secret, 'flash'),
    csrf: createTokenSigner(secret, 'csrf'),
    upload: createTokenSigner(secret, 'upload'),
    child: createTokenSigner(secret, 'child'),
    longPoll: createTokenSigner(secret, 'longpoll'),
  };
}

/**
 * A URL resolver over a router, in the shape views/ expects.
 * @internal
 */
export function routeResolver(router: Router<LiveRoute>): UrlResolver {
  return (url) => {
    const match = router.match(url);
    return match === undefined ? undefined : { view: match.route.view, params: match.params };
  };
}

/**
 * Reports a transport bug: logged through the system's crash log, and emitted as the system's
 * `crash` event, so it is never silent.
 * @internal
 */
export function reportCrash(system: ActorSystem, error: unknown, pid?: Pid): void {
  system.crashReports.failure(
    pid === undefined
      ? { subject: 'the HTTP handler', error, next: 'answered 500 (or dropped the response)' }
      : {
          subject: 'the transport',
          during: 'a WebSocket frame',
          error,
          next: 'its connection is closed (1011)',
          fields: { port: pid },
        },
  );
  // An HTTP request has no process; the crash event still needs a pid-shaped label.
  const event = { pid: pid ?? ('http' as Pid), error, during: 'handleInfo' as const };
  if (system.listenerCount('crash') > 0) system.emit('crash', event);
}
