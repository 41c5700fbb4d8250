/**
 * @module
 * liveactor/views/render: the template and diff engine on its own, for embedding it without the
 * live-view processes (a server of your own, a benchmark, an HTML renderer). An application
 * writes its views with `liveactor/views`, which re-exports the template names from here.
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
 * - An event with a numeric `cid`: `engine.handleComponentEvent(cid, event, value)` (a promise
 *   of the diff when the component's `handleEvent` is `async`).
 * - `send_update`: `engine.updateComponent(cid, props)` (`engine.cidOf(component, id)` finds the
 *   cid); a live view does it for `socket.sendUpdate` / `sendUpdate(system, pid, ...)`.
 * - `cids_will_destroy`: `engine.markForDestroy(cids)`; `cids_destroyed`:
 *   `engine.destroy(cids)` (returns the cids deleted; reply with them).
 * - Streams: a slot holding `stream.map(render)` sends the stream's pending items and
 *   operations (PROTOCOL.md 5.6); the view prunes its streams once the render is done, so the
 *   items live on in the page only. Live components prune theirs themselves.
 *
 * Errors: {@link TemplateError} (code `ERR_TEMPLATE_SLOT_POSITION`, `ERR_TEMPLATE_SLOT_VALUE`,
 * `ERR_COMPONENT_ROOT`, `ERR_DUPLICATE_KEY`, `ERR_DUPLICATE_COMPONENT`, `ERR_NO_COMPONENT`).
 * After a render throws, the engine's next render is complete again.
 */

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
} from '../wire.js';
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
} from '../wire.js';
// Live and function components
export type {
  ComponentBaseAssigns,
  ComponentDefinition,
  ComponentEventResult,
  ComponentEventReturn,
  ComponentProps,
  ComponentSocket,
  FunctionComponent,
} from './component.js';
export { ComponentCall, defineComponent, LiveComponent, liveComponent } from './component.js';
// Keyed comprehensions
export { Keyed, keyed } from './comprehension.js';
// The diff engine: one per connected view
export type { Embedder } from './embed.js';
export { Embed } from './embed.js';
export type { DiffExtras, RenderOptions } from './engine.js';
export { DiffEngine } from './engine.js';
// Errors
export type { TemplateErrorCode } from './errors.js';
export { TemplateError } from './errors.js';
// Templates, and rendering one to a string
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
export { renderToString } from './render-to-string.js';
// Streams: lists kept on the client (PROTOCOL.md 5.6)
export type {
  StreamInsertOptions,
  StreamItem,
  StreamName,
  StreamOptions,
  StreamsOf,
} from './stream.js';
export { LiveStream, StreamRendering } from './stream.js';
