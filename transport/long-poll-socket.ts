/**
 * One long-poll session, posing as a WebSocket (frame-socket.ts) to the connection and port
 * above it: whatever holds for a WebSocket (rate limit, heartbeat timeout, back-pressure, the
 * output bound, uploads) holds here because the same Connection runs on top.
 *
 * Out: `send` queues a frame in the outbox (`bufferedAmount` counts its bytes). A poll takes
 * everything queued at once; when there is nothing, the poll is held until a frame comes (sent
 * on the next turn of the event loop, so the frames of one render travel together) or until
 * the window ends (204). The send callbacks run when their frames leave in a poll, so a client
 * that stops polling looks like a client that stops reading: its views pause past the mark,
 * and the connection's output bound closes it. A newer poll answers an older one with 204.
 *
 * In: a POST's frames are emitted as `'message'`s in order, one POST at a time, and the POST is
 * answered once all of them were handed on; while paused, the rest wait and so does the POST,
 * which slows the client as an unread TCP socket would.
 *
 * Idle: each poll is emitted as a heartbeat frame without a ref (no reply), so polling keeps
 * the session alive and counts against the rate limit, as WebSocket heartbeats do; a client
 * that stops polling is closed by the connection's heartbeat timeout.
 *
 * Close: `'close'` follows on the next turn. A poll held then gets what was sent before the
 * close (200) or 410; POSTs still waiting get 410. There is no close frame on this transport:
 * the client learns it from the 410 and connects again.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../actors/index.js';
import { CLOSE_CODES } from './errors.js';
import type { FrameSocket } from './frame-socket.js';
import { answer, type BatchFrame, readBody, splitBatch } from './long-poll-wire.js';

/**
 * What one server's long-poll sessions share.
 * @internal
 */
export interface LongPollLimits {
  readonly clock: Clock;
  /** How long a poll is held when there is nothing to send. */
  readonly windowMs: number;
  /** Largest frame, as for a WebSocket message. */
  readonly maxFrameBytes: number;
  /** Reports a bug met while handling a POST (the session is then closed with 1011). */
  readonly report: (error: unknown) => void;
}

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** `[join_ref, ref, topic, event, payload]` of a heartbeat that wants no reply. */
const POLL_HEARTBEAT = Buffer.from('[null,null,"phoenix","heartbeat",{}]');
/** POSTs a session holds at once (the official client sends one at a time). */
const MAX_WAITING_POSTS = 4;

interface HeldPoll {
  readonly res: ServerResponse;
  readonly token: string;
  readonly timer: unknown;
}

/**
 * A long-poll session as a {@link FrameSocket}.
 * @internal
 */
export class LongPollSocket extends EventEmitter implements FrameSocket {
  readyState = OPEN;
  readonly #limits: LongPollLimits;
  #outbox: string[] = [];
  #written: ((error?: Error) => void)[] = [];
  #bytes = 0;
  #held: HeldPoll | undefined = undefined;
  #flushing = false;
  #paused = false;
  #inbox:
    | { readonly frames: readonly BatchFrame[]; at: number; readonly done: () => void }
    | undefined = undefined;
  #posts: Promise<void> = Promise.resolve();
  #waitingPosts = 0;

  constructor(limits: LongPollLimits) {
    super();
    this.#limits = limits;
  }

  get bufferedAmount(): number {
    return this.#bytes;
  }

  get isPaused(): boolean {
    return this.#paused;
  }

