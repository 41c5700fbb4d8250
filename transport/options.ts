import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ActorSystem, ClusterOptions, LoggerOption, PubSub } from '../actors/index.js';
import type { Session } from '../views/live-view.js';
import { isLiveView, type LiveView } from '../views/live-view.js';
import type { RawHtml, Template } from '../views/render/html.js';
import type { ViewRestartLimits } from '../views/view-supervisor.js';
import { defaultLayout } from './layout.js';
import type { OriginPolicy, RateLimit } from './limits.js';
import { checkLiveSessions, type LiveSessionInfo } from './live-session.js';
import {
  type ResolvedSecurityHeaders,
  resolveSecurityHeaders,
  type SecurityHeaders,
} from './security-headers.js';
import { MIN_SECRET_LENGTH } from './token.js';

/**
 * One route of a live server: a path pattern (`/events/:id`, `/files/*rest`) and its view, and
 * the live session it belongs to (set by `liveSession`).
 *
 * @example
 * const route: LiveRoute = { path: '/counter', view: Counter };
 */
export interface LiveRoute {
  readonly path: string;
  // biome-ignore lint/suspicious/noExplicitAny: a route table holds views of every assigns type.
  readonly view: LiveView<any, any, any>;
  /** Its live session's hooks, session and layout; put there by `liveSession`. */
  readonly liveSession?: LiveSessionInfo | undefined;
}

/**
 * What a layout receives to wrap one page: the view's container markup and what the page
 * needs to connect (the CSRF token for the meta tag, the client bundle's URL).
 *
 * @example
 * const layout = (p: LayoutProps) => html`<!DOCTYPE html><html><head>
 *   <meta name="csrf-token" content=${p.csrfToken}><script defer src=${p.clientSrc}></script>
 *   <title>${p.title ?? 'App'}</title></head><body>${p.content}</body></html>`;
 */
export interface LayoutProps {
  /** The page title the view set in its dead mount, if any. */
  readonly title: string | undefined;
  /** Put it in `<meta name="csrf-token" content=...>`; the client sends it back on connect. */
  readonly csrfToken: string;
  /** The live view's container with its dead render inside; insert it unescaped. */
  readonly content: RawHtml;
  /** Where the client bundle is served (`/liveactor.js`). */
  readonly clientSrc: string;
  /**
   * This page's Content-Security-Policy nonce: an inline `<script>` or `<style>` runs only with
   * `nonce=${page.nonce}` under the default policy.
   */
  readonly nonce: string;
}

/**
 * Options of {@link createLiveServer}.
 *
 * @example
 * createLiveServer({ routes: [{ path: '/', view: Home }], secret: process.env.SECRET!, eventRate: false });
 */
