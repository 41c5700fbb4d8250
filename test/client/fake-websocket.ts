import type { TransportSocket } from '../../client/phoenix-socket.js';

/**
 * A WebSocket stand-in driven by the test: it records what the client sends, and the test
 * plays the server (`open`, `receive`, `serverClose`, `fail`). Like a real WebSocket, `send`
 * throws unless open, and `close` fires `onclose` if a handler is still attached.
 *
 * @example
 * const fake = fakeTransport();
 * const socket = new PhoenixSocket('/live', { transport: fake.transport });
 * socket.connect();
 * fake.last().open();
 * fake.last().receive([null, '1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
 */
export class FakeWebSocket implements TransportSocket {
  readonly url: string;
  readyState = 0;
  readonly sent: string[] = [];
  /** The binary frames sent (upload chunks), in order. */
  readonly binary: Uint8Array[] = [];
  closeCalls: [code?: number, reason?: string][] = [];
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;

  constructor(url: string) {
    this.url = url;
  }

  send(data: string | Uint8Array<ArrayBuffer>): void {
    if (this.readyState !== 1) throw new Error(`send while readyState is ${this.readyState}`);
    if (typeof data === 'string') this.sent.push(data);
    else this.binary.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closeCalls.push(code === undefined ? [] : [code, reason ?? '']);
    this.#closed(code ?? 1005, reason ?? '');
  }

  /** The sent frames, parsed. */
  frames(): unknown[][] {
    return this.sent.map((text) => JSON.parse(text) as unknown[]);
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** Delivers a server frame (an array is JSON-encoded; a string goes as is). */
  receive(frame: unknown[] | string | ArrayBuffer): void {
    const data = Array.isArray(frame) ? JSON.stringify(frame) : frame;
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  serverClose(code = 1000, reason = ''): void {
    this.#closed(code, reason);
  }

  /** A connection that fails: error, then close 1006, as browsers report it. */
  fail(): void {
    this.onerror?.(new Event('error'));
    this.#closed(1006, '');
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
}

/**
 * A transport constructor for one test, with every socket it made.
 *
 * @example
 * const fake = fakeTransport();
 * new PhoenixSocket('/live', { transport: fake.transport }).connect();
 * fake.sockets.length; // 1
 */
export function fakeTransport(): {
  transport: new (url: string) => FakeWebSocket;
  sockets: FakeWebSocket[];
  last(): FakeWebSocket;
} {
  const sockets: FakeWebSocket[] = [];
  class Transport extends FakeWebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return {
    transport: Transport,
    sockets,
    last() {
      const ws = sockets.at(-1);
      if (!ws) throw new Error('no socket was created');
      return ws;
    },
  };
}
