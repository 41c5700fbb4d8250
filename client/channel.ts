import type { Frame } from '../transport/frame.js';
import { CHANNEL_EVENTS } from '../transport/frame.js';
import type { PhoenixSocket } from './phoenix-socket.js';
import { asPayload, type Payload, Push } from './push.js';

/**
 * Where a channel is in its life. `errored` means "expected back": it rejoins by itself when
 * the socket is (again) open. A refused join leaves it `closed`: whether to try again is the
 * owner's decision (a stale session wants a page reload, not a retry).
 *
 * @example
 * if (channel.state === 'errored') showReconnecting();
 */
export type ChannelState = 'closed' | 'joining' | 'joined' | 'leaving' | 'errored';

/** A channel callback: the payload, the frame's ref (null for server pushes) and join ref. */
export type ChannelCallback = (
  payload: Payload,
  ref: string | null,
  joinRef: string | null,
) => void;

/**
 * One topic on a {@link PhoenixSocket} (PROTOCOL.md 1.2-1.3): join, pushes with replies,
 * server events, leave, and recovery.
 *
 * - Pushes made before the join's ok reply wait and go out after it (each with its own timer
 *   running from the moment it was made).
 * - A server `phx_error` or a socket drop makes the channel `errored`. It rejoins with a new
 *   join ref at once when the socket opens again, or after `rejoinAfterMs(tries)` when the
 *   socket is still up. A join timeout sends `phx_leave` and retries the same way.
 * - A server `phx_close`, or the end of `leave()`, makes it `closed` and removes it from the
 *   socket; `join()` may be called again.
 * - No push is left waiting: when the channel errors or closes, every push still waiting
 *   (the join included) ends at once with `'timeout'` and `{ reason: 'errored' | 'closed' }`.
 * - Frames carrying another join ref than the current one belong to an older instance and
 *   are dropped.
 *
 * @example
 * const channel = socket.channel('lv:phx-F1', () => ({ session, static: null, params }));
 * channel.on('diff', (diff) => render(diff));
 * channel.join().receive('ok', ({ rendered }) => mount(rendered)).receive('error', onJoinError);
 */
export class Channel {
  readonly topic: string;
  readonly #socket: PhoenixSocket;
  readonly #params: () => Payload;
  readonly #joinPush = new Push();
  readonly #pending = new Map<string, Push>();
  #state: ChannelState = 'closed';
  #joinRef: string | null = null;
  #timeout: number;
  #buffer: (() => void)[] = [];
  #bindings: [string, number, ChannelCallback][] = [];
  #bindingRef = 0;
  #tries = 0;
  #rejoinTimer: ReturnType<typeof setTimeout> | undefined;

