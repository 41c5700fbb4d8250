/**
 * One joined `lv:` topic on a port: the state machine between the client's frames and the view
 * process that answers them.
 *
 *   joining ──lv:mounted──> joined ──view EXIT (crash)──> restarting ──lv:mounted──> joined
 *      │                                                        │
 *      └── supervisor DOWN: join error "join crashed"           └── supervisor DOWN: phx_error
 *
 * A join answered with an error is `refused` from then on, so letting the channel go does not
 * answer that join a second time.
 *
 * Inputs (events, live_patch, cids_*) go to the view only while `joined`; meanwhile they wait in
 * `#queue`, in order, and are sent once the view mounted. Each input sent is remembered in
 * `#pending` until its `lv:reply`, because the client needs exactly one reply per ref: when the
 * view crashes, every pending ref is answered `{}` at once (the render pushed after the restart
 * brings the page up to date), and when the channel goes away for good, so is everything queued.
 * Every frame sent on the topic carries the join's ref as its join_ref; the client drops frames
 * of an older join.
 *
 * @example
 * const channel = new Channel('lv:phx-1', '4', conn, system);
 * channel.input({ type: 'lv:event', ref: '5', event: 'inc', value: {} }); // queued until mounted
 * channel.mounted(viewPid, false);                                          // sent to the view
 */
import type { ActorSystem, MonitorRef, Pid } from '../actors/index.js';
import type { ViewInput } from '../views/port.js';
import type { Connection } from './connection.js';
import { CHANNEL_EVENTS } from './frame.js';
import { publishJoin } from './telemetry.js';

/**
 * Where a channel is in its life.
 * @internal
 */
export type ChannelStatus = 'joining' | 'joined' | 'restarting' | 'refused';

/**
 * An input that the client expects a reply to.
 * @internal
 */
export type RefInput = Extract<ViewInput, { readonly ref: string }>;

/**
 * One topic's state on a port.
 * @internal
 */
export class Channel {
  readonly topic: string;
  readonly joinRef: string;
  status: ChannelStatus = 'joining';
  /** The view process that mounted last; undefined before its first mount and while restarting. */
  view: Pid | undefined;
  /** The view's own supervisor, once the DynamicSupervisor started it. */
  sup: Pid | undefined;
  supMonitor: MonitorRef | undefined;
  /** A nested view's parent topic (nested-join.ts); undefined for a page's or a sticky view. */
  parentTopic: string | undefined;
  /** A nested view's start, while it waits for its parent's view to be mounted. */
  childStart: Extract<ViewInput, { readonly type: 'lv:start_child' }> | undefined;
  // Created by the first input: an idle view never needs them (memory per idle socket).
  #pending: string[] | undefined;
  #queue: RefInput[] | undefined;
  readonly #conn: Connection;
  readonly #system: ActorSystem;

  constructor(topic: string, joinRef: string, conn: Connection, system: ActorSystem) {
    this.topic = topic;
    this.joinRef = joinRef;
    this.#conn = conn;
    this.#system = system;
  }

  /** Sends an input to the view, or queues it until the view is mounted. */
  input(msg: RefInput): void {
    if (this.status === 'joined' && this.view !== undefined) {
      this.#pending ??= [];
      this.#pending.push(msg.ref);
      this.#system.send(this.view, msg);
    } else {
      this.#queue ??= [];
      this.#queue.push(msg);
    }
  }

  /** The view (first or restarted) mounted: it gets the paused state, then what waited. */
  mounted(view: Pid, paused: boolean): void {
    this.view = view;
    this.status = 'joined';
    if (paused) this.#system.send(view, { type: 'lv:pause' } satisfies ViewInput);
    const queued = this.#queue;
    this.#queue = undefined;
    for (const msg of queued ?? []) this.input(msg);
  }

  /** Tells the mounted view to stop or resume rendering. */
  setPaused(paused: boolean): void {
    if (this.view === undefined) return;
    const msg: ViewInput = paused ? { type: 'lv:pause' } : { type: 'lv:resume' };
    this.#system.send(this.view, msg);
  }

  /** Answers one pending ref; a ref that is not pending (answered at a crash) is dropped. */
  replied(ref: string, response: unknown): void {
    const at = this.#pending?.indexOf(ref) ?? -1;
    if (at < 0) return;
    this.#pending?.splice(at, 1);
    this.#conn.reply(this.joinRef, ref, this.topic, 'ok', response);
  }

  /** The view crashed: answer what it will never answer, and hold inputs until it is back. */
  crashed(): void {
    this.status = 'restarting';
    this.view = undefined;
    this.#answerPending();
  }

  /**
   * The channel is going away: every ref still open gets `{}`, and a join not answered yet (left
   * or joined again before its view mounted) gets an error, since every push gets one reply.
   */
  abandon(): void {
    if (this.status === 'joining') this.joinReply('error', { reason: 'join superseded' });
    this.#answerPending();
    const queued = this.#queue;
    this.#queue = undefined;
    for (const msg of queued ?? []) {
      this.#conn.reply(this.joinRef, msg.ref, this.topic, 'ok', {});
    }
  }

  /** Replies to the join itself; after an error reply the channel is 'refused'. */
  joinReply(status: 'ok' | 'error', response: unknown): void {
    this.#conn.reply(this.joinRef, this.joinRef, this.topic, status, response);
    publishJoin(this, status, response);
    if (status === 'error') this.status = 'refused';
  }

  /** A server push on this topic (ref null). */
  push(event: string, payload: unknown): void {
    this.#conn.push(this.joinRef, null, this.topic, event, payload);
  }

  /** `phx_close`: the channel ended on the server's side (ref = join ref, as Phoenix sends it). */
  sendClose(): void {
    this.#conn.push(this.joinRef, this.joinRef, this.topic, CHANNEL_EVENTS.close, {});
  }

  /** `phx_error`: the channel's process failed; the client marks it errored and rejoins. */
  sendError(reason: string): void {
    this.#conn.push(this.joinRef, this.joinRef, this.topic, CHANNEL_EVENTS.error, { reason });
  }

  #answerPending(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    for (const ref of pending ?? []) {
      this.#conn.reply(this.joinRef, ref, this.topic, 'ok', {});
    }
  }
}
