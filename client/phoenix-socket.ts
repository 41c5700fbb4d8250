import type { Frame } from '../transport/frame.js';
import { CHANNEL_EVENTS, encodeBinaryPush, PHOENIX_TOPIC } from '../transport/frame.js';
import { backoff, rejoinDelay } from './backoff.js';
import { Channel } from './channel.js';
import { fellBack, LongPoll, rememberFallback } from './long-poll.js';
import { asPayload, type Payload } from './push.js';

/** The part of a WebSocket the socket uses, so tests can hand in a small fake. */
export interface TransportSocket {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
}

/**
 * Why the socket closed. A server close has its own code; `disconnect()` reports its code
 * (default 1005, as a browser does for `close()` without one), a heartbeat timeout 1006.
 *
 * @example
 * socket.onClose(({ code }) => code === 1000 && hasViews() && reloadSoon());
 */
export interface SocketClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * Options of {@link PhoenixSocket}.
 *
 * @example
 * const opts: SocketOptions = { params: () => ({ _csrf_token: token }), timeout: 5000 };
 */
export interface SocketOptions {
  /** Query string params; a function is called on every connect. */
  params?: Payload | (() => Payload) | undefined;
  /** The WebSocket constructor (default `globalThis.WebSocket`); {@link LongPoll} to poll only. */
  transport?: (new (url: string) => TransportSocket) | undefined;
  /**
   * Falls back to long polling when the WebSocket has not opened and answered a heartbeat
   * within this many ms, or failed to open (Phoenix's option). The tab then stays on long
   * polling, and remembers it in sessionStorage (`phx:fallback:LongPoll`) for its next pages.
   * Default: no fallback. Once a WebSocket of this socket answered, it is not given up again.
   */
  longPollFallbackMs?: number | undefined;
  /** How long one long-poll request may take, in ms (default 20000). */
  longpollerTimeout?: number | undefined;
  heartbeatIntervalMs?: number | undefined;
  /** Reply timeout of joins and pushes, in ms (default 10000). */
  timeout?: number | undefined;
  /** Delay before reconnect attempt `tries` (default {@link backoff}). */
  reconnectAfterMs?: ((tries: number) => number) | undefined;
  /** Delay before channel rejoin attempt `tries` (default {@link rejoinDelay}). */
  rejoinAfterMs?: ((tries: number) => number) | undefined;
  logger?: ((kind: string, msg: string, data?: unknown) => void) | undefined;
}

/**
 * `params` as a query string: `encodeURIComponent(key)=encodeURIComponent(value)` joined by
 * `&`, nested objects (and arrays) as bracket keys, `undefined` left out.
 */
function serialize(params: Payload, prefix?: string): string[] {
  return Object.entries(params).flatMap(([k, v]) => {
    const key = prefix === undefined ? k : `${prefix}[${k}]`;
    if (v === undefined) return [];
    if (typeof v === 'object' && v !== null) return serialize(v as Payload, key);
    return [`${encodeURIComponent(key)}=${encodeURIComponent(String(v ?? ''))}`];
  });
}

function decode(data: unknown): Frame | undefined {
  try {
    const parsed: unknown = typeof data === 'string' ? JSON.parse(data) : undefined;
    if (!Array.isArray(parsed) || parsed.length !== 5) return undefined;
    const [joinRef, ref, topic, event, body] = parsed as unknown[];
    const payload = asPayload(body);
    const isRef = (v: unknown): v is string | null => v === null || typeof v === 'string';
    if (
      isRef(joinRef) &&
      isRef(ref) &&
      typeof topic === 'string' &&
      typeof event === 'string' &&
      payload
    ) {
      return { joinRef, ref, topic, event, payload };
    }
  } catch {}
  return undefined;
}

type Listeners<T> = Set<(value: T) => void>;

function listen<T>(set: Listeners<T>, callback: (value: T) => void): () => void {
  const entry = (value: T): void => callback(value);
  set.add(entry);
  return () => set.delete(entry);
}

/**
 * The Phoenix channels v2 socket (PROTOCOL.md 1): one WebSocket to
 * `<endPoint>/websocket?<params>&vsn=2.0.0`, multiplexing {@link Channel}s.
 *
 * - Refs come from one counter (`"1"`, `"2"`, ...) shared by heartbeats, joins, pushes, leaves.
 * - Frames sent while not connected wait and go out on open, unless their channel has moved
 *   on to another join ref by then (a rejoin sends its own join).
 * - A heartbeat goes out `heartbeatIntervalMs` after open and after each heartbeat reply; no
 *   reply by the next tick closes the socket, which then reconnects.
 * - Every close that `disconnect()` did not ask for reconnects after `reconnectAfterMs(tries)`;
 *   tries start again at 1 after an open. `onClose` hears every close with its code, so the
 *   owner can tell a server's deliberate 1000 from a network loss.
 * - Malformed frames are logged and ignored.
 *
 * @example
 * const socket = new PhoenixSocket('/live', { params: { _csrf_token: token } });
 * socket.onClose(({ code }) => console.log('closed', code));
 * socket.connect();
 * const channel = socket.channel('lv:phx-F1', () => joinPayload);
 */
