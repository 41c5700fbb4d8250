/**
 * Joining a channel: starting a view for a `phx_join`, in two steps so the port's mailbox never
 * waits:
 *
 *   joinChannel()  verify (join-verification.ts), create the Channel, ask the server's
 *                  DynamicSupervisor for a per-view supervisor; the answer comes back as a message
 *   onStarted()    remember and monitor that supervisor (or stop it, if the channel is gone)
 *
 * The view may mount (and send `lv:mounted`) before `join:started` arrives; the two are
 * independent. A topic joined again first has its old instance closed (`phx_close` with the old
 * join ref), as Phoenix does; a topic whose view failed past its intensity on this socket is
 * refused with "join crashed", so the official client stops retrying and reloads with jitter.
 * A socket holds at most `maxViewsPerSocket` channels: one more is refused with "too many views".
 */
import { DynamicSupervisor, type Pid } from '../actors/index.js';
import type { ViewStart } from '../views/port.js';
import { liveViewChildSpec } from '../views/view-supervisor.js';
import { Channel } from './channel.js';
import { type Frame, maxChunkBytes } from './frame.js';
import { verifyJoin } from './join-verification.js';
import { isNestedJoin, joinNested } from './nested-join.js';
import { channelOf, current, end, type PortState, stopSupervisor } from './port-state.js';
import { publishRefusal, rememberJoin } from './telemetry.js';

/**
 * How a view start ended, sent by the start's promise to the port.
 * @internal
 */
export type StartResult =
  | {
      readonly type: 'join:started';
      readonly topic: string;
      readonly joinRef: string;
      readonly sup: Pid;
    }
  | { readonly type: 'join:start_failed'; readonly topic: string; readonly joinRef: string };

/**
 * Handles a `phx_join`: refuses it with an error reply, or starts the view.
 * @internal
 */
export function joinChannel(frame: Frame, state: PortState): void {
  const { conn, context } = state;
  const { topic, ref } = frame;
  if (ref === null) return;
  const old = channelOf(state, topic);
  if (old !== undefined) {
    old.sendClose();
    end(old, state);
  }
  if (state.failed?.has(topic)) {
    conn.reply(ref, ref, topic, 'error', { reason: 'join crashed' });
    publishRefusal(state.self, topic, ref, 'join crashed');
    return;
  }
  if (state.channels.length >= context.options.maxViewsPerSocket) {
    conn.reply(ref, ref, topic, 'error', { reason: 'too many views' });
    return;
  }
  if (isNestedJoin(frame.payload)) {
    const sticky = joinNested(frame, ref, state);
    if (sticky !== undefined) startView(state, sticky);
    return;
  }
  const verdict = verifyJoin(topic, frame.payload, context);
  if (!verdict.ok) {
    conn.reply(ref, ref, topic, 'error', { reason: verdict.reason });
    publishRefusal(state.self, topic, ref, verdict.reason);
    return;
  }
  const channel = new Channel(topic, ref, conn, context.system);
  const { route, view } = verdict.grant;
  rememberJoin(channel, () => ({ route, view: view.name, port: state.self }));
  state.channels = state.channels.concat(channel);
  startView(state, {
    ...verdict.grant,
    topic,
    joinRef: ref,
    port: state.self,
    pubsub: context.pubsub,
    resolve: context.resolve,
    nested: context.childTokens,
    connectInfo: state.connectInfo,
    maxChunkBytes: maxChunkBytes(context.options.maxFrameBytes),
  });
}

/**
 * Starts the view of a channel just created, under its own supervisor in the server's `views`
 * DynamicSupervisor; the outcome comes back to the port as a {@link StartResult}.
 * @internal
 */
export function startView(state: PortState, start: ViewStart): void {
  const { context } = state;
  const { topic, joinRef: ref } = start;
  const { system } = context;
  const self = state.self;
  const started = context.views
    .then((views) =>
      DynamicSupervisor.startChild(
        system,
        views,
        liveViewChildSpec(start, context.options.restart),
      ),
    )
    .then(
      (sup) => {
        state.sups = state.sups.concat(sup);
        system.send(self, { type: 'join:started', topic, joinRef: ref, sup });
      },
      () => system.send(self, { type: 'join:start_failed', topic, joinRef: ref }),
    )
    .finally(() => {
      state.starting?.delete(started);
      if (state.starting?.size === 0) state.starting = undefined;
    });
  state.starting ??= new Set();
  state.starting.add(started);
}

/**
 * The view's supervisor is up: monitor it, or stop it if its channel is gone.
 * @internal
 */
export function onStarted(
  msg: Extract<StartResult, { type: 'join:started' }>,
  state: PortState,
): void {
  const channel = current(state, msg.topic, msg.joinRef);
  const { system } = state.context;
  if (channel === undefined) {
    // The client left (or joined again) before the view was up: stop the orphan.
    void stopSupervisor(state, msg.sup);
    return;
  }
  channel.sup = msg.sup;
  channel.supMonitor = system.monitor(state.self, msg.sup);
}

/**
 * The view's supervisor could not start: the join fails.
 * @internal
 */
export function onStartFailed(
  msg: Extract<StartResult, { type: 'join:start_failed' }>,
  state: PortState,
) {
  const channel = current(state, msg.topic, msg.joinRef);
  if (channel === undefined) return;
  channel.joinReply('error', { reason: 'join crashed' });
  end(channel, state);
}
