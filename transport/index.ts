/**
 * @module
 * liveactor/transport: live views over HTTP and WebSocket, speaking the Phoenix LiveView 1.2
 * protocol (dead render, channels v2, signed tokens, limits and back-pressure).
 *
 * @example
 * const Counter = defineLiveView({ mount: (_p, _s, socket) => { socket.assign({ n: 0 }); },
 *   handleEvent: (_e, _v, socket) => { socket.update('n', (n) => n + 1); },
 *   render: (a) => html`<button phx-click="inc">${a.n}</button>` });
 * const app = createLiveServer({ routes: [{ path: '/', view: Counter }], secret: process.env.SECRET! });
 * await app.listen({ port: 4000 });
 */

// Errors
export type { ProtocolErrorCode, TokenErrorCode } from './errors.js';
export { ProtocolError, TokenError } from './errors.js';
// The server: its options, default layout and paths
export { defaultLayout } from './layout.js';
export type { OriginPolicy, RateLimit } from './limits.js';
export type { LayoutProps, LiveRoute, LiveServer, LiveServerOptions } from './options.js';
export { createLiveServer, SOCKET_PATH } from './server.js';
export { CLIENT_PATH } from './static.js';
// Tokens
export type { TokenSigner, TokenSignerOptions } from './token.js';
export {
  createCsrfToken,
  createTokenSigner,
  isCsrfTokenValid,
  MIN_SECRET_LENGTH,
} from './token.js';
