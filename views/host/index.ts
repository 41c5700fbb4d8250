/**
 * @module
 * liveactor/views/host: what a transport needs to host live views. It renders a view's first
 * HTTP response with `renderDead`, starts one process per joined view under a supervisor of
 * its own with `liveViewChildSpec`, and talks to it through the port protocol: a
 * {@link ViewStart} to begin, {@link ViewInput} messages in, {@link ViewOutput} messages out.
 * `liveactor/transport` is built on exactly these names.
 *
 * ```ts
 * const page = await renderDead(Counter, { id, params, session, url, flash: {}, system, pubsub, resolve });
 * const start: ViewStart = { view: Counter, topic: `lv:${id}`, joinRef, port, params, session,
 *   url: url.href, connectParams, flash: {}, pubsub, resolve };
 * await DynamicSupervisor.startChild(system, views, liveViewChildSpec(start));
 * // `port` receives { type: 'lv:mounted', pid, rendered }; inputs then go to that pid:
 * system.send(pid, { type: 'lv:event', ref: '7', event: 'inc', value: {} } satisfies ViewInput);
 * ```
 */

// The tokens of nested views' containers, which the host signs
export type { ChildClaims, ChildTokens } from '../child-tokens.js';
// The dead render (first HTTP response)
export type { DeadRender, DeadRenderInput, DeadRenderPhase } from '../dead-render.js';
export { renderDead } from '../dead-render.js';
// Telling a declared live view from anything else a route may hold
export { isLiveView } from '../live-view.js';
// The port protocol between a view process and its transport
export type {
  ClientUploadEntry,
  ClientUploads,
  JoinErrorResponse,
  LivePatchPayload,
  LiveRedirectPayload,
  NavigationKind,
  PreflightConfig,
  PreflightResponse,
  RedirectPayload,
  ReplyResponse,
  UrlResolver,
  ViewInput,
  ViewOutput,
  ViewPush,
  ViewStart,
} from '../port.js';
// Upload entries: a preflight's grants, and the process that takes one entry's chunks
export type {
  UploadPort,
  UploadProcessMessage,
  UploadStart,
} from '../uploads/upload-messages.js';
export { UploadGrant } from '../uploads/upload-messages.js';
export { uploadBehaviour } from '../uploads/upload-process.js';
// View processes and their supervision
export type { ViewCall } from '../view-process.js';
export type { ViewRestartLimits } from '../view-supervisor.js';
export { liveViewChildSpec } from '../view-supervisor.js';
