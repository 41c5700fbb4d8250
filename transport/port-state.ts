/**
 * The state of a connection process (channels.ts) and the bookkeeping every part of it shares:
 * which channel a view, a supervisor monitor or a topic belongs to, and how a channel is let go.
 *
 * A channel is *forgotten* (no longer found by topic, view or monitor) the moment it ends, so a
 * late message about it is dropped; its view supervisor is *stopped* in the background (the
 * view's terminate runs), and the connection's terminate waits for the stops still running.
 *
 * @example
 * forget(state, channel);
 * void stopView(state, channel);
 */
import { DynamicSupervisor } from '../actors/dynamic-supervisor.js';
import type { Pid } from '../actors/pid.js';
import type { Channel } from './channel.js';
import type { Connection } from './connection.js';
import type { LiveContext } from './context.js';

/**
 * The connection process's state.
 *
 * @example
 * state.channels.get('lv:phx-1')?.input(input);
 * @internal
 */
export interface PortState {
  readonly conn: Connection;
  readonly context: LiveContext;
  readonly self: Pid;
  readonly channels: Map<string, Channel>;
  readonly byView: Map<Pid, Channel>;
  readonly bySup: Map<string, Channel>;
  /** Topics whose view failed past its intensity on this socket. */
  readonly failed: Set<string>;
  /** Every view supervisor this connection started and has not stopped yet. */
  readonly sups: Set<Pid>;
  /** Starts not yet settled; terminate waits for them so no supervisor outlives the socket. */
  readonly starting: Set<Promise<unknown>>;
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
    channels: new Map(),
    byView: new Map(),
    bySup: new Map(),
    failed: new Set(),
    sups: new Set(),
    starting: new Set(),
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
  if (state.channels.get(channel.topic) === channel) state.channels.delete(channel.topic);
  if (channel.view !== undefined && state.byView.get(channel.view) === channel) {
    state.byView.delete(channel.view);
  }
  if (channel.supMonitor !== undefined) {
    state.context.system.demonitor(channel.supMonitor);
    state.bySup.delete(channel.supMonitor);
    channel.supMonitor = undefined;
  }
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
  if (!state.sups.delete(sup)) return;
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
  const channel = state.channels.get(topic);
  return channel?.joinRef === joinRef ? channel : undefined;
}
