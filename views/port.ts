/**
 * The messages between a live view process and its transport port.
 *
 * views/ knows nothing of sockets: a view process talks to a *port*, any process that accepts
 * {@link ViewOutput} messages and sends {@link ViewInput} ones. The transport's port (its process per connection)
 * is the port for every view joined over one WebSocket; `views/testing` has a port of its own.
 *
 * A view is started with a {@link ViewStart}. It links itself to `port`, mounts, and reports
 * `lv:mounted` with its complete render; the same happens again after each restart by its
 * supervisor, so a port that sees a second `lv:mounted` for a channel it already joined pushes
 * that render as a `diff` (the root `s` makes the client replace everything). Every input that
 * carries a `ref` is answered by exactly one `lv:reply` with that ref, in input order (but for
 * the test-only `lv:await_async`), after any `lv:push` the input caused (PROTOCOL.md 3.7: a `live_patch` push comes before the reply).
 * Every output carries the `topic` and `joinRef` of the start, so a port drops what a view of an
 * older join of the same topic still sends.
 *
 * Wire values stay in protocol spelling (`live_redirect`, `live_patch`); the only thing a port
 * must still do to an output before it is a frame is to sign any `flash` object into a token.
 *
 * @example
 * // a port's handleInfo, reduced:
 * if (msg.type === 'lv:reply') ws.send(JSON.stringify([msg.joinRef, msg.ref, msg.topic, 'phx_reply', { status: 'ok', response: msg.response }]));
 */

import type { Pid, PubSub } from '../actors/index.js';
import type { ChildTokens } from './child-tokens.js';
import type { ConnectInfo } from './connect-info.js';
import type { OnMount } from './lifecycle.js';
import type { Flash, Params, Session } from './live-view.js';
import { hasTypeIn } from './message-kind.js';
import type { UploadGrant } from './uploads/upload-messages.js';
import type { WireDiff } from './wire.js';

/**
 * Resolves a URL to the live view that serves it and its params; undefined if none does.
 *
 * @example
 * const resolve: UrlResolver = (url) => url.pathname === '/' ? { view: Counter, params: {} } : undefined;
 */
export type UrlResolver = (
  url: URL,
) => { readonly view: unknown; readonly params: Params } | undefined;

/**
 * What a view process is started with; the same object again on every restart.
 *
 * @example
 * const start: ViewStart = { view: Counter, topic: 'lv:phx-1', joinRef: '4', port, params: {},
 *   session: {}, url: 'http://localhost/', connectParams: {}, flash: {}, pubsub, resolve };
 */
export interface ViewStart {
  /** The LiveView (the value `defineLiveView` returned). Typed loosely here to keep this file
   * free of the view types; the view process checks it. */
  readonly view: unknown;
  /** The channel topic, `lv:<container id>`. */
  readonly topic: string;
  /** The ref of the `phx_join` that opened this channel; stamped on every output. */
  readonly joinRef: string;
  /** The process that receives {@link ViewOutput}; the view links to it. */
  readonly port: Pid;
  /** Route params merged with the URL's query params. */
  readonly params: Params;
  readonly session: Session;
  /** The page URL the view was joined at (absolute). */
  readonly url: string;
  /** The join's `params` (LiveView's `get_connect_params`), reserved `_` keys included. */
  readonly connectParams: Params;
  /** Flash carried over from the dead render or a redirect. */
  readonly flash: Flash;
  readonly pubsub: PubSub;
  /** Resolves `pushPatch` targets and client `live_patch` URLs (same view: handleParams;
   * another view or none: a live navigation instead). */
  readonly resolve: UrlResolver;
  /** The route pattern that matched (`/events/:id`), for logs and telemetry; default: the URL's path. */
  readonly route?: string | undefined;
  /** The largest upload chunk the transport takes in one frame: `allowUpload` refuses a
   * larger `chunkSize`. Absent: no limit of the port's own. */
  readonly maxChunkBytes?: number;
  /** Signs the containers of the views this one renders with `liveRender`; without it, a
   * `liveRender` in its template is a TemplateError. */
  readonly nested?: ChildTokens | undefined;
  /**
   * Hooks that run before `mount`, in order (a live session's): each may assign, or redirect
   * and halt, and then the join is answered with that redirect.
   */
  readonly onMount?: readonly OnMount[] | undefined;
  /** The connection the view is served over (`getConnectInfo`); nested views share their page's. */
  readonly connectInfo?: ConnectInfo | undefined;
  /** The parent view of a nested (not sticky) view: its `socket.parentPid`. */
  readonly parent?: Pid | undefined;
  /**
   * Keep what the view's streams rendered, so that `lv:html` shows their items as the page
   * does (for `views/testing`; the memory then grows with the streams).
   * @internal
   */
  readonly recordStreams?: boolean | undefined;
}

