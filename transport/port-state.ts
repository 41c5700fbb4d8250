/**
 * The state of a port (port.ts) and the bookkeeping every part of it shares: which channel a
 * view, a supervisor monitor or a topic belongs to, and how a channel is let go.
 *
 * A channel is *forgotten* (no longer found by topic, view or monitor) the moment it ends, so a
 * late message about it is dropped; its view supervisor is *stopped* in the background (the
 * view's terminate runs). The port's terminate waits for the starts still in flight, then stops
 * every supervisor it has not stopped yet.
 *
 * Memory: a socket usually holds one channel, and a server thousands of sockets, while a Map or
 * a Set costs 150-190 bytes even when it holds one entry. So the channels and the supervisors
 * are short arrays, found by a scan (by topic, view or monitor), and replaced by an exactly
 * sized copy on each change, which only joins and leaves make (a `push` would reserve 17
 * slots); the sets that are usually empty are created when first needed.
 */
import { DynamicSupervisor, type MonitorRef, type Pid } from '../actors/index.js';
import type { ConnectInfo } from '../views/connect-info.js';
import type { Channel } from './channel.js';
import type { Connection } from './connection.js';
import type { LiveContext } from './context.js';
import { publishLeave } from './telemetry.js';
import type { UploadChannel } from './upload-channel.js';

/**
 * The state of a port.
 * @internal
 */
export interface PortState {
  readonly conn: Connection;
  readonly context: LiveContext;
  readonly self: Pid;
  /** What the views of this connection learn of it (`getConnectInfo`); shared by all. */
  readonly connectInfo: ConnectInfo;
  /** The joined channels, one per topic (copied on change, see above). */
  channels: readonly Channel[];
  /** Topics whose view failed past its intensity on this socket; created by the first. */
  failed: Set<string> | undefined;
  /** Every view supervisor this port started and has not stopped yet (copied on change). */
  sups: readonly Pid[];
  /**
   * Starts not yet settled; terminate waits for them so no supervisor outlives the socket.
   * Undefined when there are none (most of a port's life).
   */
  starting: Set<Promise<unknown>> | undefined;
  paused: boolean;
  /** The upload topics (`lvu:`) being uploaded on; undefined while there are none. */
  uploads: readonly UploadChannel[] | undefined;
}

/**
 * A fresh state for the port `self`.
 * @internal
 */
export function createPortState(
  conn: Connection,
  context: LiveContext,
  self: Pid,
  connectInfo: ConnectInfo,
): PortState {
  return {
    conn,
    context,
    self,
    connectInfo,
    channels: [],
    failed: undefined,
    sups: [],
    starting: undefined,
    paused: false,
    uploads: undefined,
  };
}

/**
 * Ends a channel for good (left, joined again, or its view stopped, navigated away or never
 * started): answers what it still owes, forgets it, stops its view in the background.
 * @internal
 */
export function end(channel: Channel, state: PortState): void {
  channel.abandon();
  forget(state, channel);
  void stopView(state, channel);
  // Nested joins still waiting for this channel's view will not get it.
  for (const other of state.channels) {
    if (other.parentTopic === channel.topic && other.childStart !== undefined) end(other, state);
  }
}

/**
 * Drops every reference to a channel; its supervisor's DOWN is no longer wanted.
 * @internal
 */
export function forget(state: PortState, channel: Channel): void {
  const before = state.channels;
  state.channels = without(before, channel);
  if (state.channels !== before) publishLeave(channel, state.self);
  if (channel.supMonitor !== undefined) {
    state.context.system.demonitor(channel.supMonitor);
    channel.supMonitor = undefined;
  }
}

/**
 * The channel whose mounted view is `view`.
 * @internal
 */
export function channelOfView(state: PortState, view: Pid): Channel | undefined {
  for (const channel of state.channels) if (channel.view === view) return channel;
  return undefined;
}

/**
 * The channel whose view supervisor is watched by `monitor`.
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
 * @internal
 */
export function stopView(state: PortState, channel: Channel): Promise<void> {
  const sup = channel.sup;
  channel.sup = undefined;
  return sup === undefined ? Promise.resolve() : stopSupervisor(state, sup);
}

/**
 * Stops a view supervisor (the view's terminate runs); never rejects.
 * @internal
 */
export async function stopSupervisor(state: PortState, sup: Pid): Promise<void> {
  if (!state.sups.includes(sup)) return;
  state.sups = without(state.sups, sup);
  const { system, views } = state.context;
  try {
    await DynamicSupervisor.terminateChild(system, await views, sup);
  } catch {
    // Not one of `views`' children: a nested view's, which its parent started (stopped from
    // outside, as its parent would). Or already gone (it failed, or the system is shutting
    // down): nothing left to stop.
    if (system.isAlive(sup)) {
      system.exit(sup, 'shutdown');
      await system.exited(sup);
    }
  }
}

/**
 * The channel of `topic` if it is still the instance `joinRef` opened.
 * @internal
 */
export function current(state: PortState, topic: string, joinRef: string): Channel | undefined {
  const channel = channelOf(state, topic);
  return channel?.joinRef === joinRef ? channel : undefined;
}

/**
 * The channel of `topic`, if joined.
 * @internal
 */
export function channelOf(state: PortState, topic: string): Channel | undefined {
  for (const channel of state.channels) if (channel.topic === topic) return channel;
  return undefined;
}

/**
 * `list` without `item`: an exactly sized copy, or `list` itself if `item` is not in it.
 * @internal
 */
export function without<T>(list: readonly T[], item: T): readonly T[] {
  const at = list.indexOf(item);
  return at < 0 ? list : list.toSpliced(at, 1);
}
