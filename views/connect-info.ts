/**
 * What a view may know of the connection it is served over (LiveView's `get_connect_info`):
 * the client's address, its user agent and its `x-` headers. The transport takes them from the
 * request that opened the connection (the WebSocket upgrade, or the long poll's first request),
 * and in the dead render from the page request, so `mount` sees the same values both times.
 */
import type { LiveViewSocket } from './socket.js';

/**
 * The connection a view is served over.
 *
 * @example
 * const info: ConnectInfo = { peerAddress: '203.0.113.7', peerPort: undefined, userAgent: 'curl/8', xHeaders: {} };
 */
export interface ConnectInfo {
  /**
   * The client's IP address: the socket's peer, or, when the server was told it stands behind
   * a proxy (`trustProxy`), the address that proxy put in `X-Forwarded-For`.
   */
  readonly peerAddress: string | undefined;
  /** The peer's port; undefined when the address came from `X-Forwarded-For`. */
  readonly peerPort: number | undefined;
  readonly userAgent: string | undefined;
  /**
   * The request's `x-` headers, by lower-case name (repeated ones joined with ", "). What the
   * client sent: trust none of them more than the proxy in front deserves.
   */
  readonly xHeaders: Readonly<Record<string, string>>;
}

/** What a view started without a transport (a custom port) knows. */
const UNKNOWN: ConnectInfo = Object.freeze({
  peerAddress: undefined,
  peerPort: undefined,
  userAgent: undefined,
  xHeaders: Object.freeze({}),
});

/**
 * The connection `socket`'s view is served over, in the dead render as once connected.
 *
 * @example
 * mount(_params, _session, socket) {
 *   const { peerAddress, userAgent } = getConnectInfo(socket);
 *   socket.assign({ seenFrom: `${peerAddress} (${userAgent ?? 'unknown browser'})` });
 * }
 */
// biome-ignore lint/suspicious/noExplicitAny: any view's socket
export function getConnectInfo(socket: LiveViewSocket<any, any>): ConnectInfo {
  return socket.connectInfo ?? UNKNOWN;
}
