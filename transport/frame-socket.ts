/**
 * What a connection (connection.ts) needs of the socket under it: the part of a `ws` WebSocket
 * it uses. A real WebSocket is one; a long-poll session (long-poll-socket.ts) is another, so
 * every socket rule (rate limit, heartbeat timeout, back-pressure, output bound, close codes)
 * holds for both without being written twice.
 *
 * The contract, as `ws` keeps it:
 * - `send(text, done)` queues a frame; `bufferedAmount` counts the bytes queued and not yet
 *   handed to the network; `done` runs once the frame left that queue.
 * - `'message'` (data, isBinary) delivers one client frame; none while `isPaused`.
 * - `close(code, reason)` starts the close; `'close'` (code, reason) follows once, later,
 *   never from inside `close` itself; `terminate()` skips the handshake.
 * - `'error'` reports a protocol failure that closes the socket by itself.
 *
 * @example
 * const conn = new Connection(socket satisfies FrameSocket, limits, link);
 */
import type { RawData } from 'ws';

/**
 * A socket of Phoenix frames, as seen by its connection.
 * @internal
 */
export interface FrameSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WebSocket constants). */
  readonly readyState: number;
  /** Bytes sent and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** True between `pause()` and `resume()`: no `'message'` is emitted meanwhile. */
  readonly isPaused: boolean;
  send(data: string, done?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
