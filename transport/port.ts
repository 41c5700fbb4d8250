/**
 * The port: one process per connection (connection.ts), which every view joined on that
 * connection talks to (views/port.ts says what a port owes its views). It traps exits, so a
 * view's crash arrives as an `EXIT` message, and it monitors each view's own supervisor, whose
 * `DOWN` means the view went past its restart intensity.
 *
 * Its mailbox mixes four sources, handled one at a time in arrival order:
 *
 *   conn:*    from its connection, through the PortLink below: frames of lv: and lvu: topics,
 *             upload chunks, pressure
 *   join:*    from its own joins (channel-join.ts): a view's supervisor started, or did not
 *   lv:*      from views (ViewOutput): mounted, join_error, reply, push, close
 *   EXIT/DOWN from the actor system (EXIT of a view, or of an upload process)
 *
 * Joins are in channel-join.ts, what views say in view-outputs.ts, upload topics in
 * upload-channel.ts, the state and the bookkeeping every part shares in port-state.ts. This file
 * routes the client's frames:
 *
 *   lvu:*                    -> the upload topic (upload-channel.ts)
 *   phx_join                 -> join (a topic joined again: its old instance is closed first)
 *   phx_leave                -> see below; for a topic not joined: ok {} (as Phoenix)
 *   any other, not joined    -> error {reason: "unmatched topic"} (also for a stale join_ref)
 *   event / live_patch / ... -> the channel (inputs.ts decodes; a bad one: an error reply)
 *
 * Leaves follow the reference server's order: `phx_close` on the topic, then the ok reply to
 * `phx_leave`, then the view is stopped (its terminate runs) in the background.
 */
import {
  type Behaviour,
  type DownMessage,
  type ExitMessage,
  isNormalish,
  type Pid,
} from '../actors/index.js';
import type { ViewOutput } from '../views/port.js';
import type { Channel } from './channel.js';
import { joinChannel, onStarted, onStartFailed, type StartResult } from './channel-join.js';
import type { Connection, ConnectionHandlers } from './connection.js';
import type { LiveContext } from './context.js';
import { CLOSE_CODES } from './errors.js';
import { type BinaryFrame, CHANNEL_EVENTS, type Frame, UPLOAD_TOPIC_PREFIX } from './frame.js';
import { toViewInput } from './inputs.js';
import {
  channelOf,
  createPortState,
  end,
  forget,
  type PortState,
  stopSupervisor,
} from './port-state.js';
import { isDisconnect, listenForDisconnect, type SocketIdentity } from './socket-id.js';
import { socketCloseChannel } from './telemetry.js';
import { onUploadChunk, onUploadExit, onUploadFrame } from './upload-channel.js';
import { onSupervisorDown, onViewExit, onViewOutput } from './view-outputs.js';

/** What a connection tells its port, through its PortLink. */
type ConnectionMessage =
  | { readonly type: 'conn:frame'; readonly frame: Frame }
  | { readonly type: 'conn:chunk'; readonly frame: BinaryFrame }
  | { readonly type: 'conn:pressure'; readonly paused: boolean };

type PortMessage = ConnectionMessage | StartResult | ViewOutput | ExitMessage | DownMessage;

/**
 * The behaviour of a port; spawn it with `trapExit: true`.
 * @internal
 */
export const portBehaviour: Behaviour<
  PortState,
  { readonly conn: Connection; readonly context: LiveContext; readonly identity: SocketIdentity },
  never,
  unknown,
  never,
  PortMessage