export interface LiveServerOptions {
  /** The live routes; the first match wins. */
  readonly routes: readonly LiveRoute[];
  /** Signs session, static and flash tokens (HMAC-SHA256); at least 32 characters. */
  readonly secret: string;
  /** Wraps each page; default: a minimal HTML5 page loading the client bundle. */
  readonly layout?: ((page: LayoutProps) => string | Template) | undefined;
  /**
   * The user's session for a request (it may wait, e.g. to decrypt a session cookie). Called
   * for each page request, whose result is signed into the page for its views' `mount`, and
   * for the request that opens a live connection (the WebSocket upgrade, the first long poll),
   * where no middleware has run: read the cookie there yourself. A session with a string
   * `live_socket_id` names that connection, so `disconnectSockets(id)` can close it (log out
   * everywhere). Default `{}`.
   */
  readonly session?: ((req: IncomingMessage) => Session | Promise<Session>) | undefined;
  /** The actor system views run in; created (and shut down by `close`) when absent. */
  readonly system?: ActorSystem | undefined;
  /**
   * Makes this server a node of a cluster on Redis: the system it creates gets this option, its
   * PubSub broadcasts reach the views of every node, and `listen` joins the cluster before it
   * takes requests. (Mounting `handler` and `upgrade` yourself? `await app.system.joinCluster()`
   * first.) With your own `system`, give the option to that system instead.
   */
  readonly cluster?: ClusterOptions | undefined;
  /**
   * The PubSub views subscribe with; created on `system` when absent, on Redis
   * (`RedisPubSubAdapter`) when the system is a cluster node.
   */
  readonly pubsub?: PubSub | undefined;
  /** Which `Origin` may open a WebSocket; default `'same-host'`. `false` allows any. */
  readonly origins?: OriginPolicy | undefined;
  /** Largest frame a client may send, in bytes (ws `maxPayload`); default 1 MiB. Larger: close 1009. */
  readonly maxFrameBytes?: number | undefined;
  /**
   * Frames a connection may send, heartbeats included (token bucket); default 300 per 1000 ms;
   * `false` for no limit. Over it: `rate_limited` replies; kept up (more refusals than the
   * bucket holds, or for 10 s): close 1008.
   */
  readonly eventRate?: RateLimit | false | undefined;
  /** Socket buffer above which a connection's views stop rendering until it drains below half; default 1 MiB. */
  readonly highWaterBytes?: number | undefined;
  /**
   * Output a client may leave unread before its socket is closed with 1013; default 4 MiB, at
   * least `highWaterBytes`. What a client that never reads costs is this plus one frame.
   */
  readonly maxBufferedBytes?: number | undefined;
  /** Largest `params` of a join (connect params, kept by the view), as JSON bytes; default 16 KiB. */
  readonly maxJoinParamsBytes?: number | undefined;
  /** Views one socket may have joined at once; default 100. One more: join error `too many views`. */
  readonly maxViewsPerSocket?: number | undefined;
  /** Sockets the server holds at once; default 16 384. One more: upgrade refused with 503. */
  readonly maxConnections?: number | undefined;
  /** A connection that sends nothing (not even a heartbeat) for this long is closed; default 60 000 ms. */
  readonly heartbeatTimeoutMs?: number | undefined;
  /** Restarts per view before the client is told it failed; default 3 in 5000 ms. */
  readonly restart?: ViewRestartLimits | undefined;
  /** Age after which session and static tokens are refused (`stale`); default 14 days. */
  readonly tokenMaxAgeMs?: number | undefined;
  /** The file served at `/liveactor.js`; default `dist/liveactor.js` (404 while it is missing). */
  readonly clientBundle?: string | undefined;
  /**
   * Where crashes and other records go, for the system this server creates: a pino-shaped
   * logger, or `false` for none. Default: stderr (JSON lines when `NODE_ENV=production`).
   * With your own `system`, give it the logger instead.
   */
  readonly logger?: LoggerOption;
  /** Also log the event value a crashed view was handling (off: values may hold personal data). */
  readonly logPayloads?: boolean | undefined;
  /**
   * A dead render that throws answers 500 with a page showing the error, its stack, the route
   * and the params. Default: `process.env.NODE_ENV !== 'production'`; otherwise a plain page.
   */
  readonly debugErrors?: boolean | undefined;
  /**
   * Compress WebSocket frames (permessage-deflate) for clients that offer it, as browsers do.
   * Default `false`, as Phoenix's `compress`: a 1,000-row join shrinks about 9-fold, but each
   * socket then keeps about 110 KB of zlib state, and every frame in either direction costs
   * CPU to deflate or inflate; `npm run bench -- compression` measures both.
   */
  readonly compress?: boolean | undefined;
  /**
   * Headers on every response of the server's own: CSP (pages), nosniff, Referrer-Policy,
   * frame-ancestors (security-headers.ts); `false` for none.
   */
  readonly securityHeaders?: SecurityHeaders | false | undefined;
  /**
   * Believe the proxy in front: its `X-Forwarded-Proto` (set it when TLS ends at the proxy, so
   * the origin check and the cookies' `Secure` see https), and its `X-Forwarded-For` for the
   * client's address that views see (`getConnectInfo`). `true` is one proxy: the address it
   * appended, the list's last; a number is that many proxies in a chain, each appending one.
   * Default false: the socket's peer, whatever the headers say.
   */
  readonly trustProxy?: boolean | number | undefined;
  /** `listen()` only: time a client has to send a request's headers; default 10 000 ms. */
  readonly headersTimeoutMs?: number | undefined;
  /** `listen()` only: time a client has to send a whole request; default 30 000 ms. */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * The long-poll transport at `/live/longpoll`, for clients whose network blocks WebSockets
   * (on by default); `false` turns it off. A session whose client stops polling is closed
   * after `heartbeatTimeoutMs`, as a silent WebSocket is.
   */
  readonly longPoll?: LongPollOptions | false | undefined;
}

