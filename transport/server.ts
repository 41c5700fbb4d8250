/**
 * createLiveServer: the HTTP and WebSocket faces of a set of live routes.
 *
 * HTTP (`handler`): GET/HEAD on a route -> dead render (dead-render.ts); `/liveactor.js` and its
 * hashed URL -> the client bundle (static.ts); `/live/longpoll` -> the long-poll transport
 * (long-poll.ts), whose sessions get a Connection and a port as sockets do; anything else ->
 * `next()` when mounted as middleware, else 404. Every answer of the server's own carries the
 * security headers (security-headers.ts).
 * WebSocket (`upgrade`): `/live/websocket?vsn=2.0.0` only; the Origin is checked before the
 * handshake (403), and past `maxConnections` sockets a new one is refused (503); each accepted
 * socket gets a Connection (connection.ts, the socket rules) and a port (port.ts, the process
 * that is the port of its views). `listen()` gives its HTTP server `headersTimeoutMs` and
 * `requestTimeoutMs`, so a half-sent request is not held for minutes.
 *
 * `close()` in order: refuse new sockets; stop every port (each closes its socket with 1001 and
 * stops its views, whose terminate runs); wait for the sockets to close
 * (a peer that does not answer the close is dropped after a grace period); stop the views
 * supervisor; shut the actor system down if this server created it; close the HTTP server
 * `listen` created.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ActorSystem, DynamicSupervisor, PubSub, RedisPubSubAdapter } from '../actors/index.js';
import { createChildTokens, StickyViews } from './child-tokens.js';
import { perMessageDeflate } from './compression.js';
import { Connection, type ConnectionLimits } from './connection.js';
import { createTokens, type LiveContext, reportCrash, routeResolver } from './context.js';
import { serveDeadRender } from './dead-render.js';
import { CLOSE_CODES } from './errors.js';
import type { FrameSocket } from './frame-socket.js';
import {
  closedOrDropped,
  graceFor,
  plain,
  refuse,
  requestScheme,
  requestUrl,
} from './http-util.js';
import { isOriginAllowed } from './limits.js';
import { LongPollEndpoint } from './long-poll.js';
import { LONG_POLL_PATH } from './long-poll-wire.js';
import { type LiveServer, type LiveServerOptions, resolveOptions } from './options.js';
import { PortLink, portBehaviour } from './port.js';
import { Router } from './router.js';
import { setCommonHeaders } from './security-headers.js';
import { disconnectSockets, identifySocket, type SocketIdentity } from './socket-id.js';
import { createBundleServer } from './static.js';
import { socketOpenChannel } from './telemetry.js';

/**
 * Where the official client opens its socket (`new LiveSocket('/live', Socket)`).
 *
 * @example
 * new WebSocket(`ws://127.0.0.1:4000${SOCKET_PATH}?vsn=2.0.0`);
 */
export const SOCKET_PATH = '/live/websocket';

/**
 * Creates a live server over `routes`. It does not listen until `listen()`; or mount
 * `handler` and `upgrade` on your own `node:http` server (or `handler` in Express).
 *
 * @example
 * const app = createLiveServer({ routes: [{ path: '/counter', view: Counter }], secret });
 * const { url } = await app.listen({ port: 4000 });
 * // later
 * await app.close();
 */
export function createLiveServer(options: LiveServerOptions): LiveServer {
  const resolved = resolveOptions(options);
  const system =
    options.system ??
    new ActorSystem({
      cluster: options.cluster,
      logger: options.logger,
      logPayloads: options.logPayloads,
    });
  const pubsub = options.pubsub ?? defaultPubSub(system);
  const router = new Router(options.routes);
  const views = DynamicSupervisor.start(system);
  // A failure surfaces on the first join (as "join crashed"); do not leave it unhandled here.
  views.catch(() => {});
  const tokens = createTokens(options.secret);
  const sticky = new StickyViews();
  const context: LiveContext = {
    system,
    pubsub,
    router,
    tokens,
    options: resolved,
    views,
    connections: new Map(),
    resolve: routeResolver(router),
    bundle: createBundleServer(resolved.clientBundle),
    childTokens: createChildTokens(tokens, sticky),
    sticky,
    report: (error, pid) => reportCrash(system, error, pid),
  };
  return new LiveHttpServer(context, {
    system: options.system === undefined,
    pubsub: options.pubsub === undefined,
  });
}

