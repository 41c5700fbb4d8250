/**
 * @module
 * liveactor/transport: live views over HTTP and WebSocket, speaking the Phoenix LiveView 1.2
 * protocol (dead render, channels v2, signed tokens, limits and back-pressure).
 *
 * The folder's five words, one concept each (server.ts wires them; dead-render.ts serves pages):
 *   frame       frame.ts: one wire message, `[join_ref, ref, topic, event, payload]`
 *   connection  connection.ts: one WebSocket; heartbeats, rate limit, idle timeout, back-pressure
 *               (a long-poll session, long-poll.ts, poses as a WebSocket: frame-socket.ts)
 *   port        port.ts: the process per connection, the port (views/port.ts) of its views
 *   channel     channel.ts: one joined `lv:` topic of a port, answered by one view process
 *   join        channel-join.ts: a `phx_join`, checked by join-verification.ts, starts a channel
 *
 * @example
 * const Counter = defineLiveView({ mount: (_p, _s, socket) => { socket.assign({ n: 0 }); },
 *   handleEvent: (_e, _v, socket) => { socket.update('n', (n) => n + 1); },
 *   render: (a) => html`<button phx-click="inc">${a.n}</button>` });
 * const app = createLiveServer({ routes: [{ path: '/', view: Counter }], secret: process.env.SECRET! });
 * await app.listen({ port: 4000 });
 */

// Many cores: one worker per core, each a node of the cluster on Redis
export type {
  ClusterPrimary,
  ClusterWorkerContext,
  ClusterWorkerHandle,
  StartClusterOptions,
} from './cluster-launcher.js';
export { startCluster } from './cluster-launcher.js';
// Errors
export type { ProtocolErrorCode, TokenErrorCode } from './errors.js';
export { ProtocolError, TokenError } from './errors.js';
// The server: its options, default layout and paths
export { defaultLayout } from './layout.js';
export type { OriginPolicy, RateLimit } from './limits.js';
// Live sessions: routes sharing onMount hooks, session data and a layout
export type { LiveSessionInfo, LiveSessionOptions } from './live-session.js';
export { liveSession } from './live-session.js';
export { LONG_POLL_PATH } from './long-poll-wire.js';
export type {
  LayoutProps,
  LiveRoute,
  LiveServer,
  LiveServerOptions,
  LongPollOptions,
} from './options.js';
export type { SecurityHeaders } from './security-headers.js';
export { defaultContentSecurityPolicy } from './security-headers.js';
export { createLiveServer, SOCKET_PATH } from './server.js';
// Log out everywhere: closing the connections of a session's live_socket_id
export { disconnectSockets } from './socket-id.js';
export { CLIENT_PATH } from './static.js';
// Telemetry (node:diagnostics_channel)
export type { SocketCloseMessage, SocketOpenMessage } from './telemetry.js';
export { SOCKET_CHANNELS } from './telemetry.js';
// Tokens
export type { TokenSigner, TokenSignerOptions } from './token.js';
export {
  createCsrfToken,
  createTokenSigner,
  isCsrfTokenValid,
  MIN_SECRET_LENGTH,
} from './token.js';
