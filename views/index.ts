/**
 * @module
 * liveactor/views: what you need to write a live view: `defineLiveView`, the socket its
 * callbacks receive (with `attachHook` and `getConnectInfo`), `onMount` hooks, `html`
 * templates, live components, `JS` commands, `link`, and forms (`toForm` with any Standard
 * Schema validator, `inputField` and its kin). Each
 * connected view runs in a process of its own (`liveactor/views/testing` mounts one in a test).
 *
 * ```ts
 * const Counter = defineLiveView<{ count: number }, { inc: unknown }>({
 *   mount: (_params, _session, socket) => { socket.assign({ count: 0 }); },
 *   handleEvent: (_event, _value, socket) => { socket.update('count', (n) => n + 1); },
 *   render: (a) => html`<span>${a.count}</span><button phx-click="inc">+</button>`,
 * });
 * ```
 *
 * Errors a view can catch: {@link TemplateError} (a template or component not usable as
 * written; `code` says which) and {@link AsyncCancelledError}. The engine underneath is
 * `liveactor/views/render`; what a transport needs to host views is `liveactor/views/host`.
 */

// Adds a live component socket's upload calls (`allowUpload` & co.) to the engine's
// ComponentSocket type, for every importer of this entry.
import './uploads/component-socket.js';

// Async work of a live view
export type { AsyncResult, AsyncWork } from './async.js';
export { AsyncCancelledError } from './async.js';
export { sendUpdate } from './component-update.js';
// What a view knows of its connection (LiveView's get_connect_info)
export type { ConnectInfo } from './connect-info.js';
export { getConnectInfo } from './connect-info.js';
// Forms bound to a Standard Schema validator, and inputs that are accessible by default
export type { FieldName, FieldPath, Form, FormField, ToFormOptions, UsedInputs } from './form.js';
export { toForm } from './form.js';
export type { FieldClasses, FieldOptions, InputType, SelectOption } from './form-inputs.js';
export {
  checkboxField,
  FIELD_CLASSES,
  fieldAttrs,
  fieldErrors,
  inputField,
  selectField,
  textareaField,
} from './form-inputs.js';
// Lifecycle hooks: a live session's onMount, and socket.attachHook's stages
export type {
  EventHookResult,
  HookResult,
  HookStage,
  LifecycleHooks,
  OnMount,
} from './lifecycle.js';
// Links the live client follows (patch / navigate)
export type { LinkContent, LinkOptions } from './link.js';
export { link } from './link.js';
// Nested live views
export type { LiveRenderOptions } from './live-render.js';
export { LiveRenderCall, liveRender } from './live-render.js';
// Live views
export type {
  AsyncOutcome,
  BaseAssigns,
  EventArgs,
  EventMap,
  EventResult,
  Flash,
  LiveViewDefinition,
  Params,
  Session,
} from './live-view.js';
export { defineLiveView, LiveView } from './live-view.js';
// Templates, live components, JS commands and their errors (the engine's names a view uses)
export type {
  ClassNames,
  ComponentBaseAssigns,
  ComponentDefinition,
  ComponentEventResult,
  ComponentEventReturn,
  ComponentProps,
  ComponentSocket,
  DispatchOptions,
  FunctionComponent,
  JsCommand,
  JsTarget,
  JsTransition,
  PushOptions,
  StreamInsertOptions,
  StreamItem,
  StreamName,
  StreamOptions,
  StreamsOf,
  TemplateErrorCode,
  ToggleOptions,
  ToOptions,
  TransitionOptions,
} from './render/index.js';
export {
  ComponentCall,
  defineComponent,
  escapeHtml,
  html,
  JS,
  JsCommands,
  Keyed,
  keyed,
  LiveComponent,
  LiveStream,
  liveComponent,
  RawHtml,
  raw,
  Template,
  TemplateError,
} from './render/index.js';
// The socket a live view's callbacks receive
export type { AsyncValue } from './socket.js';
export { LiveViewSocket } from './socket.js';
// Telemetry (node:diagnostics_channel)
export type {
  ViewAsyncTrace,
  ViewCrashMessage,
  ViewEventTrace,
  ViewInfoTrace,
  ViewJoinMessage,
  ViewLeaveMessage,
  ViewParamsTrace,
  ViewRenderTrace,
  ViewTrace,
} from './telemetry.js';
export { VIEW_CHANNELS } from './telemetry.js';
// Uploads: what `a.uploads.<name>` holds, its markup, and where the chunks go
export type {
  UploadConfig,
  UploadEntry,
  UploadErrorReason,
  UploadName,
  Uploads,
} from './uploads/upload-config.js';
export { uploadErrors } from './uploads/upload-config.js';
export type { ExternalUploadResult, UploadOptions } from './uploads/upload-options.js';
export type { ExtraAttributes } from './uploads/upload-templates.js';
export { liveFileInput, liveImgPreview } from './uploads/upload-templates.js';
export type {
  TempFileMeta,
  TempFileWriterOptions,
  UploadCloseReason,
  UploadWriter,
} from './uploads/upload-writer.js';
export { tempFileWriter } from './uploads/upload-writer.js';
