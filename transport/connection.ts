/**
 * One WebSocket (or a long-poll session posing as one: frame-socket.ts), seen from the server:
 * bytes in, frames out, and the socket-level rules that need no channel state. Everything per
 * topic lives in the connection's port (port.ts); this class only feeds it.
 *
 * In, per message, in this order:
 *
 *   binary `chunk` of a topic    -> `onChunk` (upload-channel.ts), without the rate limit: its
 *     accepting chunks            bytes are held until the upload releases them, and while
 *                                 more than `highWaterBytes` are held the socket is not read
 *   other binary                -> as text below, after decodeBinaryFrame (1007 if not a push)
 *   not a v2 frame (decodeFrame) -> close 1007 with the decoder's reason (refs over 32
 *                                  characters, topics and events over 256 included)
 *   over the rate limit         -> reply error {reason: "rate_limited"}; a sustained flood
 *                                  (admission.ts) -> close 1008. Every frame counts, heartbeats too
 *   heartbeat on "phoenix"      -> reply ok {} at once (no process hop)
 *   a topic that is not lv:* or lvu:* -> reply error {reason: "unmatched topic"}
 *   anything else               -> `onFrame` (the port decides)
 *
 * Any throw while handling one message is a bug: it is reported and the socket closes with 1011,
 * so no input can take the server down. Oversized messages never get here: `ws` closes with 1009.
 *
 * Out: `send` writes a frame and watches the unsent output: the socket's buffered bytes, plus
 * {@link FRAME_OVERHEAD_BYTES} for each frame not written yet (what Node keeps per queued write
 * besides its bytes, which outweighs a small reply). Above `highWaterBytes` it calls
 * `onPressure(true)` once (the views stop rendering); the write callbacks of the frames already
 * queued report progress, and when the output is below half the mark `onPressure(false)` resumes
 * them. Replies still flow while paused, so a client that never reads would still fill the
 * buffer with them: once the unsent output is over `maxBufferedBytes`, the next frame closes the
 * socket with 1013 instead. What a silent client costs is that bound plus one frame.
 *
 * In flight: each frame handed on with a ref owes the client one reply. While more than
 * {@link MAX_UNANSWERED} are owed (views slower than the client sends), the socket stops reading
 * until half are answered, so what waits in mailboxes stays bounded and TCP slows the sender.
 *
 * Uploads: chunks are not rate limited, they are paced: the client sends the next chunk when
 * the last is acknowledged, and a client that does not wait finds the socket unread (TCP pushes
 * back) once the chunks it sent and the server has not written yet pass `highWaterBytes`. So
 * a lying client costs at most about the mark plus one frame. Reading resumes only when neither
 * the chunks held nor the replies owed keep it stopped.
 *
 * Idle: every message (heartbeats included) moves `lastSeen`; one server's connections share
 * one timer (idle-sweep.ts) that closes a socket silent for `heartbeatTimeoutMs` with 1001.
 *
 * Memory: a server holds thousands of these, mostly idle, so a connection keeps nothing it can
 * share or build on demand: no timer of its own, socket listeners shared by all (they find the
 * connection on the socket), one bound write callback, the `closed` promise only on demand.
 */
import type { RawData } from 'ws';
import { Admission } from './admission.js';
import { CLOSE_CODES } from './errors.js';
import {
  type BinaryFrame,
  CHANNEL_EVENTS,
  decodeBinaryFrame,
  decodeFrame,
  encodeFrame,
  encodeReply,
  type Frame,
  LIVE_TOPIC_PREFIX,
  PHOENIX_TOPIC,
  UPLOAD_TOPIC_PREFIX,
} from './frame.js';
import type { FrameSocket } from './frame-socket.js';
import { type IdleGroup, type IdleLimits, idleGroupOf } from './idle-sweep.js';
import type { RateLimit } from './limits.js';

/**
 * What a connection tells its owner.
 */
export interface ConnectionHandlers {
  /** A frame for an `lv:` or `lvu:` topic, admitted by the rate limit. */
  onFrame(frame: Frame): void;
  /** A binary `chunk` for a topic that accepts chunks; its bytes are held until released. */
  onChunk(frame: BinaryFrame): void;
  /** The outgoing buffer went above the mark (true) or drained below half of it (false). */
  onPressure(paused: boolean): void;
  /** The socket closed, for any reason. Called once. */
  onClose(code: number, reason: string): void;
  /** A bug while handling input; the socket is being closed with 1011. */
  onError(error: unknown): void;
}

