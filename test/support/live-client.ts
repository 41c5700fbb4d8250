import { once } from 'node:events';
import type { ClientRequestArgs } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import type { LiveServer, LiveServerOptions } from '../../transport/options.js';
import { createLiveServer, SOCKET_PATH } from '../../transport/server.js';

/**
 * A secret long enough for the token signers.
 *
 * @example
 * createLiveServer({ routes, secret: TEST_SECRET });
 */
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/**
 * A raw frame as it travels: `[joinRef, ref, topic, event, payload]`.
 *
 * @example
 * const heartbeat: RawFrame = [null, '1', 'phoenix', 'heartbeat', {}];
 */
export type RawFrame = [string | null, string | null, string, string, Record<string, unknown>];

/**
 * A reply's payload.
 *
 * @example
 * expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} } satisfies Reply);
 */
export interface Reply {
  readonly status: 'ok' | 'error';
  readonly response: Record<string, unknown>;
}

/**
 * A live server listening on 127.0.0.1, closed when the test finishes.
 *
 * @example
 * const { live, url }: TestServer = await startLiveServer({ routes });
 */
export interface TestServer {
  readonly live: LiveServer;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
}

/**
 * Starts a live server on 127.0.0.1 (port 0) with {@link TEST_SECRET}; closes it when the test
 * finishes.
 *
 * @example
 * const { live, url } = await startLiveServer({ routes: [{ path: '/c', view: Counter }] });
 */
export async function startLiveServer(
  options: Omit<LiveServerOptions, 'secret'> & { readonly secret?: string },
): Promise<TestServer> {
  const live = createLiveServer({ secret: TEST_SECRET, ...options });
  onTestFinished(() => live.close());
  const { url } = await live.listen({ host: '127.0.0.1', port: 0 });
  return { live, url };
}

/**
 * A dead-rendered page and the container attributes a join needs.
 *
 * @example
 * const page: Page = await getPage(url, '/counter');
 * await client.join(page);
 */
export interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly html: string;
  /** The absolute page URL (what a client sends as `url`). */
  readonly url: string;
  readonly id: string;
  readonly topic: string;
  readonly session: string;
  readonly static: string;
  /** The page's `<meta name="csrf-token">` (`''` when the layout has none). */
  readonly csrfToken: string;
}

/**
 * GETs `path` and extracts the main container's id and tokens.
 *
 * @example
 * const page = await getPage(url, '/counter');
 * page.topic; // 'lv:phx-...'
 */
export async function getPage(base: string, path: string, init?: RequestInit): Promise<Page> {
  const url = new URL(path, base).href;
  const res = await fetch(url, { redirect: 'manual', ...init });
  return pageOf(url, res.status, res.headers, await res.text());
}

/**
 * A page from its response: the main container's id and tokens.
 *
 * @example
 * const page = pageOf(url, 200, new Headers(), html);
 */
export function pageOf(url: string, status: number, headers: Headers, html: string): Page {
  const container =
    /<div id="([^"]+)" data-phx-main data-phx-session="([^"]*)" data-phx-static="([^"]*)">/.exec(
      html,
    );
  const [, id = '', session = '', statics = ''] = container ?? [];
  const csrfToken = /<meta name="csrf-token" content="([^"]*)"/.exec(html)?.[1] ?? '';
  return {
    status,
    headers,
    html,
    url,
    id,
    topic: `lv:${id}`,
    session,
    static: statics,
    csrfToken,
  };
}

interface Waiter {
  readonly match: (frame: RawFrame) => boolean;
  readonly resolve: (frame: RawFrame) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A test client speaking Phoenix channels v2 over a real WebSocket: send frames, await replies
 * and pushes by what they are, never by time. Terminated when the test finishes.
 *
 * @example
 * const client = await LiveClient.connect(url);
 * const view = await client.join(await getPage(url, '/counter'));
 * expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
 */
/**
 * The `phx_join` payload the official client sends for `page` on a first join.
 *
 * @example
 * client.send([ref, ref, page.topic, 'phx_join', { ...joinPayload(page), params: {} }]);
 */
export function joinPayload(page: Page): Record<string, unknown> {
  return {
    url: page.url,
    params: { _csrf_token: page.csrfToken, _mounts: 0, _mount_attempts: 0 },
    session: page.session,
    static: page.static === '' ? null : page.static,
    sticky: false,
  };
}

export class LiveClient {
  readonly ws: WebSocket;
  /** The client's TCP socket (pause it to stop reading). */
  readonly socket: Socket;
  /** Settles with the close code and reason once the socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Every frame received, in arrival order (taken or not). */
  readonly received: RawFrame[] = [];
  readonly #frames: RawFrame[] = [];
  readonly #waiters: Waiter[] = [];
  #ref = 0;
  #isClosed = false;

  private constructor(ws: WebSocket, socket: Socket) {
    this.ws = ws;
    this.socket = socket;
    ws.on('message', (data) => this.#receive(JSON.parse(String(data)) as RawFrame));
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.#isClosed = true;
        for (const waiter of this.#waiters.splice(0)) {
          waiter.reject(new Error(`socket closed (${code} ${reason}) while waiting for a frame`));
        }
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => {});
  }

