/**
 * The join of a nested live view (PROTOCOL.md 2.5): a `phx_join` with neither `url` nor
 * `redirect`, whose session is a child token (child-tokens.ts), checked as a page's is (signed,
 * not too old, naming this very topic; its static token too).
 *
 *   sticky  started alone, as a page's view is (the caller starts the ViewStart returned): it
 *           outlives its parent's navigation
 *   nested  handed to the parent, whose channel must be on this socket (else `stale`): the
 *           port sends it `lv:start_child` once the parent's view is mounted (at once, or when
 *           it mounts or comes back from a crash), and the parent answers with the child's
 *           supervisor (`lv:child_started`) or a refusal (`lv:child_refused`)
 *
 * The child's supervisor is linked to its parent's view, so a parent's crash ends it: its
 * channel gets `phx_error` and the client joins it again, once the parent is back.
 *
 *   C  ["9","9","lv:basket","phx_join",{"params":{…},"session":"<child token>","static":null,"sticky":false}]
 *   port -> parent view   { type: 'lv:start_child', id: 'basket', topic: 'lv:basket', joinRef: '9', port, connectParams }
 *   parent view -> port   { type: 'lv:child_started', topic: 'lv:basket', joinRef: '9', sup }
 *   child view -> port    { type: 'lv:mounted', … }  ->  S ["9","9","lv:basket","phx_reply",{"status":"ok","response":{"rendered":…}}]
 */
import type { Params } from '../views/live-view.js';
import type { ViewInput, ViewOutput, ViewStart } from '../views/port.js';
import { Channel } from './channel.js';
import { verifyChildToken } from './child-tokens.js';
import { isJoinCsrfValid } from './csrf.js';
import { isPlainObject } from './event-params.js';
import { type Frame, LIVE_TOPIC_PREFIX, maxChunkBytes } from './frame.js';
import { isWithinBounds } from './join-verification.js';
import { channelOf, current, end, type PortState, without } from './port-state.js';

type ChildStarted = Extract<ViewOutput, { type: 'lv:child_started' }>;
type ChildRefused = Extract<ViewOutput, { type: 'lv:child_refused' }>;

/**
 * True for the join of a nested or sticky view: the official client sends `url` only for
 * views mounted at the router, and `redirect` only for live navigation.
 * @internal
 */
export function isNestedJoin(payload: Readonly<Record<string, unknown>>): boolean {
  return payload.url === undefined && payload.redirect === undefined;
}

/**
 * Handles a nested join (see the module doc); returns the start of a sticky view for the
 * caller to start, else undefined.
 * @internal
 */
export function joinNested(frame: Frame, ref: string, state: PortState): ViewStart | undefined {
  const { conn, context } = state;
  const { topic, payload } = frame;
  const id = topic.slice(LIVE_TOPIC_PREFIX.length);
  if (!isWithinBounds(payload, context.options.maxJoinParamsBytes)) {
    conn.reply(ref, ref, topic, 'error', { reason: 'join too large' });
    return undefined;
  }
  const claims = verifyChildToken(
    payload.session,
    context.tokens.child,
    context.options.tokenMaxAgeMs,
    context.sticky,
  );
  if (claims === undefined || claims.id !== id || !isStaticValid(payload.static, id, state)) {
    conn.reply(ref, ref, topic, 'error', { reason: 'stale' });
    return undefined;
  }
  // A sticky view joins without its parent, so it proves its page as a page's view does; a
  // nested one is vouched for by its parent's channel on this socket.
  if (claims.sticky && !isJoinCsrfValid(payload.params, undefined, context)) {
    conn.reply(ref, ref, topic, 'error', { reason: 'stale' });
    return undefined;
  }
  const connectParams: Params = isPlainObject(payload.params) ? payload.params : {};
  const parentTopic = LIVE_TOPIC_PREFIX + claims.parent;
  const parent = claims.sticky ? undefined : channelOf(state, parentTopic);
  if (!claims.sticky && parent === undefined) {
    // The page that rendered it is not joined on this socket: the client's page is stale.
    conn.reply(ref, ref, topic, 'error', { reason: 'stale' });
    return undefined;
  }
  const channel = new Channel(topic, ref, conn, context.system);
  state.channels = state.channels.concat(channel);
  if (claims.sticky) {
    return {
      view: claims.view,
      topic,
      joinRef: ref,
      port: state.self,
      params: {},
      session: claims.session,
      url: claims.url,
      connectParams,
      flash: {},
      pubsub: context.pubsub,
      resolve: context.resolve,
      nested: context.childTokens,
      connectInfo: state.connectInfo,
      maxChunkBytes: maxChunkBytes(context.options.maxFrameBytes),
    };
  }
  channel.parentTopic = parentTopic;
  channel.childStart = {
    type: 'lv:start_child',
    id,
    topic,
    joinRef: ref,
    port: state.self,
    connectParams,
  };
  if (parent?.status === 'joined') startWaitingChildren(parent, state);
  return undefined;
}

/**
 * A view mounted (first or after a restart): hands it the joins of its children waiting for it.
 * @internal
 */
export function startWaitingChildren(parent: Channel, state: PortState): void {
  const view = parent.view;
  if (view === undefined) return;
  for (const channel of state.channels) {
    const start: ViewInput | undefined = channel.childStart;
    if (channel.parentTopic !== parent.topic || start === undefined) continue;
    channel.childStart = undefined;
    state.context.system.send(view, start);
  }
}

/**
 * A view crashed: its children's supervisors end with it, by the link (with its reason). Their
 * channels get `phx_error`, so the client joins them again; a join still waiting for the
 * parent keeps waiting for its restart. The port stops nothing here, and keeps watching each
 * child's supervisor until it is down: its end is heard (no "unheard crash"), then dropped.
 * @internal
 */
export function orphanChildren(parent: Channel, state: PortState): void {
  for (const channel of state.channels) {
    if (channel.parentTopic !== parent.topic || channel.childStart !== undefined) continue;
    if (channel.status !== 'joining') channel.sendError('parent_crashed');
    channel.abandon();
    state.channels = without(state.channels, channel);
    if (channel.sup !== undefined) state.sups = without(state.sups, channel.sup);
  }
}

/**
 * The parent started a child's supervisor: watch it as a page's, or stop it if its channel is
 * gone meanwhile.
 * @internal
 */
export function onChildStarted(msg: ChildStarted, state: PortState): void {
  const { system } = state.context;
  const channel = current(state, msg.topic, msg.joinRef);
  if (channel === undefined) {
    system.exit(msg.sup, 'shutdown');
    return;
  }
  state.sups = state.sups.concat(msg.sup);
  channel.sup = msg.sup;
  channel.supMonitor = system.monitor(state.self, msg.sup);
}

/**
 * The parent renders no such child: the join fails (the client retries, then gives up).
 * @internal
 */
export function onChildRefused(msg: ChildRefused, state: PortState): void {
  const channel = current(state, msg.topic, msg.joinRef);
  if (channel === undefined) return;
  channel.joinReply('error', { reason: msg.reason });
  end(channel, state);
}

/** A child's static token, like a page's: absent, or ours and naming this id. */
function isStaticValid(token: unknown, id: string, state: PortState): boolean {
  if (token === null || token === undefined || token === '') return true;
  const { tokens, options } = state.context;
  try {
    const data = tokens.static.verify(token, options.tokenMaxAgeMs);
    return isPlainObject(data) && data.id === id;
  } catch {
    return false;
  }
}
