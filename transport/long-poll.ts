/**
 * The long-poll endpoint at `/live/longpoll`: Phoenix's fallback for networks that block
 * WebSockets, carrying the same channel frames over HTTP (long-poll-wire.ts has the shapes).
 *
 * A session is a LongPollSocket under an ordinary Connection and port, started exactly as a
 * WebSocket is (the server's `accept`), after the same refusals as an upgrade (shutting down,
 * `vsn`, origin, capacity). Its token is signed (salt 'longpoll') and names a random session
 * id, so no client can reach another's session; a token of a session that is gone (closed,
 * expired, or held by another server) gets 410, and the client connects afresh.
 *
 * Every request's Origin is checked, POSTs and polls alike: an allowed one is echoed in
 * `Access-Control-Allow-Origin`, so a page of a listed origin may poll; `OPTIONS` answers its
 * preflight. CSRF: a session carries nothing of the user's cookies, and a join still needs the
 * page's CSRF token in its params, as over a WebSocket.
 *
 * Sessions live on the server that opened them: behind a load balancer, several servers need
 * sticky routing for `/live/longpoll` (a poll that lands elsewhere gets 410 and reconnects).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveContext } from './context.js';
import type { FrameSocket } from './frame-socket.js';
import { plain, requestScheme } from './http-util.js';
import { isOriginAllowed } from './limits.js';
import { type LongPollLimits, LongPollSocket } from './long-poll-socket.js';
import { answer } from './long-poll-wire.js';
import { identifySocket, type SocketIdentity } from './socket-id.js';

/**
 * What the endpoint needs of its server.
 * @internal
 */
export interface LongPollHost {
  readonly context: LiveContext;
  /** Why a new socket is refused now, as an HTTP status (an upgrade's); undefined to accept. */
  refusal(req: IncomingMessage, url: URL): [number, string] | undefined;
  /** Puts a connection and a port on a new socket; closes the socket when it cannot. */
  accept(socket: FrameSocket, req: IncomingMessage, identity: SocketIdentity): void;
}

/**
 * One server's long-poll sessions and the requests that reach them.
 * @internal
 */
export class LongPollEndpoint {
  readonly #host: LongPollHost;
  readonly #limits: LongPollLimits;
  readonly #sessions = new Map<string, LongPollSocket>();

  constructor(host: LongPollHost, windowMs: number) {
    const { context } = host;
    this.#host = host;
    this.#limits = {
      clock: context.system.clock,
      windowMs,
      maxFrameBytes: context.options.maxFrameBytes,
      report: (error) => context.report(error),
    };
  }

  /** The sessions open now. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Answers one request to the long-poll path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const { origin, host } = req.headers;
    const { options } = this.#host.context;
    const scheme = requestScheme(req, options.trustProxy);
    if (!isOriginAllowed(origin, host, options.origins, scheme)) {
      answer(res, 403);
      return;
    }
    if (origin !== undefined) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    switch (req.method) {
      case 'GET':
        this.#get(req, res, url);
        return;
      case 'POST': {
        const session = this.#session(url);
        if (session === undefined) answer(res, 410);
        else session.post(req, res, req.headers['content-type'] === 'application/x-ndjson');
        return;
      }
      case 'DELETE': {
        // Our client's goodbye (Phoenix's has none): the views stop now, not at the timeout.
        const session = this.#session(url);
        session?.close(1000, 'client left');
        answer(res, session === undefined ? 410 : 200);
        return;
      }
      case 'OPTIONS':
        res.writeHead(200, {
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
          'access-control-allow-methods': 'get, post, delete, options',
          'access-control-max-age': '3600',
          'content-length': 0,
        });
        res.end();
        return;
      default:
        plain(res, 400, 'Bad Request');
    }
  }

  #get(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const token = url.searchParams.get('token');
    if (token !== null && token !== '') {
      const session = this.#session(url);
      if (session === undefined) answer(res, 410);
      else session.poll(res, token);
      return;
    }
    if (this.#refused(req, res, url)) return;
    // The session (its socket id) is read before the session opens, as for an upgrade.
    identifySocket(req, this.#host.context.options).then(
      (identity) => {
        if (!this.#refused(req, res, url)) this.#open(req, res, identity);
      },
      (error: unknown) => {
        this.#host.context.report(error);
        answer(res, 500);
      },
    );
  }

  /** Answers a refused session request; true if it was refused. */
  #refused(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const refusal = this.#host.refusal(req, url);
    if (refusal === undefined) return false;
    // The official client knows 403 (give up this connect) and 500 (try again later).
    answer(res, refusal[0] === 403 || refusal[0] === 400 ? 403 : 500);
    return true;
  }

  #open(req: IncomingMessage, res: ServerResponse, identity: SocketIdentity): void {
    const id = randomBytes(16).toString('base64url');
    const socket = new LongPollSocket(this.#limits);
    this.#sessions.set(id, socket);
    socket.once('close', () => this.#sessions.delete(id));
    this.#host.accept(socket, req, identity);
    if (socket.readyState !== 1) {
      answer(res, 500);
      return;
    }
    answer(res, 410, this.#host.context.tokens.longPoll.sign({ id }), []);
  }

  /** The session a request's token names, if it is still open. */
  #session(url: URL): LongPollSocket | undefined {
    let data: unknown;
    try {
      const { tokens, options } = this.#host.context;
      data = tokens.longPoll.verify(url.searchParams.get('token'), options.tokenMaxAgeMs);
    } catch {
      return undefined;
    }
    const id = (data as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? this.#sessions.get(id) : undefined;
  }
}
