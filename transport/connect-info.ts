/**
 * A request's {@link ConnectInfo}: what `getConnectInfo` tells a view of its client. Taken once
 * per page request (dead render) and once per live connection (from the request that opened
 * it), so every view of a socket shares one object.
 *
 * The client's address is the socket's peer, unless the server stands behind proxies it was
 * told about (`trustProxy`). Each proxy appends the address it received the request from to
 * `X-Forwarded-For`, so with `hops` proxies the client is the `hops`-th entry from the right;
 * entries further left are whatever the client wrote, and are never believed. An entry that is
 * not an IP address leaves the socket's peer in place.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { ConnectInfo } from '../views/connect-info.js';

/**
 * What `getConnectInfo` tells views served by `req`'s page or connection.
 * @internal
 */
export function connectInfoOf(req: IncomingMessage, proxyHops: number): ConnectInfo {
  const { remoteAddress, remotePort } = req.socket;
  const forwarded = proxyHops > 0 ? forwardedFor(req, proxyHops) : undefined;
  const userAgent = req.headers['user-agent'];
  return {
    peerAddress: forwarded ?? remoteAddress,
    peerPort: forwarded === undefined ? remotePort : undefined,
    userAgent,
    xHeaders: xHeadersOf(req),
  };
}

/** The address the outermost trusted proxy saw, if the header names a valid one. */
function forwardedFor(req: IncomingMessage, hops: number): string | undefined {
  const header = req.headers['x-forwarded-for'];
  if (header === undefined) return undefined;
  const entries = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Fewer entries than proxies: the request skipped one; the leftmost is the best there is.
  const entry = entries[Math.max(0, entries.length - hops)];
  return entry !== undefined && isIP(entry) !== 0 ? entry : undefined;
}

function xHeadersOf(req: IncomingMessage): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-') || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
