/**
 * What views and their supervisors tell a port, turned into frames:
 *
 *   lv:mounted     first time: the join's ok reply {rendered, liveview_version, live_patch?};
 *                  after a restart: a `diff` push of the complete render
 *   lv:join_error  the join's error reply (redirect / live_redirect during mount)
 *   lv:reply       the reply to that ref;  lv:push  a push;  lv:close  phx_close
 *   lv:child_*     a parent's answer to a nested view's join (nested-join.ts)
 *   EXIT (view)    abnormal: the channel waits for the restart (pending refs answered {})
 *   DOWN (its supervisor) abnormal: past intensity -> phx_error {reason: "view_failed"}
 *
 * Flash objects in redirects, and the upload grants of a preflight reply, are signed into tokens
 * here (views/port.ts leaves that to the port).
 */
import { type DownMessage, type ExitMessage, isNormalish } from '../actors/index.js';
import type { ViewOutput } from '../views/port.js';
import type { Channel } from './channel.js';
import { isPlainObject } from './event-params.js';
import {
  onChildRefused,
  onChildStarted,
  orphanChildren,
  startWaitingChildren,
} from './nested-join.js';
import {
  channelOfMonitor,
  channelOfView,
  current,
  end,
  forget,
  type PortState,
  without,
} from './port-state.js';
import type { TokenSigner } from './token.js';
import { signGrants } from './upload-channel.js';

/** The version the join reply reports; the official client only warns when it differs. */
const LIVEVIEW_VERSION = '1.2.12';

/**
 * Handles one message of a view of this port.
 * @internal
 */
export function onViewOutput(msg: ViewOutput, state: PortState): void {
  // Even for a channel gone meanwhile: its child supervisor must then be stopped.
  if (msg.type === 'lv:child_started') {
    onChildStarted(msg, state);
    return;
  }
  const channel = current(state, msg.topic, msg.joinRef);
  if (channel === undefined) return;
  const flash = state.context.tokens.flash;
  switch (msg.type) {
    case 'lv:mounted': {
      if (channel.status === 'joining') {
        const response: Record<string, unknown> = {
          rendered: msg.rendered,
          liveview_version: LIVEVIEW_VERSION,
        };
        if (msg.livePatch !== undefined) response.live_patch = msg.livePatch;
        channel.joinReply('ok', response);
      } else {
        // A restarted view: its complete render (root `s`) replaces the client's whole cache.
        channel.push('diff', msg.rendered);
      }
      channel.mounted(msg.pid, state.paused);
      startWaitingChildren(channel, state);
      return;
    }
    case 'lv:join_error':
      onJoinError(channel, signFlash(msg.response, flash), state);
      return;
    case 'lv:reply':
      channel.replied(
        msg.ref,
        signGrants(signFlash(msg.response, flash), state.self, state.context),
      );
      return;
    case 'lv:push':
      channel.push(
        msg.event,
        isNavigation(msg.event) ? signFlash(msg.payload, flash) : msg.payload,
      );
      return;
    case 'lv:close':
      channel.sendClose();
      end(channel, state);
      return;
    case 'lv:child_refused':
      onChildRefused(msg, state);
      return;
  }
}

function onJoinError(channel: Channel, response: Record<string, unknown>, state: PortState): void {
  if (channel.status === 'joining') {
    channel.joinReply('error', response);
  } else {
    // A restarted view navigated away during its mount: tell the client as a push would.
    const target = response.redirect ?? response.live_redirect;
    if (target !== undefined)
      channel.push(response.redirect ? 'redirect' : 'live_redirect', target);
    channel.sendClose();
  }
  end(channel, state);
}

/**
 * A view process exited: a crash (the supervisor restarts it) or an end of its own.
 * @internal
 */
export function onViewExit(msg: ExitMessage, state: PortState): void {
  // A view that was replaced (restarted, remounted) or whose channel is gone finds none.
  const channel = channelOfView(state, msg.from);
  if (channel === undefined) return;
  if (!isNormalish(msg.reason)) {
    channel.crashed();
    orphanChildren(channel, state);
    return;
  }
  // Ended on its own without lv:close (a transient child is not restarted): close the topic.
  channel.sendClose();
  end(channel, state);
}

/**
 * A view supervisor exited: past its intensity (abnormal) or after its view ended (normal).
 * @internal
 */
export function onSupervisorDown(msg: DownMessage, state: PortState): void {
  const channel = channelOfMonitor(state, msg.ref);
  if (channel === undefined) return;
  // It exited by itself: there is nothing left for the port to stop.
  if (channel.sup !== undefined) state.sups = without(state.sups, channel.sup);
  if (channel.status === 'joining') {
    channel.joinReply('error', { reason: 'join crashed' });
  } else if (isNormalish(msg.reason)) {
    // Its view ended on its own (the supervisor then stops 'normal'): the topic is closed.
    channel.sendClose();
  } else {
    channel.sendError('view_failed');
    state.failed ??= new Set();
    state.failed.add(channel.topic);
  }
  channel.abandon();
  forget(state, channel);
}

function isNavigation(event: string): boolean {
  return event === 'redirect' || event === 'live_redirect';
}

const NAVIGATIONS = ['redirect', 'live_redirect'] as const;

/**
 * Replaces the `flash` object of a redirect or live_redirect (a reply, a join error or a push
 * payload) by a signed token, which is all the client carries back (PROTOCOL.md 2.4, 4).
 */
function signFlash<T>(value: T, signer: TokenSigner): T {
  if (!isPlainObject(value)) return value;
  if (isPlainObject(value.flash)) return withToken(value, signer) as T;
  for (const key of NAVIGATIONS) {
    const nav = value[key];
    if (isPlainObject(nav) && isPlainObject(nav.flash)) {
      return { ...value, [key]: withToken(nav, signer) } as T;
    }
  }
  return value;
}

function withToken(
  nav: Readonly<Record<string, unknown>>,
  signer: TokenSigner,
): Record<string, unknown> {
  const { flash, ...rest } = nav;
  return Object.keys(flash as object).length === 0 ? rest : { ...rest, flash: signer.sign(flash) };
}