/**
 * Options of the long-poll transport.
 *
 * @example
 * createLiveServer({ routes, secret, longPoll: { windowMs: 20_000 } });
 */
export interface LongPollOptions {
  /**
   * How long a poll is held open when there is nothing to send; default 10 000 ms, and at most
   * half of `heartbeatTimeoutMs` (a held poll is the session's heartbeat). A proxy in front must
   * allow requests this long.
   */
  readonly windowMs?: number | undefined;
}

/**
 * A live server: an HTTP handler for dead renders and the client bundle, and a WebSocket
 * endpoint (`/live/websocket`) for connected views. Use `listen` for a server of its own, or
 * mount `handler` and `upgrade` on a `node:http` server (or `handler` as Express middleware).
 *
 * @example
 * const app = createLiveServer({ routes, secret });
 * const { url } = await app.listen({ port: 4000 });
 * await app.close();
 */
export interface LiveServer {
  /**
   * Starts a `node:http` server on `host` (default 127.0.0.1) and `port` (default 0: any free
   * one); a cluster node joins its cluster first (rejects ClusterUnreachableError, naming the
   * Redis URL, if it cannot).
   */
  listen(opts?: {
    readonly port?: number | undefined;
    readonly host?: string | undefined;
  }): Promise<{ readonly port: number; readonly host: string; readonly url: string }>;
  /** A `node:http` request listener; with `next`, an Express middleware that passes on unknown paths. */
  readonly handler: (
    req: IncomingMessage,
    res: ServerResponse,
    next?: (err?: unknown) => void,
  ) => void;
  /** A `node:http` `'upgrade'` listener for `/live/websocket`. */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /**
   * Closes every live connection whose session's `live_socket_id` is `id`, on every node this
   * server's PubSub reaches (`disconnectSockets`): log out everywhere.
   */
  disconnectSockets(id: string): void;
  /** Closes every client with 1001, runs every view's `terminate`, stops what the server created. */
  close(): Promise<void>;
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
}

/**
 * The options with their defaults applied.
 * @internal
 */
export interface ResolvedOptions {
  readonly layout: (page: LayoutProps) => string | Template;
  readonly session: (req: IncomingMessage) => Session | Promise<Session>;
  readonly maxFrameBytes: number;
  readonly eventRate: RateLimit | false;
  readonly highWaterBytes: number;
  readonly heartbeatTimeoutMs: number;
  readonly restart: ViewRestartLimits;
  readonly tokenMaxAgeMs: number;
  readonly origins: OriginPolicy;
  readonly clientBundle: string;
  readonly debugErrors: boolean;
  readonly compress: boolean;
  readonly maxBufferedBytes: number;
  readonly maxJoinParamsBytes: number;
  readonly maxViewsPerSocket: number;
  readonly maxConnections: number;
  readonly securityHeaders: ResolvedSecurityHeaders;
  readonly trustProxy: boolean;
  /** How many proxies' `X-Forwarded-For` entries to look past (0: none is trusted). */
  readonly proxyHops: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** The hold window of a poll; false when the long-poll transport is off. */
  readonly longPoll: { readonly windowMs: number } | false;
}

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Applies defaults and checks the numbers, so a typo fails at startup rather than at the first
 * connection.
 * @internal
 */
