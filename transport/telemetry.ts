/**
 * The transport's telemetry on `node:diagnostics_channel`: sockets opening and closing
 * (`liveactor:socket:*`), and the joins and leaves of views (`liveactor:view:join` / `leave`,
 * named in views/telemetry.ts), which only the transport sees. As everywhere, nothing is built
 * while a channel has no subscriber.
 *
 * A join's route and view name are known when the join is verified, but its answer comes later
 * (from the view, its supervisor, or a newer join); they wait in a WeakMap beside the channel,
 * and only while someone listens, so an idle socket carries nothing more.
 */
import { channel } from 'node:diagnostics_channel';
import type { Pid } from '../actors/index.js';
import { viewJoinChannel, viewLeaveChannel } from '../views/telemetry.js';
import type { Channel } from './channel.js';

/**
 * The names of the socket channels.
 *
 * @example
 * subscribe(SOCKET_CHANNELS.close, (m) => gauge.add(-1, { code: (m as SocketCloseMessage).code }));
 */
export const SOCKET_CHANNELS = {
  open: 'liveactor:socket:open',
  close: 'liveactor:socket:close',
} as const;

/** `liveactor:socket:open`: a WebSocket was accepted and given its port process. */
export interface SocketOpenMessage {
  /** The socket's port: the process its views report to (`port` in view join/leave messages). */
  readonly port: Pid;
  readonly remoteAddress: string | undefined;
  readonly origin: string | undefined;
}

/** `liveactor:socket:close`: the WebSocket closed (either side). */
export interface SocketCloseMessage {
  readonly port: Pid | undefined;
  readonly code: number;
  readonly reason: string;
}

/** @internal */
export const socketOpenChannel = channel(SOCKET_CHANNELS.open);
/** @internal */
export const socketCloseChannel = channel(SOCKET_CHANNELS.close);

interface JoinFacts {
  readonly route: string;
  readonly view: string;
  readonly port: Pid;
}

const joins = new WeakMap<Channel, JoinFacts>();

/**
 * Keeps a new channel's route and view name for its join and leave messages, if anyone listens.
 * @internal
 */
export function rememberJoin(channel: Channel, facts: () => JoinFacts): void {
  if (viewJoinChannel.hasSubscribers || viewLeaveChannel.hasSubscribers) {
    joins.set(channel, facts());
  }
}

/**
 * Publishes the answer to a channel's join.
 * @internal
 */
export function publishJoin(channel: Channel, status: 'ok' | 'error', response: unknown): void {
  if (!viewJoinChannel.hasSubscribers) return;
  const facts = joins.get(channel);
  publishRefusalOrJoin(channel.topic, channel.joinRef, facts, status, reasonOf(response));
}

/**
 * Publishes a join refused before it had a channel (stale token, unknown route, failed topic).
 * @internal
 */
export function publishRefusal(port: Pid, topic: string, joinRef: string, reason: string): void {
  if (!viewJoinChannel.hasSubscribers) return;
  publishRefusalOrJoin(
    topic,
    joinRef,
    { route: undefined, view: undefined, port },
    'error',
    reason,
  );
}

/**
 * Publishes that a channel went away.
 * @internal
 */
export function publishLeave(channel: Channel, port: Pid): void {
  if (!viewLeaveChannel.hasSubscribers) return;
  const facts = joins.get(channel);
  viewLeaveChannel.publish({
    topic: channel.topic,
    joinRef: channel.joinRef,
    route: facts?.route,
    view: facts?.view,
    pid: channel.view,
    port,
  });
}

function publishRefusalOrJoin(
  topic: string,
  joinRef: string,
  facts: { route: string | undefined; view: string | undefined; port: Pid } | undefined,
  status: 'ok' | 'error',
  reason: string | undefined,
): void {
  viewJoinChannel.publish({
    topic,
    joinRef,
    route: facts?.route,
    view: facts?.view,
    status,
    reason,
    port: facts?.port,
  });
}

/** `join crashed`, `stale`, or `redirect` / `live_redirect` for a join that navigated away. */
function reasonOf(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const { reason } = response as { reason?: unknown };
  if (typeof reason === 'string') return reason;
  if ('redirect' in response) return 'redirect';
  if ('live_redirect' in response) return 'live_redirect';
  return undefined;
}