  /** Opens `/live/websocket?vsn=2.0.0` on the server at `base`. */
  static async connect(
    base: string,
    opts: {
      readonly origin?: string;
      readonly query?: string;
      readonly headers?: Record<string, string>;
    } = {},
  ): Promise<LiveClient> {
    const wsUrl = `${base.replace(/^http/, 'ws')}${SOCKET_PATH}?${opts.query ?? 'vsn=2.0.0'}`;
    let socket: Socket | undefined;
    const ws = new WebSocket(wsUrl, {
      ...(opts.origin === undefined ? {} : { origin: opts.origin }),
      ...(opts.headers === undefined ? {} : { headers: opts.headers }),
      createConnection: (options: ClientRequestArgs) => {
        socket = netConnect({ port: Number(options.port), host: String(options.host) });
        return socket;
      },
    });
    onTestFinished(() => ws.terminate());
    ws.on('error', () => {});
    await once(ws, 'open');
    return new LiveClient(ws, socket as Socket);
  }

  /** A fresh ref, as the official client counts them. */
  nextRef(): string {
    this.#ref += 1;
    return String(this.#ref);
  }

  /** Sends a frame as JSON text. */
  send(frame: RawFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends raw bytes: text, or binary with `{ binary: true }`. */
  sendRaw(data: string | Buffer, opts: { readonly binary?: boolean } = {}): void {
    this.ws.send(data, { binary: opts.binary ?? false });
  }

  /** Resolves with the first received frame (kept or future) that `match` accepts. */
  take(match: (frame: RawFrame) => boolean): Promise<RawFrame> {
    const at = this.#frames.findIndex(match);
    if (at >= 0) return Promise.resolve(this.#frames.splice(at, 1)[0] as RawFrame);
    if (this.#isClosed) return Promise.reject(new Error('socket closed'));
    return new Promise((resolve, reject) => this.#waiters.push({ match, resolve, reject }));
  }

  /** The reply to `ref`. */
  async replyTo(ref: string): Promise<Reply> {
    const frame = await this.take((f) => f[3] === 'phx_reply' && f[1] === ref);
    return frame[4] as unknown as Reply;
  }

  /** Sends a frame with a fresh ref and resolves with its reply. */
  request(
    topic: string,
    event: string,
    payload: Record<string, unknown>,
    joinRef: string | null = null,
  ): Promise<Reply> {
    const ref = this.nextRef();
    this.send([joinRef, ref, topic, event, payload]);
    return this.replyTo(ref);
  }

  /** A heartbeat's reply. */
  heartbeat(): Promise<Reply> {
    return this.request('phoenix', 'heartbeat', {});
  }

  /** Joins a page's container (a plain join with `url`, unless `payload` says otherwise). */
  async join(page: Page, payload: Record<string, unknown> = {}): Promise<JoinedView> {
    const ref = this.nextRef();
    this.send([ref, ref, page.topic, 'phx_join', { ...joinPayload(page), ...payload }]);
    return new JoinedView(this, page.topic, ref, await this.replyTo(ref));
  }

  #receive(frame: RawFrame): void {
    this.received.push(frame);
    const at = this.#waiters.findIndex((w) => w.match(frame));
    if (at < 0) {
      this.#frames.push(frame);
      return;
    }
    const [waiter] = this.#waiters.splice(at, 1);
    waiter?.resolve(frame);
  }
}

/**
 * One joined topic of a {@link LiveClient}.
 *
 * @example
 * const view: JoinedView = await client.join(page);
 * await view.push('inc');
 */
export class JoinedView {
  readonly client: LiveClient;
  readonly topic: string;
  readonly joinRef: string;
  /** The join's reply. */
  readonly reply: Reply;

  constructor(client: LiveClient, topic: string, joinRef: string, reply: Reply) {
    this.client = client;
    this.topic = topic;
    this.joinRef = joinRef;
    this.reply = reply;
  }

  /** The join reply's `rendered`. */
  get rendered(): Record<string, unknown> {
    return this.reply.response.rendered as Record<string, unknown>;
  }

  /** Sends a click-like `event` and resolves with its reply. */
  push(event: string, value: unknown = {}, extra: Record<string, unknown> = {}): Promise<Reply> {
    return this.request('event', { type: 'click', event, value, ...extra });
  }

  /** Sends any event on this topic with this join's ref. */
  request(event: string, payload: Record<string, unknown>): Promise<Reply> {
    return this.client.request(this.topic, event, payload, this.joinRef);
  }

  /** The next server push on this topic (`diff`, `redirect`, `phx_close`, ...), or of `event`. */
  nextPush(event?: string): Promise<RawFrame> {
    return this.client.take(
      (f) =>
        f[2] === this.topic &&
        f[3] !== 'phx_reply' &&
        (f[1] === null || f[1] === this.joinRef) &&
        (event === undefined || f[3] === event),
    );
  }

  /** Leaves the topic; resolves with the leave's reply. */
  leave(): Promise<Reply> {
    return this.request('phx_leave', {});
  }
}
