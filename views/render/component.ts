/**
 * Components. A *function component* is a plain function returning a template; it needs no
 * support: its result is a nested template, diffed by fingerprint like any other. A *live
 * component* has its own assigns, change tracking, event handler and `cid`; it is declared
 * once with {@link defineComponent} and placed in a template with {@link liveComponent}.
 *
 * The engine keeps one instance per (component, id) and gives it a cid, from 1, never reused.
 * Each time a parent renders `liveComponent(C, props)`, the instance's `update(props)` runs
 * (default: assign the props); the component re-renders only if that changed an assign (`===`
 * comparison), and its diff travels under its cid in the diff's `c` table.
 */
import type { ActorSystem, Pid } from '../../actors/index.js';
import { TemplateError } from './errors.js';
import { Template } from './html.js';
import type { StreamInsertOptions, StreamItem, StreamName, StreamOptions } from './stream.js';
import type { ParsedTemplate } from './template-parse.js';
import { parseTemplate } from './template-parse.js';

/**
 * A plain function component: props in, template out. Nothing to register: its result is a
 * nested template (sent with `r: 1` when it renders one element).
 *
 * @example
 * const Badge: FunctionComponent<{ n: number }> = ({ n }) => html`<span class="badge">${n}</span>`;
 * html`<h1>Inbox ${Badge({ n: unread })}</h1>`;
 */
export type FunctionComponent<Props> = (props: Props) => Template;

/**
 * Assigns every live component has: its cid, the value for `phx-target`.
 *
 * @example
 * render: (a) => html`<button phx-click="save" phx-target=${a.myself}>Save</button>`
 */
export interface ComponentBaseAssigns {
  readonly myself: number;
}

/**
 * What a live component's callbacks use to read and change its state.
 *
 * @example
 * handleEvent(event, value, socket) {
 *   socket.update('count', (n) => n + 1);
 *   socket.pushEvent('counted', { count: socket.assigns.count });
 * }
 */
export interface ComponentSocket<Assigns extends object> {
  /** The current assigns (read-only; change them with `assign`/`update`). */
  readonly assigns: Readonly<Assigns & ComponentBaseAssigns>;
  /** This component's cid: put it in `phx-target` to send events here. */
  readonly myself: number;
  /** The id given to `liveComponent`. */
  readonly id: string | number;
  /** Sets assigns; a key whose new value is `===` the old one is not marked changed. */
  assign(values: Partial<Assigns>): void;
  assign<Key extends keyof Assigns & string>(key: Key, value: Assigns[Key]): void;
  /** Sets `key` to `fn(current value)`. */
  update<Key extends keyof Assigns & string>(
    key: Key,
    fn: (value: Assigns[Key]) => Assigns[Key],
  ): void;
  /** Sends an event to the browser (`phx:<name>` window event, hooks' `handleEvent`). */
  pushEvent(name: string, payload: unknown): void;
  /** Streams, as on a live view's socket; their refs are `"<cid>-<n>"`. */
  stream<K extends StreamName<Assigns>>(
    name: K,
    items: Iterable<StreamItem<Assigns, K>>,
    opts?: StreamOptions<StreamItem<Assigns, K>>,
  ): void;
  streamInsert<K extends StreamName<Assigns>>(
    name: K,
    item: StreamItem<Assigns, K>,
    opts?: StreamInsertOptions,
  ): void;
  streamDelete<K extends StreamName<Assigns>>(name: K, item: StreamItem<Assigns, K>): void;
  streamDeleteByDomId(name: StreamName<Assigns>, domId: string): void;
  streamConfigure<K extends StreamName<Assigns>>(
    name: K,
    opts: { readonly dom_id?: ((item: StreamItem<Assigns, K>) => string) | undefined },
  ): void;
  /**
   * The actor system of the view this component renders in, to call or cast to a process from
   * `handleEvent`. Throws outside a connected view (the dead render has no process).
   */
  readonly system: ActorSystem;
  /**
   * Sends `message` to the view this component renders in; it arrives in the view's
   * `handleInfo`, after the current event, as LiveView's `send(self(), msg)` does. Throws
   * outside a connected view.
   */
  sendParent(message: unknown): void;
  // The upload calls (`allowUpload` & co.) are added by views/uploads/component-socket.ts: the
  // engine knows nothing of uploads.
}

/**
 * The connected view a component renders in (`DiffEngine`'s `parent` option); absent in the
 * dead render and a bare engine. Public because that option is: a type stripped from the
 * `.d.ts` while a public signature names it breaks every consumer's type check.
 */
export interface ComponentParent {
  readonly self: Pid;
  readonly system: ActorSystem;
}

/**
 * What a live component's `handleEvent` may return: a reply for the client's `pushEvent`
 * callback (the diff's top-level `r`).
 *
 * @example
 * handleEvent: (event) => (event === 'ping' ? { reply: { pong: true } } : undefined)
 */
export interface ComponentEventResult {
  readonly reply?: Readonly<Record<string, unknown>>;
}

/**
 * What a live component's `handleEvent` returns: a result or nothing, at once or once its work
 * is done (an `async handleEvent`, like a view's). The event's reply waits for it.
 *
 * @example
 * const handled: ComponentEventReturn = Promise.resolve({ reply: { saved: true } });
 */
export type ComponentEventReturn =
  | ComponentEventResult
  | undefined
  | Promise<ComponentEventResult | undefined>;

