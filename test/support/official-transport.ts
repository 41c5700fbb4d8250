/**
 * The browser `WebSocket` the official Phoenix client talks through inside a happy-dom page,
 * backed by a real `ws` client so every frame crosses a real TCP connection to the server.
 *
 * Why an adapter and not `ws`'s own class: the Phoenix `Socket` only uses the browser surface
 * (`onopen`/`onmessage`/`onclose`/`onerror` properties, `send`, `close`, `readyState`,
 * `bufferedAmount`, `binaryType`), and calls it from code compiled in the page's VM realm. The
 * adapter (1) records every frame before the client sees it or after it wrote it, (2) turns a
 * binary frame into an `ArrayBuffer` of the page's realm, because the client's decoder compares
 * `constructor === ArrayBuffer` and a Node `Buffer` would fail that test, (3) sends the headers a
 * browser would send on the upgrade (`Origin` of the page, its cookies), and (4) catches what
 * the client throws from a callback: a throw there would otherwise escape into `ws`'s emitter
 * and kill the test process instead of failing one assertion.
 */
import { WebSocket } from 'ws';

/** One Phoenix frame as it crossed the wire, decoded when it was a v2 JSON array. */
export interface RecordedFrame {
  /** `sent` = written by the client, `received` = written by the server. */
  readonly direction: 'sent' | 'received';
  /** 1 for the page's first WebSocket, 2 after a reconnect, and so on. */
  readonly connection: number;
  /** The raw text (`<binary N bytes>` for a binary frame). */
  readonly text: string;
  readonly joinRef: string | null;
  readonly ref: string | null;
  /** `''` when the text is not a 5-element JSON array. */
  readonly topic: string;
  readonly event: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Open, close and error events of the page's WebSockets, in order. */
export type SocketEvent =
  | { readonly type: 'open'; readonly connection: number; readonly url: string }
  | {
      readonly type: 'close';
      readonly connection: number;
      readonly code: number;
      readonly reason: string;
    }
  | { readonly type: 'error'; readonly connection: number; readonly message: string };

/** What the adapter reports to its page. */
export interface TransportSink {
  /** The page's realm constructor, so binary frames pass the client's `ArrayBuffer` check. */
  readonly ArrayBufferOf: ArrayBufferConstructor;
  /** Headers sent on the upgrade request (`Origin`, `Cookie`), read at each connect. */
  upgradeHeaders(): { readonly origin: string | undefined; readonly cookie: string | undefined };
  frame(frame: RecordedFrame): void;
  socketEvent(event: SocketEvent): void;
  /** A client callback threw; the page records it instead of crashing the process. */
  clientError(error: unknown): void;
  /** Runs after each event was handed to the client (lets waiters re-check their condition). */
  settled(): void;
}

/** The browser-like socket class handed to the client, plus a way to shut its sockets down. */
export interface PageTransport {
  /** Pass as `transport` in the `LiveSocket` (Phoenix `Socket`) options. */
  readonly WebSocketClass: new (
    url: string,
    protocols?: string | string[],
  ) => BrowserSocket;
  /** Closes every socket still open (code 1000) and resolves once each one has closed. */
  closeAll(): Promise<void>;
}

type Handler = ((event: unknown) => void) | null;

/** The browser `WebSocket` surface the Phoenix client uses. */
export interface BrowserSocket {
  readonly url: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  binaryType: string;
  onopen: Handler;
  onmessage: Handler;
  onclose: Handler;
  onerror: Handler;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

const CLOSE_GRACE_MS = 1_000;

/** Decodes the v2 array form loosely: the harness records what was sent, valid or not. */
function decode(
  direction: RecordedFrame['direction'],
  connection: number,
  text: string,
): RecordedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 5) {
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    return {
      direction,
      connection,
      text,
      joinRef: typeof joinRef === 'string' ? joinRef : null,
      ref: typeof ref === 'string' ? ref : null,
      topic: typeof topic === 'string' ? topic : '',
      event: typeof event === 'string' ? event : '',
      payload:
        typeof payload === 'object' && payload !== null && !Array.isArray(payload)
          ? (payload as Record<string, unknown>)
          : {},
    };
  }
  return {
    direction,
    connection,
    text,
    joinRef: null,
    ref: null,
    topic: '',
    event: '',
    payload: {},
  };
}

