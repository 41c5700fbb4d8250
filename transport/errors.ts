import { LiveActorError } from '../actors/index.js';

/**
 * Why the transport refused something a client sent. Each code is one failure the connection
 * answers differently: an error reply on the topic, or a close with a protocol code.
 *
 * @example
 * if (error instanceof ProtocolError && error.code === 'ERR_BAD_EVENT') reply({ reason: 'bad event' });
 */
export type ProtocolErrorCode =
  /** Not a v2 frame: bad JSON, not a 5-element array, wrong field types (PROTOCOL 1.2). */
  | 'ERR_BAD_FRAME'
  /** A frame larger than the connection accepts. */
  | 'ERR_FRAME_TOO_LARGE'
  /** An `event` payload without a usable `event` name or with a malformed form value (PROTOCOL 3.1). */
  | 'ERR_BAD_EVENT'
  /** A topic this socket does not route (`lv:` and `phoenix` only). */
  | 'ERR_UNMATCHED_TOPIC'
  /** A frame for a topic this connection has not joined. */
  | 'ERR_NOT_JOINED'
  /** More events than the connection's rate limit allows. */
  | 'ERR_RATE_LIMITED'
  /** An upgrade from an origin the server's origin policy refuses. */
  | 'ERR_ORIGIN_DENIED';

/**
 * Why a signed token was refused.
 *
 * @example
 * const code: TokenErrorCode = 'ERR_TOKEN_EXPIRED'; // the page is too old: reload it
 */
export type TokenErrorCode = 'ERR_TOKEN_INVALID' | 'ERR_TOKEN_EXPIRED';

/**
 * WebSocket close codes this transport uses (RFC 6455 section 7.4.1 and the IANA registry):
 *
 *   1000 normal         `disconnectSockets` named the socket: the page reloads (socket-id.ts)
 *   1001 going away     server shutting down, or no heartbeat for `heartbeatTimeoutMs`
 *   1003 unsupported    a binary frame
 *   1007 invalid data   not a v2 frame (bad JSON or shape, a ref, topic or event too long)
 *   1008 policy         a sustained flood over `eventRate` (admission.ts)
 *   1009 too big        a frame over `maxFrameBytes` (closed by `ws`)
 *   1011 internal error a bug in the server
 *   1013 try again      the client left more than `maxBufferedBytes` of output unread
 *
 * Every client reconnects after any of them but 1000, after which a page with live views
 * reloads (PROTOCOL.md 1.3).
 */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  tooLarge: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
} as const;

/**
 * Untrusted input at the edge that the transport refuses. It never crashes the server: the
 * server turns it into an error reply (`phx_reply` with `status: 'error'`) or a close.
 *
 * @example
 * throw new ProtocolError('ERR_BAD_EVENT', 'event payload needs a string `event`; got number');
 * // caught by the server: reply { status: 'error', response: { reason: ... } }
 */
export class ProtocolError extends LiveActorError {
  declare readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/**
 * A session, static, flash or CSRF token that is not one this server signed with this salt
 * (`ERR_TOKEN_INVALID`), or that is older than the accepted age (`ERR_TOKEN_EXPIRED`).
 *
 * @example
 * try { signer.verify(token); }
 * catch (e) { if (e instanceof TokenError) reply({ reason: 'stale' }); }
 */
export class TokenError extends LiveActorError {
  declare readonly code: TokenErrorCode;

  constructor(code: TokenErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
