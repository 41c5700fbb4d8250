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

export { CLOSE_CODES } from './connection.js';
export { FLASH_COOKIE } from './dead-render.js';
// Errors
export type { ProtocolErrorCode, TokenErrorCode } from './errors.js';
export { ProtocolError, TokenError } from './errors.js';
export type { DecodedEvent } from './event-params.js';
export { decodeEventPayload, decodeParams, MAX_PARAM_DEPTH } from './event-params.js';
// Frames (PROTOCOL.md 1.2)
export type { Frame, FrameDecode, FrameFault } from './frame.js';
export {
  CHANNEL_EVENTS,
  decodeFrame,
  encodeFrame,
  encodeReply,
  LIVE_TOPIC_PREFIX,
  PHOENIX_TOPIC,
} from './frame.js';
export { defaultLayout } from './layout.js';
// Limits
export type { OriginPolicy, RateLimit } from './limits.js';
export { isOriginAllowed, RateLimiter } from './limits.js';
// The server
export type { LayoutProps, LiveRoute, LiveServer, LiveServerOptions } from './options.js';
// Routes and parameters
export type { Route, RouteMatch } from './router.js';
export { Router } from './router.js';
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
export { LIVEVIEW_VERSION } from './view-outputs.js';
