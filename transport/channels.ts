/**
 * The connection process: one per WebSocket, the port (views/port.ts) of every view joined on
 * it. It traps exits, so a view's crash arrives as an `EXIT` message, and it monitors each
 * view's own supervisor, whose `DOWN` means the view went past its restart intensity.
 *
 * Its mailbox mixes three sources, handled one at a time in arrival order:
 *
 *   conn:*    from the socket (connection.ts): frames of lv: topics, pressure changes
 *   lv:*      from views (ViewOutput): mounted, join_error, reply, push, close
 *   EXIT/DOWN from the actor system
 *
 * Joins are in channel-join.ts, what views say in view-outputs.ts, the shared bookkeeping in
 * port-state.ts. This file routes the client's frames:
 *
 *   phx_join                 -> join (a topic joined again: its old instance is closed first)
 *   phx_leave                -> see below; for a topic not joined: ok {} (as Phoenix)
 *   any other, not joined    -> error {reason: "unmatched topic"} (also for a stale join_ref)
 *   event / live_patch / ... -> the channel (inputs.ts decodes; a bad one: an error reply)
 *
 * Leaves follow the reference server's order: `phx_close` on the topic, then the ok reply to
 * `phx_leave`, then the view is stopped (its terminate runs) in the background.
 *
 * @example
 * const port = system.spawn(connectionBehaviour, { conn, context }, { trapExit: true });
 */
import {
  type Behaviour,
  type DownMessage,
  type ExitMessage,
  isNormalish,
} from '../actors/index.js';
import type { ViewOutput } from '../views/port.js';
import type { Channel } from './channel.js';
import { join, onStarted, onStartFailed, type StartResult } from './channel-join.js';
import type { Connection } from './connection.js';
import type { LiveContext } from './context.js';
import { CLOSE_CODES } from './errors.js';
import { CHANNEL_EVENTS, type Frame } from './frame.js';
import { toViewInput } from './inputs.js';
import {
  channelOf,
  createPortState,
  end,
  forget,
  type PortState,
  stopSupervisor,
} from './port-state.js';
import { onSupervisorDown, onViewExit, onViewOutput } from './view-outputs.js';

/**
 * What the socket side sends to a connection process.
 *
 * @example
 * system.send(port, { type: 'conn:pressure', paused: true });
 * @internal
 */
export type ConnectionMessage =
  | { readonly type: 'conn:frame'; readonly frame: Frame }
  | { readonly type: 'conn:pressure'; readonly paused: boolean };

type PortMessage = ConnectionMessage | StartResult | ViewOutput | ExitMessage | DownMessage;

/**
 * The behaviour of a connection process; spawn it with `trapExit: true`.
 *
 * @example
 * system.spawn(connectionBehaviour, { conn, context }, { trapExit: true });
 * @internal
 */
export const connectionBehaviour: Behaviour<
  PortState,
  { readonly conn: Connection; readonly context: LiveContext },
  never,
  unknown,
  never,
  PortMessage
> = {
  init({ conn, context }, ctx) {
    ctx.trapExit(true);
    return createPortState(conn, context, ctx.self);
  },

  handleInfo(msg, state, ctx) {
    try {
      dispatch(msg, state);
    } catch (error) {
      // A bug here must not take the other connections down: report it and drop this socket.
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
    case 'conn:pressure':
      state.paused = msg.paused;
      for (const channel of state.channels) channel.setPaused(msg.paused);
      return;
    case 'conn:started':
      onStarted(msg, state);
      return;
    case 'conn:start_failed':
      onStartFailed(msg, state);
      return;
    case 'EXIT':
      onViewExit(msg, state);
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
  if (frame.event === CHANNEL_EVENTS.join) {
    join(frame, state);
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