/** On a cluster node, a broadcast reaches the views of every node (one Redis publish). */
function defaultPubSub(system: ActorSystem): PubSub {
  if (system.cluster === undefined) return new PubSub(system);
  return new PubSub(system, { adapter: new RedisPubSubAdapter(system) });
}

class LiveHttpServer implements LiveServer {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  readonly #context: LiveContext;
  /** What this server created, and so stops on close. */
  readonly #owns: { readonly system: boolean; readonly pubsub: boolean };
  readonly #wss: WebSocketServer;
  readonly #longPoll: LongPollEndpoint | undefined;
  /** One object for every connection: they share an idle timer through it (idle-sweep.ts). */
  readonly #limits: ConnectionLimits;
  #http: Server | undefined;
  #closing: Promise<void> | undefined;

  constructor(context: LiveContext, owns: { readonly system: boolean; readonly pubsub: boolean }) {
    this.#context = context;
    this.#owns = owns;
    this.system = context.system;
    this.pubsub = context.pubsub;
    const resolved = context.options;
    this.#limits = {
      clock: context.system.clock,
      eventRate: resolved.eventRate,
      highWaterBytes: resolved.highWaterBytes,
      maxBufferedBytes: resolved.maxBufferedBytes,
      heartbeatTimeoutMs: resolved.heartbeatTimeoutMs,
    };
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: perMessageDeflate(context.options.compress),
      maxPayload: context.options.maxFrameBytes,
      // One message per socket per turn of the event loop: a socket that sends frames by the
      // megabyte is read at the pace of the others (TCP holds the rest), not in one long run
      // that leaves every other user waiting.
      allowSynchronousEvents: false,
    });
    const { longPoll } = context.options;
    this.#longPoll =
      longPoll === false
        ? undefined
        : new LongPollEndpoint(
            {
              context,
              refusal: (req, url) => this.#refusal(req, url),
              accept: (socket, req, identity) => this.#accept(socket, req, identity),
            },
            longPoll.windowMs,
          );
  }

  readonly handler = (
    req: IncomingMessage,
    res: ServerResponse,
    next?: (err?: unknown) => void,
  ): void => {
    const { options } = this.#context;
    const pass = (): void => {
      if (next !== undefined) {
        next();
        return;
      }
      setCommonHeaders(res, options.securityHeaders);
      plain(res, 404, 'Not Found');
    };
    const url = requestUrl(req, options.trustProxy);
    if (url === undefined) {
      setCommonHeaders(res, options.securityHeaders);
      plain(res, 400, 'Bad Request');
      return;
    }
    if (url.pathname === LONG_POLL_PATH && this.#longPoll !== undefined) {
      setCommonHeaders(res, options.securityHeaders);
      this.#longPoll.handle(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      pass();
      return;
    }
    const { bundle } = this.#context;
    if (bundle.handles(url.pathname)) {
      setCommonHeaders(res, options.securityHeaders);
      bundle.serve(req, res, url.pathname).catch((error: unknown) => this.#fail(res, error));
      return;
    }
    const match = this.#context.router.match(url);
    if (match === undefined) {
      pass();
      return;
    }
    serveDeadRender(req, res, match, url, this.#context).catch((error: unknown) =>
      this.#fail(res, error),
    );
  };

  readonly upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    try {
      const url = requestUrl(req, this.#context.options.trustProxy);
      if (url === undefined || url.pathname !== SOCKET_PATH) {
        // Leave other paths to the application's own upgrade listeners, if it has any.
        const server = (req.socket as { server?: { listenerCount(e: string): number } }).server;
        if ((server?.listenerCount('upgrade') ?? 0) <= 1) refuse(socket, 404, 'Not Found');
        return;
      }
      const refusal = this.#refusal(req, url);
      if (refusal !== undefined) {
        refuse(socket, refusal[0], refusal[1]);
        return;
      }
      // Who the socket is (session, connect info) is known before the handshake, as in Phoenix.
      identifySocket(req, this.#context.options)
        .then(
          (identity) => this.#handshake(req, socket, head, url, identity),
          (error: unknown) => {
            this.#context.report(error);
            refuse(socket, 500, 'Internal Server Error');
          },
        )
        .catch((error: unknown) => this.#dropUpgrade(socket, error));
    } catch (error) {
      this.#dropUpgrade(socket, error);
    }
  };

  #handshake(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
    identity: SocketIdentity,
  ): void {
    // Asked again: the server may have begun closing while the session was read.
    const refusal = this.#refusal(req, url);
    if (refusal !== undefined) refuse(socket, refusal[0], refusal[1]);
    else this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req, identity));
  }

  #dropUpgrade(socket: Duplex, error: unknown): void {
    this.#context.report(error);
    socket.destroy();
  }

  disconnectSockets(id: string): void {
    disconnectSockets(this.pubsub, id);
  }

  /** Why an upgrade to the socket path is refused, as an HTTP status; undefined to accept. */
  #refusal(req: IncomingMessage, url: URL): [number, string] | undefined {
    const { options, connections } = this.#context;
    if (this.#closing !== undefined) return [503, 'Service Unavailable'];
    if (url.searchParams.get('vsn') !== '2.0.0') return [400, 'Bad Request'];
    const { origin, host } = req.headers;
    const scheme = requestScheme(req, options.trustProxy);
    if (!isOriginAllowed(origin, host, options.origins, scheme)) return [403, 'Forbidden'];
    // Counted again once the handshake is done: several may be on their way at once.
    if (connections.size >= options.maxConnections) return [503, 'Service Unavailable'];
    return undefined;
  }

  async listen(
    opts: { readonly port?: number | undefined; readonly host?: string | undefined } = {},
  ): Promise<{ readonly port: number; readonly host: string; readonly url: string }> {
    if (this.#http !== undefined)
      throw new TypeError('listen: this live server is listening already');
    if (this.#closing !== undefined) throw new TypeError('listen: this live server is closed');
    const { headersTimeoutMs, requestTimeoutMs } = this.#context.options;
    const server = createServer(
      {
        headersTimeout: headersTimeoutMs,
        requestTimeout: requestTimeoutMs,
        // Node looks for overdue requests this often (default 30 s, which would let a
        // 10 s headers timeout run to 40 s).
        connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
      },
      this.handler,
    );
    server.on('upgrade', this.upgrade);
    this.#http = server;
    // Before any request: a view mounted now already reaches, and is reached by, other nodes.
    if (this.system.cluster !== undefined) {
      try {
        await this.system.joinCluster();
      } catch (error) {
        this.#http = undefined;
        throw error;
      }
    }
    if (this.#closing !== undefined) throw new TypeError('listen: this live server is closed');
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { port: address.port, host: address.address, url: `http://${host}:${address.port}` };
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const { system } = this.#context;
    const connections = [...this.#context.connections];
    for (const [port] of connections) system.exit(port, 'shutdown');
    await Promise.all(connections.map(([port]) => system.exited(port)));
    await Promise.all(connections.map(([, conn]) => closedOrDropped(conn)));
    const views = await this.#context.views.catch(() => undefined);
    if (views !== undefined) {
      system.exit(views, 'shutdown');
      await system.exited(views);
    }
    if (this.#owns.system) await system.shutdown();
    else if (this.#owns.pubsub) this.pubsub.close();
    const http = this.#http;
    if (http !== undefined) {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      // Answers written just now (the long polls' 410s) get the grace a closing socket gets.
      await graceFor(closed);
      http.closeAllConnections();
      await closed;
    }
  }

  #accept(ws: FrameSocket, req: IncomingMessage, identity: SocketIdentity): void {
    if (this.#closing !== undefined) {
      // The handshake finished after close() began: this socket was never counted in.
      ws.close(CLOSE_CODES.goingAway, 'server shutting down');
      return;
    }
    if (this.#context.connections.size >= this.#context.options.maxConnections) {
      ws.close(CLOSE_CODES.tryAgainLater, 'too many connections');
      return;
    }
    const { system } = this.#context;
    const link = new PortLink(this.#context);
    const conn = new Connection(ws, this.#limits, link);
    try {
      link.port = system.spawn(
        portBehaviour,
        { conn, context: this.#context, identity },
        { trapExit: true },
      );
    } catch (error) {
      this.#context.report(error);
      conn.close(CLOSE_CODES.internalError, 'server unavailable');
      return;
    }
    // The port takes itself out when it ends (port.ts).
    this.#context.connections.set(link.port, conn);
    if (socketOpenChannel.hasSubscribers) {
      const { remoteAddress } = req.socket;
      socketOpenChannel.publish({ port: link.port, remoteAddress, origin: req.headers.origin });
    }
  }

  #fail(res: ServerResponse, error: unknown): void {
    this.#context.report(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    setCommonHeaders(res, this.#context.options.securityHeaders);
    plain(res, 500, 'Internal Server Error');
  }
}
