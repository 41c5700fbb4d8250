/**
 * @module
 * liveactor/views: html templates, the diff engine, live components.
 *
 * ```ts
 * const engine = new DiffEngine();
 * const page = (a: { count: number }) => html`<span>${a.count}</span><button phx-click="inc">+</button>`;
 * engine.renderView(page, { count: 0 });                                 // join: complete diff
 * engine.renderView(page, { count: 1 }, { changed: new Set(['count']) }); // { '0': '1' }
 * renderToString(page({ count: 1 }));                                    // dead render
 * ```
 *
 * How the view process drives it, per connected client:
 *
 * - `const engine = new DiffEngine()` at join (a rejoin is a new process, so a new engine).
 * - After each message that changed state: `engine.renderView(render, assigns, { changed,
 *   title, events, reply })` returns the {@link WireDiff} for the join reply, the event reply or
 *   a `diff` push (`{}` = nothing changed: send no push). `render` receives a read-only proxy
 *   of `assigns` (`engine.track(assigns)`); reads inside lazy slots `() => ...` are recorded,
 *   and such a slot is skipped unless one of its keys is in `changed` (`undefined` = all).
 *   The same reads decide when `keyed` re-renders entries whose item is `===` the last one.
 *   Keys whose new value is `===` the old one should not be put in `changed`. Non-lazy slots
 *   ignore `changed`: they are compared with the last value sent (`===`, then markup).
 * - An event with a numeric `cid`: `engine.handleComponentEvent(cid, event, value)`.
 * - `send_update`: `engine.updateComponent(cid, props)` (`engine.cidOf(component, id)` finds the
 *   cid); a live view does it for `socket.sendUpdate` / `sendUpdate(system, pid, ...)`.
 * - `cids_will_destroy`: `engine.markForDestroy(cids)`; `cids_destroyed`:
 *   `engine.destroy(cids)` (returns the cids deleted; reply with them).
 *
 * A live view, served by a process per connected client (`views/testing` mounts one in a test):
 *
 * ```ts
 * const Counter = defineLiveView<{ count: number }, { inc: unknown }>({
 *   mount: (_params, _session, socket) => { socket.assign({ count: 0 }); },
 *   handleEvent: (_event, _value, socket) => { socket.update('count', (n) => n + 1); },
 *   render: (a) => html`<span>${a.count}</span><button phx-click="inc">+</button>`,
 * });
 * ```
 *
 * Errors: {@link TemplateError} (code `ERR_TEMPLATE_SLOT_POSITION`, `ERR_TEMPLATE_SLOT_VALUE`,
 * `ERR_COMPONENT_ROOT`, `ERR_DUPLICATE_KEY`, `ERR_DUPLICATE_COMPONENT`, `ERR_NO_COMPONENT`).
 * After a render throws, the engine's next render is complete again.
 */

// Async work of a live view
export type { AsyncResult, AsyncWork } from './async.js';
export { AsyncCancelledError } from './async.js';
// Live and function components
export type {
  ComponentBaseAssigns,
  ComponentDefinition,
  ComponentEventResult,
  ComponentProps,
  ComponentSocket,
  FunctionComponent,
} from './component.js';
export { ComponentCall, defineComponent, LiveComponent, liveComponent } from './component.js';
export { sendUpdate } from './component-update.js';
// Keyed comprehensions
export { Keyed, keyed } from './comprehension.js';
// The dead render (first HTTP response)
export type { DeadRender, DeadRenderInput } from './dead-render.js';
export { renderDead } from './dead-render.js';
// The diff engine: one per connected view
export type { DiffExtras, RenderOptions } from './engine.js';
export { DiffEngine } from './engine.js';
// Errors
export type { TemplateErrorCode } from './errors.js';
export { TemplateError } from './errors.js';
// Templates and the dead render
export { escapeHtml } from './escape.js';
export { html, RawHtml, raw, Template } from './html.js';
// JS commands for bindings and event payloads (PROTOCOL.md 7)
export type {
  ClassNames,
  DispatchOptions,
  JsCommand,
  JsTarget,
  JsTransition,
  PushOptions,
  ToggleOptions,
  ToOptions,
  TransitionOptions,
} from './js.js';
export { JS, JsCommands } from './js.js';
// Links the live client follows (patch / navigate)
export type { LinkContent, LinkOptions } from './link.js';
export { link } from './link.js';
// Live views
export type {
  AsyncOutcome,
  BaseAssigns,
  EventArgs,
  EventMap,
  EventResult,
  LiveViewDefinition,
} from './live-view.js';
export { defineLiveView, isLiveView, LiveView } from './live-view.js';
// The port protocol between a view process and its transport
export type {
  Flash,
  JoinErrorResponse,
  LivePatchPayload,
  LiveRedirectPayload,
  NavigationKind,
  Params,
  RedirectPayload,
  ReplyResponse,
  Session,
  UrlResolver,
  ViewInput,
  ViewOutput,
  ViewPush,
  ViewStart,
} from './port.js';
export { renderToString } from './render-to-string.js';
// The socket a live view's callbacks receive
export type { AsyncValue } from './socket.js';
export { LiveViewSocket } from './socket.js';
// View processes and their supervision
export type { ViewCall } from './view-process.js';
export type { ViewRestartLimits } from './view-supervisor.js';
export { liveViewChildSpec } from './view-supervisor.js';
// Wire format (PROTOCOL.md 5)
export type {
  WireComponents,
  WireComprehension,
  WireDiff,
  WireDynamic,
  WireEntry,
  WireEvent,
  WireKeyed,
  WireKeyedEntry,
  WireNode,
  WireStatics,
  WireStream,
  WireStreamInsert,
  WireTemplates,
} from './wire.js';
export {
  COMPONENTS,
  EVENTS,
  KEYED,
  KEYED_COUNT,
  KEYED_MOVED,
  REPLY,
  ROOT,
  STATIC,
  STREAM,
  TEMPLATES,
  TITLE,
} from './wire.js';