  send(data: string, done?: (error?: Error) => void): void {
    if (this.readyState !== OPEN) return;
    this.#outbox.push(data);
    this.#bytes += Buffer.byteLength(data);
    if (done !== undefined) this.#written.push(done);
    if (this.#held !== undefined && !this.#flushing) {
      this.#flushing = true;
      setImmediate(this.#flush);
    }
  }

  /** A GET with this session's token: answered now if frames wait, else held. */
  poll(res: ServerResponse, token: string): void {
    this.#release(204);
    if (this.readyState === OPEN && !this.#paused) this.emit('message', POLL_HEARTBEAT, false);
    if (this.#outbox.length > 0) {
      this.#deliver(res, token);
      return;
    }
    if (this.readyState !== OPEN) {
      answer(res, 410);
      return;
    }
    const timer = this.#limits.clock.setTimeout(() => this.#release(204), this.#limits.windowMs);
    this.#held = { res, token, timer };
    res.once('close', () => {
      if (this.#held?.res !== res) return;
      this.#limits.clock.clearTimeout(timer);
      this.#held = undefined;
    });
  }

  /** A POST with this session's token; `ndjson` when its type is `application/x-ndjson`. */
  post(req: IncomingMessage, res: ServerResponse, ndjson: boolean): void {
    if (this.#waitingPosts >= MAX_WAITING_POSTS) {
      answer(res, 429);
      return;
    }
    this.#waitingPosts += 1;
    this.#posts = this.#posts
      .then(() => this.#receive(req, res, ndjson))
      .catch((error: unknown) => {
        this.#limits.report(error);
        if (!res.headersSent) answer(res, 500);
        this.close(CLOSE_CODES.internalError, 'internal error');
      })
      .finally(() => {
        this.#waitingPosts -= 1;
      });
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#drain();
  }

  close(code = 1005, reason = ''): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    setImmediate(() => this.#closed(code, reason));
  }

  terminate(): void {
    this.close(1006, '');
  }

  readonly #flush = (): void => {
    this.#flushing = false;
    const held = this.#held;
    if (held === undefined || this.#outbox.length === 0) return;
    this.#held = undefined;
    this.#limits.clock.clearTimeout(held.timer);
    this.#deliver(held.res, held.token);
  };

  /** Answers a held poll with `status` and no messages. */
  #release(status: number): void {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    this.#limits.clock.clearTimeout(held.timer);
    answer(held.res, status, status === 410 ? undefined : held.token, []);
  }

  #deliver(res: ServerResponse, token: string): void {
    const messages = this.#outbox;
    const written = this.#written;
    this.#outbox = [];
    this.#written = [];
    this.#bytes = 0;
    answer(res, 200, token, messages);
    for (const done of written) done();
  }

  async #receive(req: IncomingMessage, res: ServerResponse, ndjson: boolean): Promise<void> {
    if (this.readyState !== OPEN) {
      answer(res, 410);
      return;
    }
    // A batch holds a few frames; two of the largest (one base64-encoded) is plenty.
    const max = 2 * this.#limits.maxFrameBytes;
    const body = await readBody(req, max);
    const frames =
      body === undefined ? 'too large' : splitBatch(body, ndjson, this.#limits.maxFrameBytes);
    if (typeof frames === 'string') {
      res.setHeader('connection', 'close');
      answer(res, frames === 'too large' ? 413 : 400);
      if (frames === 'too large') this.close(CLOSE_CODES.tooLarge, 'frame too large');
      else this.close(CLOSE_CODES.invalidPayload, 'binary frame is not base64');
      return;
    }
    await new Promise<void>((done) => {
      this.#inbox = { frames, at: 0, done };
      this.#drain();
    });
    answer(res, this.readyState === OPEN ? 200 : 410);
  }

  /** Emits the frames of the POST under way until paused, closed or done. */
  #drain(): void {
    const inbox = this.#inbox;
    if (inbox === undefined) return;
    while (inbox.at < inbox.frames.length && !this.#paused && this.readyState === OPEN) {
      const frame = inbox.frames[inbox.at++] as BatchFrame;
      this.emit('message', frame.data, frame.binary);
    }
    if (inbox.at >= inbox.frames.length || this.readyState !== OPEN) {
      this.#inbox = undefined;
      inbox.done();
    }
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    const held = this.#held;
    this.#held = undefined;
    if (held !== undefined) {
      this.#limits.clock.clearTimeout(held.timer);
      // The client will connect afresh: let its HTTP connection go with this answer, so a
      // server shutting down is not kept waiting for it.
      held.res.setHeader('connection', 'close');
      if (this.#outbox.length > 0) this.#deliver(held.res, held.token);
      else answer(held.res, 410);
    }
    this.#outbox = [];
    this.#written = [];
    this.#bytes = 0;
    this.#drain();
    this.emit('close', code, Buffer.from(reason));
  }
}
