/**
 * The process that hosts one connected live view (started under its per-view supervisor, see
 * view-supervisor.ts).
 *
 * `init` is cheap: it traps exits, links to the port and sends itself the mount message, so a
 * supervisor's `startChild` returns at once and a mount that throws is an ordinary crash the
 * supervisor restarts (the port then sees a second `lv:mounted`). Every later message is one of:
 *
 * - the mount message (always first in the mailbox);
 * - a {@link ViewInput} from the port;
 * - `EXIT` from the port (the connection ended): stop 'shutdown', so `terminate` runs and the
 *   process's PubSub subscriptions and timers go with it; from the supervisor of one of its
 *   nested views (child-views.ts): that child ended, the view carries on; an abnormal `EXIT`
 *   from any other linked process ends the view with that reason, as it would without trapping;
 * - the result of an async work;
 * - an upload process's news (views/uploads/upload-messages.ts), or the DOWN of one;
 * - anything else: the user's `handleInfo`.
 *
 * `system.call(pid, { type: 'lv:html' })` answers the page's current HTML (for tests); an upload
 * process registers its entry with a call too.
 */
import {
  type AnyBehaviour,
  type Behaviour,
  type Context,
  type DownMessage,
  isAbnormal,
  isExitMessage,
} from '../actors/index.js';
import { ComponentUpdate } from './component-update.js';
import { isLiveView } from './live-view.js';
import { isViewInput, type ViewStart } from './port.js';
import { isViewUploadMessage, type ViewUploadMessage } from './uploads/upload-messages.js';
import { ViewRuntime } from './view-runtime.js';

const MOUNT: unique symbol = Symbol('lv:mount');

/**
 * The calls a view process answers: `{ type: 'lv:html' }` -> the page as an HTML string; with
 * `componentIds: true` each live component's root carries `data-phx-component`, as in the
 * browser's DOM.
 *
 * @example
 * const page = await system.call<string>(viewPid, { type: 'lv:html' } satisfies ViewCall);
 */
export type ViewCall = { readonly type: 'lv:html'; readonly componentIds?: boolean };

const behaviour: Behaviour<ViewRuntime, ViewStart, ViewCall | ViewUploadMessage, unknown> = {
  init(start, ctx) {
    if (!isLiveView(start?.view)) {
      throw new TypeError('view process: start.view must be a value defineLiveView returned');
    }
    // Its nested views run this same behaviour (child-views.ts).
    const runtime = new ViewRuntime(start, start.view, ctx, viewBehaviour);
    ctx.trapExit(true);
    ctx.system.link(ctx.self, start.port);
    ctx.system.send(ctx.self, MOUNT);
    return runtime;
  },

  handleCall(msg, _from, runtime) {
    if (msg?.type === 'lv:upload_register') {
      return { reply: runtime.uploadRegister(msg), state: runtime };
    }
    if (msg?.type !== 'lv:html') throw new TypeError(`view process: unknown call ${String(msg)}`);
    return { reply: runtime.html(msg.componentIds === true), state: runtime };
  },

  async handleInfo(msg, runtime, ctx) {
    try {
      await dispatch(msg, runtime, ctx);
    } catch (error) {
      runtime.crashed(error);
      throw error;
    }
    return runtime;
  },

  async terminate(reason, runtime) {
    await runtime.terminate(reason);
  },

  name: 'LiveView',

  describeCrash(state, site) {
    // A crash in init leaves the start argument as the state: no runtime to ask yet.
    if (state instanceof ViewRuntime) return state.describeCrash(site);
    return { subject: 'live view process', during: site };
  },
};

/**
 * The behaviour of a view process; its `init` argument is the {@link ViewStart}. Start it with
 * `liveViewChildSpec` rather than directly, so that a crash restarts it. (Its state is private:
 * typed `unknown` here.)
 * @internal
 */
export const viewBehaviour = behaviour as unknown as AnyBehaviour<unknown, ViewStart>;

function isDown(msg: unknown): msg is DownMessage {
  return (msg as { type?: unknown } | null)?.type === 'DOWN' && 'ref' in (msg as object);
}

async function dispatch(msg: unknown, runtime: ViewRuntime, ctx: Context): Promise<void> {
  if (msg === MOUNT) return runtime.mount();
  if (isViewInput(msg)) return runtime.input(msg);
  // `from` too: a user's broadcast may also be typed 'EXIT', and belongs to handleInfo.
  if (isExitMessage(msg) && 'from' in msg) {
    if (msg.from === runtime.port) ctx.stop('shutdown');
    else if (runtime.childExited(msg.from)) return;
    else if (isAbnormal(msg.reason)) ctx.stop(msg.reason);
    return;
  }
  if (msg instanceof ComponentUpdate) return runtime.componentUpdate(msg);
  if (isViewUploadMessage(msg)) return runtime.upload(msg);
  if (isDown(msg)) {
    const handled = runtime.uploadDown(msg);
    if (handled !== undefined) return handled;
  }
  const done = runtime.async?.take(msg);
  if (done === null) return;
  if (done !== undefined) return runtime.asyncDone(done);
  return runtime.info(msg);
}