/**
 * The limits of one connection.
 * @internal
 */
export interface ConnectionLimits extends IdleLimits {
  readonly eventRate: RateLimit | false;
  readonly highWaterBytes: number;
  readonly maxBufferedBytes: number;
}

/**
 * Replies a connection may owe before it stops reading (see the module doc).
 * @internal
 */
export const MAX_UNANSWERED = 1_000;

/** Where a socket keeps its Connection, for the shared listeners. */
const CONNECTION = Symbol('liveactor.connection');

type TaggedSocket = FrameSocket & { [CONNECTION]?: Connection };

/** `WebSocket.OPEN`. */
const OPEN = 1;

/**
 * What one queued write costs beyond its bytes, as measured on Node 20: the write request and
 * its callback, ws's frame header, the writev entry.
 * @internal
 */
export const FRAME_OVERHEAD_BYTES = 512;

/** The longest close reason a close frame can carry (125-byte payload minus the code). */
const MAX_REASON_BYTES = 123;

/**
 * A server-side WebSocket speaking Phoenix channels v2, with heartbeats, rate limit, idle
 * timeout and back-pressure.
 * @internal
 */
export class Connection {
  readonly #ws: FrameSocket;
  readonly #limits: ConnectionLimits;
  readonly #handlers: ConnectionHandlers;
  readonly #group: IdleGroup;
  readonly #admission: Admission | undefined;
  #lastSeen: number;
  /** Replies owed for the frames handed on (see the module doc). */
  #unanswered = 0;
  /** Frames sent whose write has not completed yet. */
  #queued = 0;
  #paused = false;
  /** Not reading: too many replies owed (`owed`), too many chunk bytes held (`chunks`). */
  #owedStop = false;
  #chunksStop = false;
  /** Upload topics whose chunks are taken (usually none: created with the first). */
  #chunkTopics: Set<string> | undefined = undefined;
  /** Chunk bytes received and not yet released. */
  #heldBytes = 0;
  #closing = false;
  #closed = false;
  #closedPromise: Promise<void> | undefined = undefined;
  #resolveClosed: (() => void) | undefined = undefined;
  /** The write callback: the one function a connection needs of its own. */
  readonly #afterWrite: () => void;

