/**
 * Live sessions (LiveView's `live_session`): a named group of routes that share `onMount`
 * hooks, extra session data and a layout. Authentication lives there: a hook that finds no
 * user redirects and halts, on the dead render (302) and on the live join alike.
 *
 * The group is also a navigation boundary. Live navigation (`pushNavigate`, `link({ navigate })`)
 * between routes of one live session stays on the page's socket; to a route of another (or of
 * none) the join is refused with `unauthorized`, and the client loads the page afresh, so the
 * other group's layout and hooks apply from a clean start. Routes outside any live session form
 * one group of their own.
 */
import type { IncomingMessage } from 'node:http';
import type { OnMount } from '../views/lifecycle.js';
import type { Session } from '../views/live-view.js';
import type { Template } from '../views/render/html.js';
import type { LayoutProps, LiveRoute } from './options.js';

/**
 * Options of {@link liveSession}.
 *
 * @example
 * const opts: LiveSessionOptions = { onMount: [requireUser], layout: signedInLayout };
 */
export interface LiveSessionOptions {
  /** Hooks run in order before each route's `mount`, on the dead render and the join. */
  readonly onMount?: readonly OnMount[] | undefined;
  /**
   * Extra session data for these routes, merged over the server's `session(req)` at the dead
   * render (and signed into the page with it): an object, or a function of the page request.
   */
  readonly session?: Session | ((req: IncomingMessage) => Session | Promise<Session>) | undefined;
  /** The layout of these routes' pages, in place of the server's. */
  readonly layout?: ((page: LayoutProps) => string | Template) | undefined;
}

/**
 * A live session as its routes carry it.
 *
 * @example
 * if (route.liveSession?.name === 'signed-in') console.log('a page of the signed-in area');
 */
export interface LiveSessionInfo extends LiveSessionOptions {
  readonly name: string;
}

/**
 * Groups `routes` into the live session `name`; spread the result into `createLiveServer`'s
 * routes. Live sessions do not nest, and each name may be used once per server.
 *
 * @example
 * createLiveServer({
 *   routes: [
 *     { path: '/login', view: Login },
 *     ...liveSession('signed-in', { onMount: [requireUser] }, [
 *       { path: '/tickets', view: Tickets },
 *       { path: '/tickets/:id', view: Ticket },
 *     ]),
 *   ],
 *   secret,
 *   session: readSessionCookie,
 * });
 */
export function liveSession(
  name: string,
  options: LiveSessionOptions,
  routes: readonly LiveRoute[],
): LiveRoute[] {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('liveSession: the name must be a non-empty string');
  }
  for (const hook of options?.onMount ?? []) {
    if (typeof hook !== 'function') {
      throw new TypeError(`liveSession "${name}": each onMount hook must be a function`);
    }
  }
  if (!Array.isArray(routes)) throw new TypeError(`liveSession "${name}": routes must be an array`);
  const info: LiveSessionInfo = Object.freeze({ ...options, name });
  return routes.map((route) => {
    if (route?.liveSession !== undefined) {
      throw new TypeError(
        `liveSession "${name}": the route "${route.path}" is in the live session "${route.liveSession.name}" already; live sessions do not nest`,
      );
    }
    return { ...route, liveSession: info };
  });
}

/**
 * Checks that no two live sessions of one route table share a name.
 * @internal
 */
export function checkLiveSessions(routes: readonly LiveRoute[]): void {
  const seen = new Map<string, LiveSessionInfo>();
  for (const route of routes) {
    const info = route.liveSession;
    if (info === undefined) continue;
    const other = seen.get(info.name);
    if (other !== undefined && other !== info) {
      throw new TypeError(
        `createLiveServer: two live sessions are named "${info.name}"; give each its own name`,
      );
    }
    seen.set(info.name, info);
  }
}

/**
 * The session a page of `route` is rendered with: the server's, with its live session's merged
 * over it.
 * @internal
 */
export async function routeSession(
  req: IncomingMessage,
  route: LiveRoute,
  serverSession: (req: IncomingMessage) => Session | Promise<Session>,
): Promise<Session> {
  const base = await serverSession(req);
  const extra = route.liveSession?.session;
  if (extra === undefined) return base;
  return { ...base, ...(typeof extra === 'function' ? await extra(req) : extra) };
}