export function resolveOptions(options: LiveServerOptions): ResolvedOptions {
  if (typeof options.secret !== 'string' || options.secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(
      `createLiveServer: \`secret\` must be a string of at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  if (!Array.isArray(options.routes)) {
    throw new TypeError('createLiveServer: `routes` must be an array of { path, view }');
  }
  for (const route of options.routes) {
    if (!isLiveView(route?.view)) {
      throw new TypeError(
        `createLiveServer: the view of route "${route?.path}" must come from defineLiveView`,
      );
    }
  }
  checkLiveSessions(options.routes);
  if (options.system !== undefined) {
    for (const key of ['cluster', 'logger', 'logPayloads'] as const) {
      if (options[key] === undefined) continue;
      throw new TypeError(
        `createLiveServer: with your own \`system\`, pass \`${key}\` to it (new ActorSystem({ ${key} })), not to the server`,
      );
    }
  }
  const eventRate = options.eventRate ?? { events: 300, per: 1000 };
  if (eventRate !== false) {
    positive('eventRate.events', eventRate.events);
    positive('eventRate.per', eventRate.per);
  }
  const highWaterBytes = positive('highWaterBytes', options.highWaterBytes ?? MIB);
  const maxBufferedBytes = positive('maxBufferedBytes', options.maxBufferedBytes ?? 4 * MIB);
  if (maxBufferedBytes < highWaterBytes) {
    throw new RangeError(
      `createLiveServer: \`maxBufferedBytes\` (${maxBufferedBytes}) must be at least \`highWaterBytes\` (${highWaterBytes})`,
    );
  }
  const headersTimeoutMs = positive('headersTimeoutMs', options.headersTimeoutMs ?? 10_000);
  const requestTimeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs ?? 30_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new RangeError(
      `createLiveServer: \`requestTimeoutMs\` (${requestTimeoutMs}) must be at least \`headersTimeoutMs\` (${headersTimeoutMs})`,
    );
  }
  return {
    layout: options.layout ?? defaultLayout,
    session: options.session ?? noSession,
    maxFrameBytes: positive('maxFrameBytes', options.maxFrameBytes ?? MIB),
    eventRate,
    highWaterBytes,
    maxBufferedBytes,
    maxJoinParamsBytes: positive('maxJoinParamsBytes', options.maxJoinParamsBytes ?? 16 * 1024),
    maxViewsPerSocket: positive('maxViewsPerSocket', options.maxViewsPerSocket ?? 100),
    maxConnections: positive('maxConnections', options.maxConnections ?? 16_384),
    securityHeaders: resolveSecurityHeaders(options.securityHeaders),
    ...resolveProxy(options.trustProxy),
    headersTimeoutMs,
    requestTimeoutMs,
    heartbeatTimeoutMs: positive('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? 60_000),
    restart: options.restart ?? { intensity: 3, period: 5000 },
    tokenMaxAgeMs: positive('tokenMaxAgeMs', options.tokenMaxAgeMs ?? 14 * DAY_MS),
    origins: options.origins ?? 'same-host',
    clientBundle: options.clientBundle ?? defaultClientBundle(),
    debugErrors: options.debugErrors ?? process.env.NODE_ENV !== 'production',
    compress: options.compress ?? false,
    longPoll: resolveLongPoll(options),
  };
}

/** `trustProxy` as a yes/no for X-Forwarded-Proto and a hop count for X-Forwarded-For. */
function resolveProxy(trust: boolean | number | undefined): {
  readonly trustProxy: boolean;
  readonly proxyHops: number;
} {
  if (trust === undefined || trust === false) return { trustProxy: false, proxyHops: 0 };
  if (trust === true) return { trustProxy: true, proxyHops: 1 };
  if (!Number.isInteger(trust) || trust < 0) {
    throw new RangeError(
      `createLiveServer: \`trustProxy\` must be a boolean or a whole number of proxies, got ${trust}`,
    );
  }
  return { trustProxy: trust > 0, proxyHops: trust };
}

/** A poll held open is the session's heartbeat: it must end well within the timeout. */
function resolveLongPoll(options: LiveServerOptions): ResolvedOptions['longPoll'] {
  if (options.longPoll === false) return false;
  const windowMs = positive('longPoll.windowMs', options.longPoll?.windowMs ?? 10_000);
  return { windowMs: Math.min(windowMs, (options.heartbeatTimeoutMs ?? 60_000) / 2) };
}

/** `dist/liveactor.js` of this package, whether this file runs from `dist/` or from source. */
function defaultClientBundle(): string {
  const fromDist = /\/dist\/transport\/[^/]+$/.test(import.meta.url);
  return fileURLToPath(
    new URL(fromDist ? '../liveactor.js' : '../dist/liveactor.js', import.meta.url),
  );
}

function noSession(): Session {
  return {};
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0)) {
    throw new RangeError(`createLiveServer: \`${name}\` must be a number > 0, got ${value}`);
  }
  return value;
}