/**
 * How a navigation changes history: LiveView's `replace: true` is `'replace'`.
 *
 * @example
 * const kind: NavigationKind = 'replace'; // socket.pushPatch('/p?page=2', { replace: true })
 */
export type NavigationKind = 'push' | 'replace';

/**
 * `redirect` push / reply: a full page load. `flash` is signed into a token by the port.
 *
 * @example
 * const payload: RedirectPayload = { to: '/login', flash: { error: 'Sign in first' } };
 */
export interface RedirectPayload {
  readonly to: string;
  readonly flash?: Flash;
}

/**
 * `live_redirect` push / reply: a live navigation to another view.
 *
 * @example
 * const payload: LiveRedirectPayload = { to: '/other', kind: 'push' };
 */
export interface LiveRedirectPayload {
  readonly to: string;
  readonly kind: NavigationKind;
  readonly flash?: Flash;
}

/**
 * `live_patch` push: same view, new URL (handleParams already ran).
 *
 * @example
 * const payload: LivePatchPayload = { to: '/p?page=2', kind: 'push' };
 */
export interface LivePatchPayload {
  readonly to: string;
  readonly kind: NavigationKind;
}

/**
 * The `response` of a reply to an event, a live_patch or a cids_* input (PROTOCOL.md 3.7).
 *
 * @example
 * const response: ReplyResponse = { diff: { '0': '1' } };
 */
export type ReplyResponse =
  | Record<string, never>
  | { readonly diff: WireDiff }
  | { readonly redirect: RedirectPayload }
  | { readonly live_redirect: LiveRedirectPayload }
  | { readonly link_redirect: true }
  | { readonly cids: readonly number[] }
  | PreflightResponse;

/**
 * The `config` of a preflight reply, in wire spelling.
 *
 * @example
 * const config: PreflightConfig = { max_file_size: 8e6, max_entries: 1, chunk_size: 64000, chunk_timeout: 10000 };
 */
export interface PreflightConfig {
  readonly max_file_size: number;
  readonly max_entries: number;
  readonly chunk_size: number;
  readonly chunk_timeout: number;
}

/**
 * The reply to an `allow_upload` (PROTOCOL.md 9): per entry a grant (signed into a token by the
 * port) or, for an external upload, the uploader's metadata, and the refused entries' errors; or,
 * when the upload as a whole is refused, the errors alone. A render the preflight caused travels
 * along as `diff`.
 *
 * @example
 * const ok: PreflightResponse = { ref: 'phx-F1', config, entries: { '0': grant }, errors: { '1': ['too_large'] } };
 * const refused: PreflightResponse = { ref: 'phx-F1', error: [['phx-F1', 'too_many_files']] };
 */
export type PreflightResponse =
  | {
      readonly ref: string;
      readonly config: PreflightConfig;
      readonly entries: Readonly<Record<string, UploadGrant | Readonly<Record<string, unknown>>>>;
      readonly errors: Readonly<Record<string, readonly unknown[]>>;
      readonly diff?: WireDiff;
    }
  | {
      readonly ref: string;
      readonly error: readonly (readonly [string, unknown])[];
      readonly diff?: WireDiff;
    };

/**
 * The error `response` of a join that did not mount (PROTOCOL.md 2.4).
 *
 * @example
 * const response: JoinErrorResponse = { redirect: { to: '/login' }, events: [['bye', {}]] };
 */
export type JoinErrorResponse =
  | {
      readonly redirect: RedirectPayload;
      readonly events?: readonly (readonly [string, unknown])[];
    }
  | {
      readonly live_redirect: LiveRedirectPayload;
      readonly events?: readonly (readonly [string, unknown])[];
    }
  | { readonly reason: string };

/**
 * A server push on the channel (PROTOCOL.md 4).
 *
 * @example
 * const push: ViewPush = { event: 'diff', payload: { '0': '3' } };
 */
export type ViewPush =
  | { readonly event: 'diff'; readonly payload: WireDiff }
  | { readonly event: 'redirect'; readonly payload: RedirectPayload }
  | { readonly event: 'live_redirect'; readonly payload: LiveRedirectPayload }
  | { readonly event: 'live_patch'; readonly payload: LivePatchPayload };

interface ChannelTag {
  readonly topic: string;
  readonly joinRef: string;
}

/**
 * View -> port.
 *
 * @example
 * const out: ViewOutput = { type: 'lv:reply', topic: 'lv:phx-1', joinRef: '4', ref: '7', response: {} };
 */
