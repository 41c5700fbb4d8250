/**
 * Small HTTP helpers of the server: parsing untrusted URLs, plain-text answers, refusing an
 * upgrade, and waiting for a closing WebSocket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Connection } from './connection.js';

/** How long `close()` waits for a client to answer the close frame before dropping it. */
const CLOSE_GRACE_MS = 2_000;

/**
 * The longest URL a client may hand a view (a join's `url`, a `live_patch`): a view keeps its
 * URL for life. Node refuses request heads over 16 KiB, so no page has a longer one.
 * @internal
 */
export const MAX_URL_LENGTH = 16 * 1024;

/**
 * An untrusted value as a URL; undefined for a non-string or anything `new URL` refuses (Node 20
 * has no `URL.parse`).
 * @internal
 */
export function parseUrl(value: unknown, base?: string): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/**
 * The request's absolute URL, undefined when the Host header makes it unparseable.
 * @internal
 */
export function requestUrl(req: IncomingMessage, trustProxy = false): URL | undefined {
  const scheme = requestScheme(req, trustProxy);
  return parseUrl(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`);
}

/**
 * `https` when the request came over TLS, or, with `trustProxy`, when the proxy in front says
 * so in `X-Forwarded-Proto` (its first value: the client's side of the first proxy).
 * @internal
 */
export function requestScheme(req: IncomingMessage, trustProxy: boolean): 'http' | 'https' {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return 'https';
  if (!trustProxy) return 'http';
  const header = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  return first?.toLowerCase() === 'https' ? 'https' : 'http';
}

/**
 * Answers with a short text/plain body.
 * @internal
 */
export function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': text.length,
  });
  res.end(text);
}

/**
 * Answers an upgrade request with a plain HTTP error and drops the socket.
 * @internal
 */
export function refuse(socket: Duplex, status: number, text: string): void {
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}

/**
 * Waits for a socket to finish closing; drops it if the peer does not answer in time.
 * @internal
 */
export async function closedOrDropped(conn: Connection): Promise<void> {
  await graceFor(conn.closed);
  conn.terminate();
}

/**
 * Waits for `done`, but no longer than the grace a closing peer gets.
 * @internal
 */
export async function graceFor(done: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_GRACE_MS);
    timer.unref();
  });
  await Promise.race([done, grace]);
  clearTimeout(timer);
}