  constructor(ws: FrameSocket, limits: ConnectionLimits, handlers: ConnectionHandlers) {
    this.#ws = ws;
    this.#limits = limits;
    this.#handlers = handlers;
    this.#group = idleGroupOf(limits);
    this.#admission =
      limits.eventRate === false ? undefined : new Admission(limits.eventRate, this.#group.now);
    this.#lastSeen = limits.clock.now();
    this.#group.add(this);
    this.#afterWrite = this.#drained.bind(this);
    // The listeners are shared by every socket and find their connection on it, as ws itself
    // tags the net.Socket it wraps: per socket, one property instead of two closures.
    (ws as TaggedSocket)[CONNECTION] = this;
    ws.on('message', Connection.#onMessage);
    ws.on('close', Connection.#onClose);
    // ws reports protocol violations (oversized, bad UTF-8, bad opcodes) here and closes by itself.
    ws.on('error', ignore);
  }

  /** Settles when the socket has closed, for any reason. */
  get closed(): Promise<void> {
    if (this.#closedPromise === undefined) {
      this.#closedPromise = this.#closed
        ? Promise.resolve()
        : new Promise((resolve) => {
            this.#resolveClosed = resolve;
          });
    }
    return this.#closedPromise;
  }

  /**
   * Sends an encoded frame, unless the socket is closing; closes it (1013) instead when the
   * client has left more than `maxBufferedBytes` unread.
   */
  send(text: string): void {
    if (this.#closing || this.#ws.readyState !== OPEN) return;
    if (this.#unsent() > this.#limits.maxBufferedBytes) {
      this.close(CLOSE_CODES.tryAgainLater, 'client is not reading: output limit exceeded');
      return;
    }
    this.#queued += 1;
    this.#ws.send(text, this.#afterWrite);
    if (!this.#paused && this.#unsent() > this.#limits.highWaterBytes) {
      this.#paused = true;
      this.#handlers.onPressure(true);
    }
  }

  /** Sends `[joinRef, ref, topic, event, payload]`. */
  push(
    joinRef: string | null,
    ref: string | null,
    topic: string,
    event: string,
    payload: unknown,
  ): void {
    this.send(encodeFrame(joinRef, ref, topic, event, payload));
  }

  /**
   * Sends a `phx_reply` to a frame handed on by `onFrame`; a frame without a ref cannot be
   * answered and is skipped.
   */
  reply(
    joinRef: string | null,
    ref: string | null,
    topic: string,
    status: 'ok' | 'error',
    response: unknown,
  ): void {
    if (ref === null) return;
    this.send(encodeReply(joinRef, ref, topic, status, response));
    if (this.#unanswered > 0) this.#answered();
  }

  /** Answers a client frame on its own topic and join ref. */
  replyTo(frame: Frame, status: 'ok' | 'error', response: unknown): void {
    this.reply(frame.joinRef, frame.ref, frame.topic, status, response);
  }

  /** Answers a binary chunk (paced by the bytes held, not counted among the replies owed). */
  replyToChunk(
    joinRef: string | null,
    ref: string | null,
    topic: string,
    status: 'ok' | 'error',
    response: unknown,
  ): void {
    if (ref !== null) this.send(encodeReply(joinRef, ref, topic, status, response));
  }

  /** Lets binary `chunk` frames of `topic` through (`on`), or no longer. */
  acceptChunks(topic: string, on: boolean): void {
    if (on) {
      this.#chunkTopics ??= new Set();
      this.#chunkTopics.add(topic);
    } else {
      this.#chunkTopics?.delete(topic);
      if (this.#chunkTopics?.size === 0) this.#chunkTopics = undefined;
    }
  }

  /** `bytes` of chunks were written or dropped; reading resumes below half the mark. */
  releaseChunk(bytes: number): void {
    this.#heldBytes = Math.max(0, this.#heldBytes - bytes);
    if (this.#chunksStop && this.#heldBytes <= this.#limits.highWaterBytes / 2) {
      this.#chunksStop = false;
      this.#readAgain();
    }
  }

  /** Starts the closing handshake; further input and output are ignored. */
  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#group.delete(this);
    // Read again, so the client's answer to the close frame is seen.
    if (this.#ws.isPaused) this.#ws.resume();
    this.#ws.close(code, truncateReason(reason));
  }

  /** Drops the socket without a handshake (a peer that does not answer a close). */
  terminate(): void {
    this.#closing = true;
    this.#group.delete(this);
    this.#ws.terminate();
  }

  /**
   * The idle sweep's check: closes the socket if it was silent for the timeout at `now`.
   * Returns when it falls due next (Infinity once closing).
   * @internal
   */
  sweepIdle(now: number): number {
    if (this.#closing) return Number.POSITIVE_INFINITY;
    // Not reading is our choice while replies are owed: the client is not silent.
    if (this.#ws.isPaused) this.#lastSeen = now;
    const due = this.#lastSeen + this.#limits.heartbeatTimeoutMs;
    if (now < due) return due;
    this.close(CLOSE_CODES.goingAway, 'heartbeat timeout');
    return Number.POSITIVE_INFINITY;
  }

  // The socket listeners, shared by every connection; `this` is the socket that emits.
  static readonly #onMessage = function (this: TaggedSocket, data: RawData, isBinary: boolean) {
    const conn = this[CONNECTION];
    if (conn !== undefined) conn.#receive(data, isBinary);
  };

  static readonly #onClose = function (this: TaggedSocket, code: number, reason: Buffer) {
    const conn = this[CONNECTION];
    if (conn !== undefined) conn.#closedWith(code, reason);
  };

  #receive(data: RawData, isBinary: boolean): void {
    if (this.#closing) return;
    try {
      this.#lastSeen = this.#limits.clock.now();
      if (isBinary) {
        this.#binary(bytesOf(data));
        return;
      }
      const decoded = decodeFrame(textOf(data));
      if (!decoded.ok) {
        this.close(CLOSE_CODES.invalidPayload, decoded.reason);
        return;
      }
      this.#route(decoded.frame);
    } catch (error) {
      this.#handlers.onError(error);
      this.close(CLOSE_CODES.internalError, 'internal error');
    }
  }

  #route(frame: Frame): void {
    const { ref, topic } = frame;
    if (!this.#admitted(frame)) return;
    if (topic === PHOENIX_TOPIC && frame.event === CHANNEL_EVENTS.heartbeat) {
      this.#answer(frame, 'ok', {});
      return;
    }
    if (!topic.startsWith(LIVE_TOPIC_PREFIX) && !topic.startsWith(UPLOAD_TOPIC_PREFIX)) {
      this.#answer(frame, 'error', { reason: 'unmatched topic' });
      return;
    }
    if (ref !== null && ++this.#unanswered >= MAX_UNANSWERED && !this.#owedStop) {
      this.#owedStop = true;
      this.#ws.pause();
    }
    this.#handlers.onFrame(frame);
  }

  /** Passes the rate limit, or answers (or, for a flood, closes) and returns false. */
  #admitted(frame: Pick<Frame, 'joinRef' | 'ref' | 'topic'>): boolean {
    const verdict = this.#admission?.check() ?? 'admit';
    if (verdict === 'flood') this.close(CLOSE_CODES.policyViolation, 'rate limit exceeded');
    else if (verdict === 'refuse') this.#answer(frame, 'error', { reason: 'rate_limited' });
    return verdict === 'admit';
  }

  #binary(bytes: Uint8Array): void {
    const decoded = decodeBinaryFrame(bytes);
    if (!decoded.ok) {
      this.close(CLOSE_CODES.invalidPayload, decoded.reason);
      return;
    }
    const frame = decoded.frame;
    if (frame.event === 'chunk' && this.#chunkTopics?.has(frame.topic)) {
      this.#heldBytes += frame.payload.byteLength;
      if (!this.#chunksStop && this.#heldBytes > this.#limits.highWaterBytes) {
        this.#chunksStop = true;
        this.#ws.pause();
      }
      this.#handlers.onChunk(frame);
      return;
    }
    // Any other binary push is answered as Phoenix answers a push to a topic it does not route,
    // and pays for the rate limit like any frame.
    if (this.#admitted(frame)) this.#answer(frame, 'error', { reason: 'unmatched topic' });
  }

  /** Answers a frame the connection handles itself (no reply is owed for it). */
  #answer(
    frame: Pick<Frame, 'joinRef' | 'ref' | 'topic'>,
    status: 'ok' | 'error',
    response: unknown,
  ): void {
    if (frame.ref === null) return;
    this.send(encodeReply(frame.joinRef, frame.ref, frame.topic, status, response));
  }

  #answered(): void {
    this.#unanswered -= 1;
    if (this.#owedStop && this.#unanswered <= MAX_UNANSWERED / 2) {
      this.#owedStop = false;
      this.#readAgain();
    }
  }

  /** Reads again, unless the other reason to stop still holds (or the socket is closing). */
  #readAgain(): void {
    if (!this.#owedStop && !this.#chunksStop && this.#ws.isPaused && !this.#closing) {
      this.#ws.resume();
    }
  }

  /** The output the client has not taken yet, with what Node keeps per queued frame. */
  #unsent(): number {
    return this.#ws.bufferedAmount + this.#queued * FRAME_OVERHEAD_BYTES;
  }

  // Called by ws's write callback and 'close' event: a throw there would be uncaught, so a bug
  // in a handler is reported like one in #receive.
  #drained(): void {
    if (this.#queued > 0) this.#queued -= 1;
    if (this.#paused && this.#unsent() <= this.#limits.highWaterBytes / 2) {
      this.#paused = false;
      try {
        this.#handlers.onPressure(false);
      } catch (error) {
        this.#handlers.onError(error);
      }
    }
  }

  #closedWith(code: number, reason: Buffer): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing = true;
    this.#group.delete(this);
    this.#resolveClosed?.();
    try {
      this.#handlers.onClose(code, reason.toString());
    } catch (error) {
      this.#handlers.onError(error);
    }
  }
}

function ignore(): void {}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function truncateReason(reason: string): string {
  let text = reason;
  while (Buffer.byteLength(text) > MAX_REASON_BYTES) text = text.slice(0, -1);
  return text;
}

function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