export class PhoenixSocket {
  /** Default reply timeout of joins and pushes. */
  readonly timeout: number;
  /** @internal */
  readonly rejoinAfterMs: (tries: number) => number;
  readonly #endPoint: string;
  readonly #params: () => Payload;
  #transport: new (
    url: string,
  ) => TransportSocket;
  readonly #fallbackMs: number | undefined;
  readonly #pollTimeout: number;
  readonly #interval: number;
  readonly #reconnectAfterMs: (tries: number) => number;
  readonly #logger: SocketOptions['logger'];
  readonly #channels = new Set<Channel>();
  readonly #opens: Listeners<undefined> = new Set();
  readonly #closes: Listeners<SocketClose> = new Set();
  readonly #errors: Listeners<Event> = new Set();
  #ws: TransportSocket | undefined;
  #buffer: (() => void)[] = [];
  #ref = 0;
  #tries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatRef: string | null = null;
  /** Armed while a WebSocket may still be given up for long polling. */
  #fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  /** The WebSocket opened and owes the heartbeat that proves frames pass. */
  #probing = false;
  /** A WebSocket of this socket answered a heartbeat: the network lets them through. */
  #healthy = false;

  constructor(endPoint: string, opts: SocketOptions = {}) {
    const { params = {} } = opts;
    this.#endPoint = endPoint;
    this.#params = typeof params === 'function' ? params : () => params;
    this.#transport = opts.transport ?? WebSocket;
    this.#fallbackMs = opts.longPollFallbackMs;
    this.#pollTimeout = opts.longpollerTimeout ?? 20_000;
    this.#interval = opts.heartbeatIntervalMs ?? 30_000;
    this.timeout = opts.timeout ?? 10_000;
    this.#reconnectAfterMs = opts.reconnectAfterMs ?? backoff;
    this.rejoinAfterMs = opts.rejoinAfterMs ?? rejoinDelay;
    this.#logger = opts.logger;
  }

  /** The URL the next connect uses (params evaluated now). */
  endPointUrl(): string {
    const query = [...serialize(this.#params()), 'vsn=2.0.0'].join('&');
    const url = new URL(`${this.#endPoint}/websocket?${query}`, location.href);
    url.protocol = url.protocol.replace(/^http/, 'ws');
    return url.href;
  }

  /** Opens the WebSocket (or long polling), unless one is open or opening. */
  connect(): void {
    if (this.#ws) return;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#fallbackTimer);
    this.#fallbackTimer = undefined;
    this.#probing = false;
    if (this.#fallbackMs && this.#transport !== LongPoll && !this.#healthy) {
      if (fellBack()) this.#transport = LongPoll;
      else this.#fallbackTimer = setTimeout(() => this.#fallBack(), this.#fallbackMs);
    }
    const ws = new this.#transport(this.endPointUrl());
    if (ws instanceof LongPoll) ws.timeout = this.#pollTimeout;
    this.#ws = ws;
    ws.onopen = () => this.#opened();
    ws.onclose = (event) => this.#closed(event, true);
    ws.onerror = (event) => {
      this.#emit(this.#errors, event);
      // A WebSocket that fails before it opens will not do: no need to wait for the timer.
      if (this.#fallbackTimer !== undefined && !this.#probing) this.#fallBack();
    };
    ws.onmessage = (event) => this.#message(event.data);
  }

  /** Closes the WebSocket and does not reconnect until the next `connect()`. */
  disconnect(code?: number, reason?: string): void {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#fallbackTimer);
    this.#fallbackTimer = undefined;
    this.#close(code, reason, { code: code ?? 1005, reason: reason ?? '' }, false);
  }

  isConnected(): boolean {
    return this.#ws?.readyState === 1;
  }

  /** A new channel on `topic`; `params` gives the join payload, on every (re)join. */
  channel(topic: string, params: () => Payload = () => ({})): Channel {
    const channel = new Channel(topic, params, this);
    this.#channels.add(channel);
    return channel;
  }

  /** Stops routing frames to `channel` (a closed channel is removed by itself). */
  remove(channel: Channel): void {
    this.#channels.delete(channel);
  }

  makeRef(): string {
    return String(++this.#ref);
  }

  /** Returns a function that unsubscribes. */
  onOpen(callback: () => void): () => void {
    return listen(this.#opens, callback);
  }

  onClose(callback: (event: SocketClose) => void): () => void {
    return listen(this.#closes, callback);
  }

  onError(callback: (event: Event) => void): () => void {
    return listen(this.#errors, callback);
  }

  /**
   * Registers `channel` for its (re)join; another channel joined or joining on the same
   * topic is left first, as the server keeps one instance per topic. @internal
   */
  add(channel: Channel): void {
    for (const other of [...this.#channels]) {
      const open = other.state === 'joined' || other.state === 'joining';
      if (other !== channel && other.topic === channel.topic && open) other.leave();
    }
    this.#channels.add(channel);
  }

  /**
   * Sends one frame now, or on open if `channel` still has this join ref then; an
   * `ArrayBuffer` payload as a binary frame (PROTOCOL.md 1.4). @internal
   */
  send(
    joinRef: string | null,
    ref: string | null,
    topic: string,
    event: string,
    payload: Payload | ArrayBuffer,
    channel?: Channel,
  ): void {
    this.log('push', `${topic} ${event} (${joinRef}, ${ref})`, payload);
    const text =
      payload instanceof ArrayBuffer
        ? encodeBinaryPush(joinRef, ref, topic, event, payload)
        : JSON.stringify([joinRef, ref, topic, event, payload]);
    if (this.isConnected()) this.#ws?.send(text);
    else {
      this.#buffer.push(() => {
        if (!channel || (channel.joinRef === joinRef && channel.state !== 'closed'))
          this.#ws?.send(text);
      });
    }
  }

  /** @internal */
  log(kind: string, msg: string, data?: unknown): void {
    this.#logger?.(kind, msg, data);
  }

  #opened(): void {
    this.log('transport', 'connected');
    this.#tries = 0;
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const send of buffered) send();
    if (this.#fallbackTimer !== undefined) {
      // Opened is not enough (a proxy may pass the upgrade, not the frames): a heartbeat must
      // come back within the time again.
      clearTimeout(this.#fallbackTimer);
      this.#fallbackTimer = setTimeout(() => this.#fallBack(), this.#fallbackMs);
      this.#probing = true;
      this.#heartbeat(0);
    } else this.#heartbeat();
    if (this.#fallbackMs && this.#transport === LongPoll && !this.#healthy) rememberFallback();
    for (const channel of [...this.#channels]) this.#guard(() => channel.up());
    this.#emit(this.#opens, undefined);
  }

  /** Schedules the next heartbeat, whose missing reply by the tick after closes the socket. */
  #heartbeat(delay = this.#interval): void {
    // A long poll needs none: each poll that fails is the transport's failure.
    if (this.#transport === LongPoll) return;
    clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = setTimeout(() => {
      const ref = this.makeRef();
      this.#heartbeatRef = ref;
      this.send(null, ref, PHOENIX_TOPIC, CHANNEL_EVENTS.heartbeat, {});
      this.#heartbeatTimer = setTimeout(() => {
        this.log('transport', 'heartbeat timeout');
        this.#close(1000, 'heartbeat timeout', { code: 1006, reason: 'heartbeat timeout' }, true);
      }, this.#interval);
    }, delay);
  }

  /** Gives up the WebSocket for long polling, now and for the rest of this socket's life. */
  #fallBack(): void {
    this.log('transport', 'falling back to LongPoll');
    this.#transport = LongPoll;
    this.#close(undefined, undefined, { code: 1006, reason: 'long poll fallback' }, false);
    this.connect();
  }

  /** Closes the WebSocket ourselves, without waiting for its close event (it may never come). */
  #close(
    code: number | undefined,
    reason: string | undefined,
    event: SocketClose,
    retry: boolean,
  ): void {
    const ws = this.#ws;
    if (!ws) return;
    ws.onclose = null;
    // An undefined argument counts as absent (WebIDL), so this is also `close()`.
    ws.close(code, reason);
    this.#closed(event, retry);
  }

  #closed(event: SocketClose, retry: boolean): void {
    const ws = this.#ws;
    if (!ws) return;
    this.log('transport', 'close', event);
    this.#ws = undefined;
    ws.onopen = ws.onclose = ws.onerror = ws.onmessage = null;
    clearTimeout(this.#heartbeatTimer);
    this.#heartbeatRef = null;
    // Scheduled before any callback runs, so a callback's disconnect() can still cancel it.
    if (retry)
      this.#retryTimer = setTimeout(() => this.connect(), this.#reconnectAfterMs(++this.#tries));
    for (const channel of [...this.#channels]) this.#guard(() => channel.down());
    this.#emit(this.#closes, event);
  }

  #message(data: unknown): void {
    const frame = decode(data);
    if (!frame) {
      this.log('error', 'malformed frame ignored', data);
      return;
    }
    this.#guard(() => {
      if (frame.topic !== PHOENIX_TOPIC) {
        for (const channel of [...this.#channels])
          if (channel.topic === frame.topic) channel.handle(frame);
      } else if (frame.ref !== null && frame.ref === this.#heartbeatRef) {
        this.#heartbeatRef = null;
        this.#healthy = true;
        clearTimeout(this.#fallbackTimer);
        this.#fallbackTimer = undefined;
        this.#probing = false;
        this.#heartbeat();
      }
    });
  }

  #emit<T>(set: Listeners<T>, value: T): void {
    for (const callback of [...set]) this.#guard(() => callback(value));
  }

  /**
   * Runs an owner's callback. A throw must not stop the socket's own bookkeeping, nor vanish:
   * it is logged and rethrown from a fresh task, where the page's error reporting sees it.
   */
  #guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log('error', 'callback threw', error);
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
