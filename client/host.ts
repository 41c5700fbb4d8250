/**
 * The seams between the client's pieces. A DOM event travels through them in one direction:
 *
 * ```
 * bindings.ts      a click, input, submit, key or focus event on a phx-* element
 *   -> BindingHost.execJS(el, attribute value, type, extra)
 * js-commands.ts   the value is an event name (a one-command `push`) or JS commands JSON
 *   -> JSHost.push(el, PushArgs) for `push`; navigate / patch for those commands
 * view.ts          PushArgs + the element -> an "event" frame (PROTOCOL.md 3.1-3.3), loading
 *                  state until the reply, and the reply's diff patched into the DOM
 * ```
 *
 * The live socket implements both hosts; the pieces below it only know these interfaces, so
 * each is tested with a small fake host.
 *
 * Worked example: `<button phx-click="inc" phx-value-id="7">` clicked gives
 * `host.execJS(button, 'inc', 'click', { meta: {} })`, then
 * `host.push(button, { event: 'inc', type: 'click', meta: {} })`, then the frame
 * `["4","9","lv:phx-F1","event",{"type":"click","event":"inc","value":{"id":"7","value":""}}]`.
 */

/** What fired an event: the `type` field of an `"event"` push (PROTOCOL.md 3.1). */
export type EventType =
  | 'click'
  | 'keydown'
  | 'keyup'
  | 'blur'
  | 'focus'
  | 'form'
  | 'hook'
  | 'js'
  | 'remove'
  | null;

/** The extra facts of a form event: which form, which control changed, who submitted it. */
export interface FormPush {
  readonly kind: 'change' | 'submit';
  readonly form: HTMLFormElement;
  /** phx-change: the control whose `input`/`change` fired; its name becomes `meta._target`. */
  readonly input?: Element | null | undefined;
  /** phx-submit: the button that submitted; its `name=value` is serialised in DOM order. */
  readonly submitter?: HTMLElement | null | undefined;
}

/** One push as a binding or a JS `push` command asks for it; the view turns it into a frame. */
export interface PushArgs {
  readonly event: string;
  readonly type: EventType;
  /** `JS.push`'s `value`: merged last into the payload's value (for forms: into `meta`). */
  readonly value?: Readonly<Record<string, unknown>> | undefined;
  /** `JS.push`'s `target`, else the element's `phx-target`: a cid or a CSS selector. */
  readonly target?: number | string | undefined;
  /** A selector whose elements get the loading state instead of the source element. */
  readonly loading?: string | undefined;
  /** Dispatch `phx:page-loading-start` / `-stop` on window around the push. */
  readonly pageLoading?: boolean | undefined;
  /** The value to start from: `{ key }` for key events, a metadata callback's result. */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
  /** Set for phx-change and phx-submit (and form recovery). */
  readonly form?: FormPush | undefined;
  /** Called once the push is answered (or failed): a hook's `this.js().push` `callback`. */
  readonly onReply?: (() => void) | undefined;
}

/** What a binding hands to `exec` besides the command: everything of a push except its name. */
export type ExecExtra = Omit<PushArgs, 'event' | 'type'>;

/** What JS commands ask of the page: a push to the view owning an element, and navigation. */
export interface JSHost {
  push(el: Element, args: PushArgs): void;
  /** Live navigation to `href` (PROTOCOL.md 2.6); a full page load when not possible. */
  navigate(href: string, replace: boolean): void;
  /** A `live_patch` of the main view (PROTOCOL.md 3.4). */
  patch(href: string, replace: boolean): void;
}

/** What the DOM event bindings ask of the page. */
export interface BindingHost {
  /**
   * Runs a binding attribute's value for `el`: an event name, or JS commands JSON
   * (PROTOCOL.md 7). `type` is the push type a `push` in it gets.
   */
  execJS(el: Element, encoded: string, type: EventType, extra?: ExecExtra): void;
  /** True when `el` belongs to a joined view; events elsewhere are not sent. */
  isLive(el: Element): boolean;
  /** A click or submit on `el` was not sent, as its view is not live: the page says so. */
  refuse?(el: Element): void;
  /** Extra keys for a click's or key event's value (LiveSocket's `metadata` option). */
  metadata?(
    kind: 'click' | 'keydown' | 'keyup' | 'blur' | 'focus',
    event: Event,
    el: Element,
  ): Record<string, unknown> | undefined;
}