  /** Use {@link PhoenixSocket.channel}, which also registers the channel with the socket. */
  constructor(topic: string, params: () => Payload, socket: PhoenixSocket) {
    this.topic = topic;
    this.#params = params;
    this.#socket = socket;
    this.#timeout = socket.timeout;
    // Registered first, so the state is right before the owner's receivers run.
    this.#joinPush
      .receive('ok', () => {
        if (this.#state !== 'joining') return;
        this.#state = 'joined';
        this.#tries = 0;
        const buffered = this.#buffer;
        this.#buffer = [];
        for (const send of buffered) send();
      })
      .receive('error', () => {
        if (this.#state === 'joining') this.#end('closed');
      })
      .receive('timeout', () => {
        // Only a real timeout: a channel that errored or closed first is no longer joining.
        if (this.#state !== 'joining') return;
        if (socket.isConnected()) this.#send(socket.makeRef(), CHANNEL_EVENTS.leave, {});
        this.#end('errored');
      });
  }

  get state(): ChannelState {
    return this.#state;
  }

  /** The ref of the current join; frames of this channel instance carry it. */
  get joinRef(): string | null {
    return this.#joinRef;
  }

  isJoined(): boolean {
    return this.#state === 'joined';
  }

  /**
   * Joins with a payload from the params function (called again on every rejoin). Returns the
   * same join push each time; calling it while joining or joined changes nothing.
   */
  join(timeout: number = this.#timeout): Push {
    if (this.#state !== 'joining' && this.#state !== 'joined') {
      this.#timeout = timeout;
      this.#join();
    }
    return this.#joinPush;
  }

  /**
   * Sends `event` now if joined, else after the join succeeds (unless it times out first). An
   * `ArrayBuffer` payload goes as a binary frame (an upload chunk).
   */
  push(event: string, payload: Payload | ArrayBuffer, timeout: number = this.#timeout): Push {
    const push = new Push();
    const ref = this.#socket.makeRef();
    push.start(ref, this.#pending, timeout);
    const send = (): void => {
      if (push.isPending()) this.#send(ref, event, payload);
    };
    if (this.#state === 'joined' && this.#socket.isConnected()) send();
    else this.#buffer.push(send);
    return push;
  }

  /** Leaves; the channel is closed when the server answers, or at once when it cannot. */
  leave(timeout: number = this.#timeout): Push {
    clearTimeout(this.#rejoinTimer);
    const open = this.#state === 'joined' || this.#state === 'joining';
    const push = new Push();
    const ref = this.#socket.makeRef();
    const done = (): void => {
      if (this.#state === 'leaving') this.#end('closed', {});
    };
    push.receive('ok', done).receive('error', done).receive('timeout', done);
    this.#state = 'leaving';
    push.start(ref, this.#pending, timeout);
    if (open && this.#socket.isConnected()) this.#send(ref, CHANNEL_EVENTS.leave, {});
    else push.settle('ok', {});
    return push;
  }

  /** Subscribes to a server event; returns a ref for {@link Channel.off}. */
  on(event: string, callback: ChannelCallback): number {
    this.#bindings.push([event, ++this.#bindingRef, callback]);
    return this.#bindingRef;
  }

  /** Removes the callback `ref` of `event`, or all of them. */
  off(event: string, ref?: number): void {
    this.#bindings = this.#bindings.filter(
      ([e, r]) => e !== event || (ref !== undefined && r !== ref),
    );
  }

  /** Called with `{ reason }` when the server channel crashed or the socket dropped. */
  onError(callback: ChannelCallback): number {
    return this.on(CHANNEL_EVENTS.error, callback);
  }

  /** Called when the channel closes (server `phx_close` or the end of `leave()`). */
  onClose(callback: ChannelCallback): number {
    return this.on(CHANNEL_EVENTS.close, callback);
  }

  /** One frame for this topic from the socket. @internal */
  handle({ joinRef, ref, event, payload }: Frame): void {
    if (joinRef !== null && joinRef !== this.#joinRef) {
      this.#socket.log('channel', `dropping outdated ${this.topic} ${event}`, joinRef);
    } else if (event === CHANNEL_EVENTS.reply) {
      const status = payload.status === 'ok' ? 'ok' : 'error';
      if (ref !== null) this.#pending.get(ref)?.settle(status, asPayload(payload.response) ?? {});
    } else if (event === CHANNEL_EVENTS.close) {
      if (this.#state !== 'closed') this.#end('closed', payload);
    } else if (event === CHANNEL_EVENTS.error) {
      if (this.#state === 'joined' || this.#state === 'joining') this.#end('errored', payload);
    } else {
      this.#trigger(event, payload, ref);
    }
  }

  /** The socket opened: an errored channel rejoins now. @internal */
  up(): void {
    this.#tries = 0;
    if (this.#state === 'errored') this.#join();
  }

  /** The socket closed: nothing of this instance survives on the server. @internal */
  down(): void {
    clearTimeout(this.#rejoinTimer);
    if (this.#state === 'leaving') this.#end('closed', {});
    else if (this.#state === 'joined' || this.#state === 'joining') {
      this.#end('errored', { reason: 'connection_closed' });
    }
  }

  #join(): void {
    clearTimeout(this.#rejoinTimer);
    this.#socket.add(this);
    this.#state = 'joining';
    const ref = this.#socket.makeRef();
    this.#joinRef = ref;
    this.#joinPush.start(ref, this.#pending, this.#timeout);
    this.#socket.send(ref, ref, this.topic, CHANNEL_EVENTS.join, this.#params(), this);
  }

  #send(ref: string, event: string, payload: Payload | ArrayBuffer): void {
    this.#socket.send(this.#joinRef, ref, this.topic, event, payload, this);
  }

  /**
   * Moves to `errored` or `closed`: ends every waiting push, then tells the owner (when
   * `payload` is given). An errored channel schedules its rejoin if the socket is still up;
   * otherwise the socket's next open rejoins it.
   */
  #end(state: 'errored' | 'closed', payload?: Payload): void {
    clearTimeout(this.#rejoinTimer);
    this.#state = state;
    this.#joinRef = null;
    this.#buffer = [];
    for (const push of [...this.#pending.values()]) push.settle('timeout', { reason: state });
    if (state === 'closed') this.#socket.remove(this);
    else if (this.#socket.isConnected()) {
      this.#rejoinTimer = setTimeout(
        () => this.#socket.isConnected() && this.#join(),
        this.#socket.rejoinAfterMs(++this.#tries),
      );
    }
    if (payload)
      this.#trigger(
        state === 'closed' ? CHANNEL_EVENTS.close : CHANNEL_EVENTS.error,
        payload,
        null,
      );
  }

  #trigger(event: string, payload: Payload, ref: string | null): void {
    const joinRef = this.#joinRef;
    for (const [e, , callback] of [...this.#bindings])
      if (e === event) callback(payload, ref, joinRef);
  }
}