export type ViewOutput =
  | (ChannelTag & {
      readonly type: 'lv:mounted';
      /** The view process that mounted (a new pid after each restart). */
      readonly pid: Pid;
      /** The complete render (root `s`), for the join reply or the push after a restart. */
      readonly rendered: WireDiff;
      /** Set when mount/handleParams patched the URL: the join reply's `live_patch`. */
      readonly livePatch?: LivePatchPayload;
    })
  | (ChannelTag & { readonly type: 'lv:join_error'; readonly response: JoinErrorResponse })
  | (ChannelTag & {
      readonly type: 'lv:reply';
      readonly ref: string;
      readonly response: ReplyResponse;
    })
  | (ChannelTag & { readonly type: 'lv:push' } & ViewPush)
  /** The view navigated away and is stopping: the port sends `phx_close`. */
  | (ChannelTag & { readonly type: 'lv:close' })
  /**
   * A parent's answer to `lv:start_child`, tagged with the child's channel: the child's
   * supervisor runs (linked to the parent); its view reports to the port as any view does.
   */
  | (ChannelTag & { readonly type: 'lv:child_started'; readonly sup: Pid })
  /** The parent renders no nested view of that id: the child's join fails with `reason`. */
  | (ChannelTag & { readonly type: 'lv:child_refused'; readonly reason: string });

/**
 * One file as the client announces it, in a form event's `uploads` or a preflight
 * (PROTOCOL.md 9), converted from the wire's spelling.
 *
 * @example
 * const entry: ClientUploadEntry = { ref: '0', name: 'me.png', relativePath: '', size: 2048,
 *   type: 'image/png', lastModified: 1700000000000, meta: undefined };
 */
export interface ClientUploadEntry {
  readonly ref: string;
  readonly name: string;
  readonly relativePath: string;
  readonly size: number;
  readonly type: string;
  readonly lastModified: number | undefined;
  readonly meta: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A form event's tracked files, by upload ref.
 *
 * @example
 * const uploads: ClientUploads = { 'phx-F1': [entry] };
 */
export type ClientUploads = Readonly<Record<string, readonly ClientUploadEntry[]>>;

/**
 * Port -> view. Inputs with a `ref` get exactly one `lv:reply`.
 *
 * @example
 * system.send(view, { type: 'lv:event', ref: '7', event: 'inc', value: {} } satisfies ViewInput);
 */
export type ViewInput =
  | {
      readonly type: 'lv:event';
      readonly ref: string;
      readonly event: string;
      /** Already decoded: a form's urlencoded value is params here, `_target` a key path. */
      readonly value: unknown;
      /** The target live component, when the client sent one. */
      readonly cid?: number;
      /** A form change's tracked files (PROTOCOL.md 3.1); absent when the client sent none. */
      readonly uploads?: ClientUploads;
    }
  /** An upload's preflight (PROTOCOL.md 9): answered with tokens, config and errors. */
  | {
      readonly type: 'lv:allow_upload';
      readonly ref: string;
      readonly uploadRef: string;
      readonly entries: readonly ClientUploadEntry[];
      readonly cid?: number;
    }
  /** An entry's progress in percent, or the client's reason it failed. */
  | {
      readonly type: 'lv:progress';
      readonly ref: string;
      readonly uploadRef: string;
      readonly entryRef: string;
      readonly progress: number | { readonly error: string };
      readonly cid?: number;
    }
  | { readonly type: 'lv:live_patch'; readonly ref: string; readonly url: string }
  | {
      readonly type: 'lv:cids_will_destroy';
      readonly ref: string;
      readonly cids: readonly number[];
    }
  | { readonly type: 'lv:cids_destroyed'; readonly ref: string; readonly cids: readonly number[] }
  /** Replied `{}` once every input before it is handled; lets a port or a test await the view. */
  | { readonly type: 'lv:sync'; readonly ref: string }
  /** Replied `{}` once the view runs no async work (`startAsync` / `assignAsync`), after the
   * render of the last one to finish: at once if none runs. The one input whose reply may come
   * after the replies to later inputs; for `views/testing`'s `renderAsync`. */
  | { readonly type: 'lv:await_async'; readonly ref: string }
  /** The client's socket buffer is full: keep state, render nothing until `lv:resume`. */
  | { readonly type: 'lv:pause' }
  /** Render once what changed while paused and push it. */
  | { readonly type: 'lv:resume' }
  /**
   * The client joined `topic`, the nested view `id` of this view: start it, linked to this
   * view, reporting to `port` (answered by `lv:child_started` or `lv:child_refused`).
   */
  | {
      readonly type: 'lv:start_child';
      readonly id: string;
      readonly topic: string;
      readonly joinRef: string;
      readonly port: Pid;
      readonly connectParams: Params;
    };

const INPUT_TYPES: ReadonlySet<unknown> = new Set([
  'lv:event',
  'lv:allow_upload',
  'lv:progress',
  'lv:live_patch',
  'lv:cids_will_destroy',
  'lv:cids_destroyed',
  'lv:sync',
  'lv:await_async',
  'lv:pause',
  'lv:resume',
  'lv:start_child',
]);

/**
 * True for a {@link ViewInput}; the view process tells them from user messages with it.
 * @internal
 */
export function isViewInput(msg: unknown): msg is ViewInput {
  return hasTypeIn(msg, INPUT_TYPES);
}
