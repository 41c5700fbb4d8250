/**
 * A live view's callbacks and the value `defineLiveView` returns. The callbacks run inside a
 * view process (view-process.ts), one message at a time; each may be async. After each one the
 * process renders what changed and sends the diff to the client.
 *
 * Order of calls for one connected view:
 *
 *   mount -> handleParams -> (handleEvent | handleInfo | handleAsync | handleParams)* -> terminate
 *
 * The dead render (dead-render.ts) runs `mount` and `handleParams` with `socket.connected`
 * false, renders to a string and drops the socket.
 */
import type { ExitReason } from '../actors/index.js';
import type { Template } from './render/html.js';
import type { LiveViewSocket } from './socket.js';
import { rememberDefinitionSite, viewName } from './view-name.js';

/**
 * Decoded params: path params, query params (nested like Plug's), or decoded form values.
 *
 * @example
 * const params: Params = { id: '7', user: { name: 'ann' } }; // /events/7?user[name]=ann
 */
export type Params = Readonly<Record<string, unknown>>;

/**
 * The user's session, signed into the page's session token at dead render time.
 *
 * @example
 * mount(_params, session, socket) { socket.assign({ user: session.user }); }
 */
export type Session = Readonly<Record<string, unknown>>;

/**
 * Flash messages by kind (`info`, `error`, ...), as LiveView's `@flash`.
 *
 * @example
 * const flash: Flash = { info: 'Saved' };
 */
export type Flash = Readonly<Record<string, string>>;

/**
 * Assigns every live view has besides its own.
 *
 * @example
 * render: (a) => html`${a.flash.info ? html`<p class="info">${a.flash.info}</p>` : ''}`
 */
export interface BaseAssigns {
  readonly flash: Flash;
}

/**
 * The events a view handles: event name -> type of its value.
 *
 * @example
 * type Events = { inc: { by: string }; reset: Record<string, never> };
 */
export type EventMap = Record<string, unknown>;

/**
 * What `handleEvent` may return: nothing, or a reply for the client hook's `pushEvent` callback.
 *
 * @example
 * handleEvent: (event) => (event === 'ping' ? { reply: { pong: true } } : undefined)
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handleEvent with no return statement returns void
export type EventResult = void | { readonly reply: Readonly<Record<string, unknown>> };

/**
 * The parameters of `handleEvent` as a union of tuples, so that testing `event` narrows `value`.
 *
 * @example
 * type Args = EventArgs<{ inc: { by: string } }, LiveViewSocket<{ n: number }>>; // [event: 'inc', value: { by: string }, socket: ...]
 */
export type EventArgs<E extends EventMap, S> = {
  [K in keyof E & string]: [event: K, value: E[K], socket: S];
}[keyof E & string];

/**
 * How a `startAsync` work ended, as `handleAsync` receives it.
 *
 * @example
 * handleAsync(name, result, socket) { if (result.ok) socket.assign({ stats: result.value }); }
 */
export type AsyncOutcome<T = unknown> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/**
 * The callbacks of a live view; only `render` is required.
 *
 * @example
 * const definition: LiveViewDefinition<{ count: number }, { inc: unknown }> = {
 *   mount: (_params, _session, socket) => { socket.assign({ count: 0 }); },
 *   handleEvent: (_event, _value, socket) => { socket.update('count', (n) => n + 1); },
 *   render: (a) => html`<button phx-click="inc">${a.count}</button>`,
 * };
 */
export interface LiveViewDefinition<A extends object, E extends EventMap = EventMap, I = unknown> {
  /** Runs first, in the dead render (`socket.connected` false) and again once connected. */
  mount?(params: Params, session: Session, socket: LiveViewSocket<A, I>): void | Promise<void>;
  /** Runs after mount, and on every `pushPatch` / client `live_patch` to this view. */
  handleParams?(params: Params, url: URL, socket: LiveViewSocket<A, I>): void | Promise<void>;
  /** Runs for each client event (`phx-click`, forms, hooks' `pushEvent`). */
  handleEvent?(...args: EventArgs<E, LiveViewSocket<A, I>>): EventResult | Promise<EventResult>;
  /** Runs for each other message sent to the view process (PubSub broadcasts, timers, ...). */
  handleInfo?(msg: I, socket: LiveViewSocket<A, I>): void | Promise<void>;
  /** Runs when a `startAsync` work ends (or was cancelled: `ok` false). */
  handleAsync?(
    name: string,
    result: AsyncOutcome,
    socket: LiveViewSocket<A, I>,
  ): void | Promise<void>;
  /** Runs when a mounted view stops: the channel closed, the view navigated away, or it crashed. */
  terminate?(reason: ExitReason, socket: LiveViewSocket<A, I>): void | Promise<void>;
  /** The page; receives a read-only view of the assigns (reads are tracked for lazy slots). */
  render(assigns: Readonly<A & BaseAssigns>): Template;
  /** What logs and telemetry call the view; default: where `defineLiveView` was called. */
  readonly name?: string | undefined;
}

/**
 * A declared live view (see {@link defineLiveView}): what routes and `mountLive` take.
 *
 * @example
 * const Counter: LiveView<{ count: number }, { inc: unknown }, never> = defineLiveView({ ... });
 */
export class LiveView<A extends object = object, E extends EventMap = EventMap, I = unknown> {
  readonly definition: LiveViewDefinition<A, E, I>;

  constructor(definition: LiveViewDefinition<A, E, I>) {
    this.definition = definition;
  }

  /** Its `name`, or `file:line` of its `defineLiveView` call (for logs and telemetry). */
  get name(): string {
    return viewName(this, this.definition.name);
  }
}

/**
 * Declares a live view. Give the assigns, events and info messages as type arguments so that
 * `render`, `handleEvent` and `handleInfo` are typed.
 *
 * @example
 * const Counter = defineLiveView<{ count: number }, { inc: { by?: string } }>({
 *   mount(_params, _session, socket) { socket.assign({ count: 0 }); },
 *   handleEvent(event, value, socket) { if (event === 'inc') socket.update('count', (n) => n + Number(value.by ?? 1)); },
 *   render: (a) => html`<span>${a.count}</span><button phx-click="inc">+</button>`,
 * });
 */
export function defineLiveView<A extends object, E extends EventMap = EventMap, I = unknown>(
  definition: LiveViewDefinition<A, E, I>,
): LiveView<A, E, I> {
  if (typeof definition?.render !== 'function') {
    throw new TypeError('defineLiveView: definition.render must be a function returning html`...`');
  }
  const view = new LiveView(definition);
  rememberDefinitionSite(view, defineLiveView);
  return view;
}

/**
 * True for a value `defineLiveView` returned.
 *
 * @example
 * if (!isLiveView(route.view)) throw new TypeError('route.view must come from defineLiveView');
 */
// biome-ignore lint/suspicious/noExplicitAny: any view, whatever its type arguments
export function isLiveView(value: unknown): value is LiveView<any, any, any> {
  return value instanceof LiveView;
}
