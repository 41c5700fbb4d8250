/**
 * The state of a connection process (channels.ts) and the bookkeeping every part of it shares:
 * which channel a view, a supervisor monitor or a topic belongs to, and how a channel is let go.
 *
 * A channel is *forgotten* (no longer found by topic, view or monitor) the moment it ends, so a
 * late message about it is dropped; its view supervisor is *stopped* in the background (the
 * view's terminate runs), and the connection's terminate waits for the stops still running.
 *
 * Memory: a socket usually holds one channel, and a server thousands of sockets, while a Map or
 * a Set costs 150-190 bytes even when it holds one entry. So the channels and the supervisors
 * are short arrays, found by a scan (by topic, view or monitor), and replaced by an exactly
 * sized copy on each change, which only joins and leaves make (a `push` would reserve 17
 * slots); the sets that are usually empty are created when first needed.
 *
 * @example
 * forget(state, channel);
 * void stopView(state, channel);
 */
import { DynamicSupervisor, type MonitorRef, type Pid } from '../actors/index.js';
import type { Channel } from './channel.js';
import type { Connection } from './connection.js';
import type { LiveContext } from './context.js';

/**
 * The connection process's state.
 *
 * @example
 * channelOf(state, 'lv:phx-1')?.input(input);
 * @internal
 */
export interface PortState {
  readonly conn: Connection;
  readonly context: LiveContext;
  readonly self: Pid;
  /** The joined channels, one per topic (copied on change, see above). */
  channels: readonly Channel[];
  /** Topics whose view failed past its intensity on this socket; created by the first. */
  failed: Set<string> | undefined;
  /** Every view supervisor this connection started and has not stopped yet (copied on change). */
  sups: readonly Pid[];
  /**
   * Starts not yet settled; terminate waits for them so no supervisor outlives the socket.
   * Undefined when there are none (most of a connection's life).
   */
  starting: Set<Promise<unknown>> | undefined;
  paused: boolean;
}

/**
 * A fresh state for the connection process `self`.
 *
 * @example
 * init({ conn, context }, ctx) { return createPortState(conn, context, ctx.self); }
 * @internal
 */
export function createPortState(conn: Connection, context: LiveContext, self: Pid): PortState {
  return {
    conn,
    context,
    self,
    channels: [],
    failed: undefined,
    sups: [],
    starting: undefined,
    paused: false,
  };
}

/**
 * Ends a channel whose view stopped by itself or navigated away.
 *
 * @example
 * end(channel, state);
 * @internal
 */
export function end(channel: Channel, state: PortState): void {
  channel.abandon();
  forget(state, channel);
  void stopView(state, channel);
}

/**
 * Drops every reference to a channel; its supervisor's DOWN is no longer wanted.
 *
 * @example
 * forget(state, channel);
 * @internal
 */
export function forget(state: PortState, channel: Channel): void {
  state.channels = without(state.channels, channel);
  if (channel.supMonitor !== undefined) {
    state.context.system.demonitor(channel.supMonitor);
    channel.supMonitor = undefined;
  }
}

/**
 * The channel whose mounted view is `view`.
 *
 * @example
 * const channel = channelOfView(state, msg.from);
 * @internal
 */
export function channelOfView(state: PortState, view: Pid): Channel | undefined {
  for (const channel of state.channels) if (channel.view === view) return channel;
  return undefined;
}

/**
 * The channel whose view supervisor is watched by `monitor`.
 *
 * @example
 * const channel = channelOfMonitor(state, msg.ref);
 * @internal
 */
export function channelOfMonitor(state: PortState, monitor: MonitorRef): Channel | undefined {
  for (const channel of state.channels) {
    if (channel.supMonitor === monitor) return channel;
  }
  return undefined;
}

/**
 * Stops a channel's view supervisor, if it is known yet (else onStarted stops it).
 *
 * @example
 * void stopView(state, channel);
 * @internal
 */
export function stopView(state: PortState, channel: Channel): Promise<void> {
  const sup = channel.sup;
  channel.sup = undefined;
  return sup === undefined ? Promise.resolve() : stopSupervisor(state, sup);
}

/**
 * Stops a view supervisor (the view's terminate runs); never rejects.
 *
 * @example
 * await stopSupervisor(state, sup);
 * @internal
 */
export async function stopSupervisor(state: PortState, sup: Pid): Promise<void> {
  if (!state.sups.includes(sup)) return;
  state.sups = without(state.sups, sup);
  const { system, views } = state.context;
  try {
    await DynamicSupervisor.terminateChild(system, await views, sup);
  } catch {
    // Already gone (it failed, or the system is shutting down): nothing left to stop.
  }
}

/**
 * The channel of `topic` if it is still the instance `joinRef` opened.
 *
 * @example
 * const channel = current(state, msg.topic, msg.joinRef);
 * @internal
 */
export function current(state: PortState, topic: string, joinRef: string): Channel | undefined {
  const channel = channelOf(state, topic);
  return channel?.joinRef === joinRef ? channel : undefined;
}

/**
 * The channel of `topic`, if joined.
 *
 * @example
 * channelOf(state, frame.topic)?.input(input);
 * @internal
 */
export function channelOf(state: PortState, topic: string): Channel | undefined {
  for (const channel of state.channels) if (channel.topic === topic) return channel;
  return undefined;
}

/**
 * `list` without `item`: an exactly sized copy, or `list` itself if `item` is not in it.
 *
 * @example
 * state.sups = without(state.sups, sup);
 * @internal
 */
export function without<T>(list: readonly T[], item: T): readonly T[] {
  const at = list.indexOf(item);
  return at < 0 ? list : list.toSpliced(at, 1);
}