/**
 * Builds the socket class for one page. Each instance opens one `ws` connection.
 *
 * @example
 * const transport = createPageTransport(sink);
 * new LiveSocket('/live', Socket, { transport: transport.WebSocketClass });
 * await transport.closeAll();
 */
export function createPageTransport(sink: TransportSink): PageTransport {
  const open = new Set<WebSocket>();
  let connections = 0;

  const deliver = (handler: Handler, event: unknown): void => {
    if (handler === null) return;
    try {
      handler(event);
    } catch (error) {
      sink.clientError(error);
    }
    sink.settled();
  };

  class PageSocket implements BrowserSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;

    readonly url: string;
    binaryType = 'blob';
    onopen: Handler = null;
    onmessage: Handler = null;
    onclose: Handler = null;
    onerror: Handler = null;
    readonly #ws: WebSocket;
    readonly #connection: number;

    constructor(url: string, protocols?: string | string[]) {
      this.url = url;
      this.#connection = ++connections;
      const { origin, cookie } = sink.upgradeHeaders();
      const ws = new WebSocket(url, protocols ?? [], {
        ...(origin === undefined ? {} : { origin }),
        ...(cookie === undefined || cookie === '' ? {} : { headers: { cookie } }),
      });
      this.#ws = ws;
      open.add(ws);
      const connection = this.#connection;
      ws.on('open', () => {
        sink.socketEvent({ type: 'open', connection, url });
        deliver(this.onopen, { type: 'open' });
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) {
          sink.frame(decode('received', connection, `<binary ${data.byteLength} bytes>`));
          const copy = new sink.ArrayBufferOf(data.byteLength);
          new Uint8Array(copy).set(data);
          deliver(this.onmessage, { type: 'message', data: copy });
          return;
        }
        const text = data.toString('utf8');
        sink.frame(decode('received', connection, text));
        deliver(this.onmessage, { type: 'message', data: text });
      });
      ws.on('error', (error: Error) => {
        sink.socketEvent({ type: 'error', connection, message: error.message });
        deliver(this.onerror, { type: 'error', message: error.message });
      });
      ws.on('close', (code: number, reason: Buffer) => {
        open.delete(ws);
        const text = reason.toString('utf8');
        sink.socketEvent({ type: 'close', connection, code, reason: text });
        deliver(this.onclose, { type: 'close', code, reason: text, wasClean: code !== 1006 });
      });
    }

    get readyState(): number {
      return this.#ws.readyState;
    }

    get bufferedAmount(): number {
      return this.#ws.bufferedAmount;
    }

    get protocol(): string {
      return this.#ws.protocol;
    }

    send(data: string | ArrayBuffer | ArrayBufferView): void {
      if (typeof data === 'string') {
        sink.frame(decode('sent', this.#connection, data));
        this.#ws.send(data);
        return;
      }
      const bytes = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(data);
      sink.frame(decode('sent', this.#connection, `<binary ${bytes.byteLength} bytes>`));
      this.#ws.send(bytes);
    }

    close(code?: number, reason?: string): void {
      this.#ws.close(code, reason);
    }
  }

  return {
    WebSocketClass: PageSocket,
    async closeAll(): Promise<void> {
      await Promise.all(
        [...open].map(async (ws) => {
          if (ws.readyState === WebSocket.CLOSED) return;
          // Not `events.once`: it rejects on the 'error' a close during the handshake emits.
          const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
          if (ws.readyState === WebSocket.CONNECTING) {
            ws.terminate();
          } else {
            ws.close(1000);
          }
          // A server that never answers the close handshake must not hang the test's cleanup.
          const grace = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
          try {
            await closed;
          } finally {
            clearTimeout(grace);
          }
        }),
      );
    },
  };
}
