/**
 * createLiveServer: the HTTP and WebSocket faces of a set of live routes.
 *
 * HTTP (`handler`): GET/HEAD on a route -> dead render (dead-render.ts); `/liveactor.js` -> the
 * client bundle (static.ts); `/live/longpoll` -> the long-poll transport (long-poll.ts), whose
 * sessions get a Connection and a port as sockets do; anything else -> `next()` when mounted as
 * middleware, else 404.
 * WebSocket (`upgrade`): `/live/websocket?vsn=2.0.0` only; the Origin is checked before the
 * handshake (403); each accepted socket gets a Connection (connection.ts, the socket rules) and
 * a port (port.ts, the process that is the port of its views).
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
import { Connection, type ConnectionLimits } from './connection.js';
import { createTokens, type LiveContext, reportCrash, routeResolver } from './context.js';
import { serveDeadRender } from './dead-render.js';
import { CLOSE_CODES } from './errors.js';
import type { FrameSocket } from './frame-socket.js';
import { closedOrDropped, graceFor, plain, refuse, requestUrl } from './http-util.js';
import { isOriginAllowed } from './limits.js';
import { LongPollEndpoint } from './long-poll.js';
import { LONG_POLL_PATH } from './long-poll-wire.js';
import { type LiveServer, type LiveServerOptions, resolveOptions } from './options.js';
import { PortLink, portBehaviour } from './port.js';
import { Router } from './router.js';
import { CLIENT_PATH, createBundleServer } from './static.js';

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
  const system = options.system ?? new ActorSystem({ cluster: options.cluster });
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
  readonly #bundle: ReturnType<typeof createBundleServer>;
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
    this.#bundle = createBundleServer(context.options.clientBundle);
    const resolved = context.options;
    this.#limits = {
      clock: context.system.clock,
      eventRate: resolved.eventRate,
      highWaterBytes: resolved.highWaterBytes,
      heartbeatTimeoutMs: resolved.heartbeatTimeoutMs,
    };
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: context.options.maxFrameBytes,
    });
    const { longPoll } = context.options;
    this.#longPoll =
      longPoll === false
        ? undefined
        : new LongPollEndpoint(
            {
              context,
              refusal: (req, url) => this.#refusal(req, url),
              accept: (socket) => this.#accept(socket),
            },
            longPoll.windowMs,
          );
  }

  readonly handler = (
    req: IncomingMessage,
    res: ServerResponse,
    next?: (err?: unknown) => void,
  ): void => {
    const pass = (): void => {
      if (next === undefined) plain(res, 404, 'Not Found');
      else next();
    };
    const url = requestUrl(req);
    if (url === undefined) {
      plain(res, 400, 'Bad Request');
      return;
    }
    if (url.pathname === LONG_POLL_PATH && this.#longPoll !== undefined) {
      this.#longPoll.handle(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      pass();
      return;
    }
    if (url.pathname === CLIENT_PATH) {
      this.#bundle(req, res).catch((error: unknown) => this.#fail(res, error));
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
      const url = requestUrl(req);
      if (url === undefined || url.pathname !== SOCKET_PATH) {
        // Leave other paths to the application's own upgrade listeners, if it has any.
        const server = (req.socket as { server?: { listenerCount(e: string): number } }).server;
        if ((server?.listenerCount('upgrade') ?? 0) <= 1) refuse(socket, 404, 'Not Found');
        return;
      }
      const refusal = this.#refusal(req, url);
      if (refusal !== undefined) refuse(socket, refusal[0], refusal[1]);
      else this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    } catch (error) {
      this.#context.report(error);
      socket.destroy();
    }
  };

  /** Why an upgrade to the socket path is refused, as an HTTP status; undefined to accept. */
  #refusal(req: IncomingMessage, url: URL): [number, string] | undefined {
    if (this.#closing !== undefined) return [503, 'Service Unavailable'];
    if (url.searchParams.get('vsn') !== '2.0.0') return [400, 'Bad Request'];
    const { origin, host } = req.headers;
    if (!isOriginAllowed(origin, host, this.#context.options.origins)) return [403, 'Forbidden'];
    return undefined;
  }

  async listen(
    opts: { readonly port?: number | undefined; readonly host?: string | undefined } = {},
  ): Promise<{ readonly port: number; readonly host: string; readonly url: string }> {
    if (this.#http !== undefined)
      throw new TypeError('listen: this live server is listening already');
    if (this.#closing !== undefined) throw new TypeError('listen: this live server is closed');
    const server = createServer(this.handler);
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

  #accept(ws: FrameSocket): void {
    if (this.#closing !== undefined) {
      // The handshake finished after close() began: this socket was never counted in.
      ws.close(CLOSE_CODES.goingAway, 'server shutting down');
      return;
    }
    const { system } = this.#context;
    const link = new PortLink(this.#context);
    const conn = new Connection(ws, this.#limits, link);
    try {
      link.port = system.spawn(portBehaviour, { conn, context: this.#context }, { trapExit: true });
    } catch (error) {
      this.#context.report(error);
      conn.close(CLOSE_CODES.internalError, 'server unavailable');
      return;
    }
    // The port takes itself out when it ends (port.ts).
    this.#context.connections.set(link.port, conn);
  }

  #fail(res: ServerResponse, error: unknown): void {
    this.#context.report(error);
    if (res.headersSent) res.destroy();
    else plain(res, 500, 'Internal Server Error');
  }
}
