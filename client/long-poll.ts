/**
 * Phoenix's long-poll transport in the browser: the socket's frames over HTTP, for networks that
 * block WebSockets. It looks like a WebSocket to the socket (`readyState`, `on*`, `send`,
 * `close`), and speaks what the server's long-poll endpoint answers (PROTOCOL.md 1.5):
 *
 * - one GET at a time, each held by the server until it has frames (200) or its window ends
 *   (204); the first, without a token, opens the session (410 and a token) and the transport;
 *   410 later means the session is gone: the transport closes (3410) and the socket reconnects;
 * - frames sent in one turn of the event loop go together in one POST of ndjson (at most 100 a
 *   POST, one POST at a time, in order); a binary frame (an upload chunk) is a line of base64,
 *   as the official client sends it;
 * - anything else (403, 500, a failed or timed-out request) closes the transport;
 * - `close()` and leaving the page tell the server with a DELETE, so the session's views stop
 *   now rather than at the heartbeat timeout (a liveactor extension; a Phoenix server ignores it).
 *
 * No heartbeats: a poll that fails is the transport's failure.
 *
 * @example
 * new LiveSocket('/live', { transport: LongPoll }).connect(); // long polling only
 */
import type { TransportSocket } from './phoenix-socket.js';

/** The sessionStorage key of a tab that fell back once (the official client's key). */
const FALLBACK = 'phx:fallback:LongPoll';

interface PollBody {
  readonly status?: number;
  readonly token?: string;
  readonly messages?: readonly string[];
}

/**
 * The long-poll transport; pass it as `transport` to poll only, or let `longPollFallbackMs`
 * switch to it.
 */
export class LongPoll implements TransportSocket {
  readyState = 0;
  // Set by the socket before the first poll answers (declared: no bytes for initializers).
  declare onopen: ((event: Event) => void) | null;
  declare onclose: ((event: CloseEvent) => void) | null;
  declare onerror: ((event: Event) => void) | null;
  declare onmessage: ((event: MessageEvent) => void) | null;
  /** How long one request may take, in ms (the socket's `longpollerTimeout`). */
  timeout = 20_000;
  readonly #url: string;
  #token = '';
  #batch: string[] | undefined;
  #posting = false;
  readonly #requests = new Set<AbortController>();
  readonly #leave = (): void => this.close(1001);

  /** `url` is the socket's WebSocket URL; `/websocket` becomes `/longpoll`. */
  constructor(url: string) {
    this.#url = url.replace(/^ws/, 'http').replace(/\/websocket\?/, '/longpoll?');
    addEventListener('pagehide', this.#leave);
    setTimeout(() => this.#poll());
  }

  send(data: string | Uint8Array<ArrayBuffer>): void {
    const line = typeof data === 'string' ? data : base64(data);
    if (this.#batch) this.#batch.push(line);
    else {
      this.#batch = [line];
      if (!this.#posting) setTimeout(() => this.#post());
    }
  }

  /** Stops, and asks the server to end the session. */
  close(code = 1005, reason = ''): void {
    if (this.readyState > 2) return;
    if (this.#token) void this.#fetch('DELETE', undefined, true);
    this.#end(code, reason);
  }

  async #poll(): Promise<void> {
    while (this.readyState < 2) {
      const body = await this.#fetch('GET');
      if (this.readyState > 1) return;
      const status = body?.status;
      if (status === 200) {
        for (const data of body?.messages ?? []) {
          if (this.readyState !== 1) return;
          this.onmessage?.({ data } as MessageEvent);
        }
      } else if (status === 410 && !this.#token && body?.token) {
        this.#token = body.token;
        this.readyState = 1;
        this.onopen?.(new Event('open'));
      } else if (status !== 204) {
        this.#fail(status === 403 ? 1008 : status === 410 ? 3410 : 1011);
        return;
      }
    }
  }

  async #post(): Promise<void> {
    this.#posting = true;
    for (let batch = this.#batch; batch && this.readyState === 1; batch = this.#batch) {
      this.#batch = batch.length > 100 ? batch.slice(100) : undefined;
      const body = await this.#fetch('POST', batch.slice(0, 100).join('\n'));
      if (body?.status !== 200) this.#fail(1011);
    }
    this.#posting = false;
  }

  #fail(code: number): void {
    if (this.readyState > 1) return;
    this.onerror?.(new Event('error'));
    this.#end(code, '');
  }

  #end(code: number, reason: string): void {
    this.readyState = 3;
    this.#batch = undefined;
    removeEventListener('pagehide', this.#leave);
    for (const request of this.#requests) request.abort();
    this.onclose?.({ code, reason } as CloseEvent);
  }

  async #fetch(method: string, body?: string, keepalive?: boolean): Promise<PollBody | undefined> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeout);
    if (!keepalive) this.#requests.add(abort);
    try {
      const token = this.#token && `&token=${encodeURIComponent(this.#token)}`;
      const res = await fetch(this.#url + token, {
        method,
        body: body ?? null,
        keepalive: keepalive === true,
        signal: abort.signal,
        headers: body ? { 'content-type': 'application/x-ndjson' } : { accept: 'application/json' },
      });
      return (await res.json()) as PollBody;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      this.#requests.delete(abort);
    }
  }
}

/** `bytes` in base64, converted in slices (one argument list per slice stays small). */
function base64(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(text);
}

/**
 * Whether this tab fell back to long polling before (the WebSocket is then not tried again).
 * @internal
 */
export function fellBack(): boolean {
  try {
    return sessionStorage.getItem(FALLBACK) === 'true';
  } catch {
    return false;
  }
}

/**
 * Remembers for this tab that the WebSocket did not work.
 * @internal
 */
export function rememberFallback(): void {
  try {
    sessionStorage.setItem(FALLBACK, 'true');
  } catch {}
}