> = {
  init({ conn, context, identity }, ctx) {
    ctx.trapExit(true);
    if (identity.id !== undefined) listenForDisconnect(context.pubsub, ctx.self, identity.id);
    return createPortState(conn, context, ctx.self, identity.connectInfo);
  },

  handleInfo(msg, state, ctx) {
    try {
      // disconnectSockets: the page is over (socket-id.ts); the close ends this port.
      if (isDisconnect(msg)) state.conn.close(CLOSE_CODES.normal, 'disconnected');
      else dispatch(msg, state);
    } catch (error) {
      // A bug here must not take the other ports down: report it and drop this connection.
      state.context.report(error, state.self);
      state.conn.close(CLOSE_CODES.internalError, 'internal error');
      ctx.stop('shutdown');
    }
    return state;
  },

  async terminate(reason, state) {
    try {
      const code = isNormalish(reason) ? CLOSE_CODES.goingAway : CLOSE_CODES.internalError;
      state.conn.close(
        code,
        code === CLOSE_CODES.goingAway ? 'server shutting down' : 'internal error',
      );
      for (const channel of state.channels) forget(state, channel);
      await Promise.all(state.starting ?? []);
      await Promise.all(state.sups.map((sup) => stopSupervisor(state, sup)));
    } finally {
      state.context.connections.delete(state.self);
    }
  },
};

function dispatch(msg: PortMessage, state: PortState): void {
  switch (msg.type) {
    case 'conn:frame':
      onFrame(msg.frame, state);
      return;
    case 'conn:chunk':
      onUploadChunk(msg.frame, state);
      return;
    case 'conn:pressure':
      state.paused = msg.paused;
      for (const channel of state.channels) channel.setPaused(msg.paused);
      return;
    case 'join:started':
      onStarted(msg, state);
      return;
    case 'join:start_failed':
      onStartFailed(msg, state);
      return;
    case 'EXIT':
      if (!onUploadExit(msg.from, msg.reason, state)) onViewExit(msg, state);
      return;
    case 'DOWN':
      onSupervisorDown(msg, state);
      return;
    default:
      onViewOutput(msg, state);
      return;
  }
}

function onFrame(frame: Frame, state: PortState): void {
  if (frame.topic.startsWith(UPLOAD_TOPIC_PREFIX)) {
    onUploadFrame(frame, state);
    return;
  }
  if (frame.event === CHANNEL_EVENTS.join) {
    joinChannel(frame, state);
    return;
  }
  const channel = channelOf(state, frame.topic);
  const current = channel !== undefined && (frame.joinRef ?? channel.joinRef) === channel.joinRef;
  if (frame.event === CHANNEL_EVENTS.leave) {
    if (current) leave(frame, channel, state);
    else state.conn.replyTo(frame, 'ok', {});
    return;
  }
  if (!current) {
    state.conn.replyTo(frame, 'error', { reason: 'unmatched topic' });
    return;
  }
  const input = toViewInput(frame);
  if (typeof input === 'string') state.conn.replyTo(frame, 'error', { reason: input });
  else channel.input(input);
}

function leave(frame: Frame, channel: Channel, state: PortState): void {
  channel.sendClose();
  state.conn.reply(channel.joinRef, frame.ref, channel.topic, 'ok', {});
  end(channel, state);
}

/**
 * A connection's handlers: what its socket says goes to its port. Methods on a class rather
 * than closures, so a socket costs one small object here (a server holds thousands).
 * @internal
 */
export class PortLink implements ConnectionHandlers {
  /** The port, once spawned. */
  port: Pid | undefined = undefined;
  readonly #context: LiveContext;

  constructor(context: LiveContext) {
    this.#context = context;
  }

  onFrame(frame: Frame): void {
    this.#send({ type: 'conn:frame', frame });
  }

  onChunk(frame: BinaryFrame): void {
    this.#send({ type: 'conn:chunk', frame });
  }

  onPressure(paused: boolean): void {
    this.#send({ type: 'conn:pressure', paused });
  }

  onClose(code: number, reason: string): void {
    if (socketCloseChannel.hasSubscribers) {
      socketCloseChannel.publish({ port: this.port, code, reason });
    }
    const { system, connections } = this.#context;
    if (this.port === undefined) return;
    if (system.isAlive(this.port)) system.exit(this.port, 'shutdown');
    // Dead already; if it was killed, no terminate took it out of the list.
    else connections.delete(this.port);
  }

  onError(error: unknown): void {
    this.#context.report(error, this.port);
  }

  #send(msg: ConnectionMessage): void {
    if (this.port !== undefined) this.#context.system.send(this.port, msg);
  }
}