/**
 * The callbacks of a live component. Only `render` is required.
 *
 * @example
 * const definition: ComponentDefinition<{ open: boolean }> = {
 *   mount: (socket) => socket.assign({ open: false }),
 *   handleEvent: (_event, _value, socket) => { socket.update('open', (o) => !o); return undefined; },
 *   render: (a) => html`<div class=${['panel', a.open && 'open']}></div>`,
 * };
 */
export interface ComponentDefinition<Assigns extends object> {
  /** Runs once, when the component first appears (before the first `update`). */
  mount?(socket: ComponentSocket<Assigns>): void;
  /** Runs on every parent render that places it; default: `socket.assign(props)`. */
  update?(props: Readonly<ComponentProps<Assigns>>, socket: ComponentSocket<Assigns>): void;
  /**
   * Runs for an event whose `phx-target` is this component's cid; may be `async`: the view
   * handles nothing else until it settles, then renders the component and replies.
   */
  handleEvent?(
    event: string,
    value: Readonly<Record<string, unknown>>,
    socket: ComponentSocket<Assigns>,
  ): ComponentEventReturn;
  /** The template; its root must be exactly one element. */
  render(assigns: Readonly<Assigns & ComponentBaseAssigns>): Template;
}

/**
 * The props `liveComponent` takes: a required `id` plus any assigns.
 *
 * @example
 * const props: ComponentProps<{ name: string }> = { id: 'user-1', name: 'Ann' };
 */
export type ComponentProps<Assigns extends object> = Partial<Assigns> & {
  readonly id: string | number;
};

/**
 * A declared live component (see {@link defineComponent}); instances are keyed by it and `id`.
 *
 * @example
 * const Modal: LiveComponent<{ title: string }> = defineComponent({ render: (a) => html`<dialog>${a.title}</dialog>` });
 */
export class LiveComponent<Assigns extends object = Record<string, unknown>> {
  readonly definition: ComponentDefinition<Assigns>;

  constructor(definition: ComponentDefinition<Assigns>) {
    this.definition = definition;
  }
}

/**
 * Declares a live component.
 *
 * @example
 * const Reserve = defineComponent<{ name: string; remaining: number }>({
 *   handleEvent(event, _value, socket) {
 *     if (event === 'reserve') socket.update('remaining', (n) => n - 1);
 *   },
 *   render: (a) => html`<div id=${`ev-${a.myself}`}>${a.name}: ${a.remaining}
 *     <button phx-click="reserve" phx-target=${a.myself}>Reserve</button></div>`,
 * });
 */
export function defineComponent<Assigns extends object = Record<string, unknown>>(
  definition: ComponentDefinition<Assigns>,
): LiveComponent<Assigns> {
  if (typeof definition?.render !== 'function') {
    throw new TypeError(
      'defineComponent: definition.render must be a function returning html`...`',
    );
  }
  return new LiveComponent(definition);
}

/**
 * A live component placed in a template (see {@link liveComponent}): a slot value.
 *
 * @example
 * const call = liveComponent(Modal, { id: 'm', title: 'Hi' });
 * call.id; // 'm'
 */
export class ComponentCall {
  readonly component: LiveComponent<object>;
  readonly id: string | number;
  readonly props: Readonly<Record<string, unknown>>;

  constructor(component: LiveComponent<object>, props: ComponentProps<object>) {
    this.component = component;
    this.id = props.id;
    this.props = props;
  }
}

/**
 * Places a live component in a template. `id` identifies the instance among the parent's
 * components of this kind; the same id on the next render means the same instance.
 *
 * @example
 * html`<ul>${events.map((e) => liveComponent(Reserve, { id: e.id, name: e.name, remaining: e.left }))}</ul>`;
 */
export function liveComponent<Assigns extends object>(
  component: LiveComponent<Assigns>,
  props: ComponentProps<Assigns>,
): ComponentCall {
  if (!(component instanceof LiveComponent)) {
    throw new TypeError('liveComponent: the first argument must come from defineComponent');
  }
  if (
    props === null ||
    typeof props !== 'object' ||
    (typeof props.id !== 'string' && typeof props.id !== 'number')
  ) {
    throw new TypeError('liveComponent: props must be an object with an `id` (string or number)');
  }
  return new ComponentCall(component as unknown as LiveComponent<object>, props);
}

/**
 * Checks what a live component's `render` returned (an html template with exactly one root
 * element, as the wire's component trees require) and returns its parsed form.
 * @internal
 */
export function parseComponentTemplate(template: unknown): ParsedTemplate {
  if (!(template instanceof Template)) {
    throw new TemplateError(
      'ERR_COMPONENT_ROOT',
      'a live component must render an html`...` template',
    );
  }
  const parsed = parseTemplate(template.strings);
  if (!parsed.singleRoot) {
    throw new TemplateError(
      'ERR_COMPONENT_ROOT',
      `a live component must render exactly one root element (template starts ${JSON.stringify(parsed.statics[0]?.slice(0, 40))})`,
    );
  }
  return parsed;
}

/**
 * The error for a live component id placed twice in one render.
 * @internal
 */
export function duplicateComponent(id: string | number): TemplateError {
  return new TemplateError(
    'ERR_DUPLICATE_COMPONENT',
    `liveComponent: id ${JSON.stringify(id)} is rendered twice; give each instance its own id`,
  );
}
