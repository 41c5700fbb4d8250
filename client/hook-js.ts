/**
 * `this.js()` in a hook (LiveView 1.1): the JS commands as functions, run on elements the hook
 * picks, the way `phx-*` bindings run them from the server's JSON. `exec` runs encoded commands
 * (an attribute's value) with the hook's element as the source.
 *
 * @example
 * mounted() {
 *   this.js().hide(this.el, { transition: ['fade-out', 'opacity-100', 'opacity-0'], time: 200 });
 *   this.js().push(this.el, 'seen', { value: { id: this.el.id } });
 * }
 */
import type { JSHost } from './host.js';
import { type Args, execJS, runCommands } from './js-commands.js';

type Transition = string | readonly string[];
type Timing = {
  readonly transition?: Transition;
  readonly time?: number;
  readonly blocking?: boolean;
};
type Names = string | readonly string[];

/** What `this.js()` returns. */
export interface HookJSCommands {
  /** Runs encoded JS commands (e.g. an attribute's value) with the hook's element as source. */
  exec(encoded: string): void;
  show(el: Element, opts?: Timing & { readonly display?: string }): void;
  hide(el: Element, opts?: Timing): void;
  toggle(
    el: Element,
    opts?: {
      readonly display?: string;
      readonly in?: Transition;
      readonly out?: Transition;
      readonly time?: number;
    },
  ): void;
  addClass(el: Element, names: Names, opts?: Timing): void;
  removeClass(el: Element, names: Names, opts?: Timing): void;
  toggleClass(el: Element, names: Names, opts?: Timing): void;
  transition(el: Element, transition: Transition, opts?: Omit<Timing, 'transition'>): void;
  setAttribute(el: Element, attr: string, value: string): void;
  removeAttribute(el: Element, attr: string): void;
  toggleAttribute(el: Element, attr: string, value1: string, value2?: string): void;
  ignoreAttributes(el: Element, attrs: Names): void;
  /** Pushes `event` to the view (or `target` component) owning `el`; `callback` after the reply. */
  push(
    el: Element,
    event: string,
    opts?: {
      readonly value?: Record<string, unknown>;
      readonly target?: string | number;
      readonly loading?: string;
      readonly page_loading?: boolean;
      readonly callback?: () => void;
    },
  ): void;
  navigate(href: string, opts?: { readonly replace?: boolean }): void;
  patch(href: string, opts?: { readonly replace?: boolean }): void;
}

/**
 * The `this.js()` of a hook on `hookEl`; its pushes have `type` (`'hook'`, or `'js'` for the
 * built-in viewport hook, as the official client sends them).
 * @internal
 */
export function hookJS(
  host: JSHost,
  hookEl: Element,
  type: 'hook' | 'js' = 'hook',
): HookJSCommands {
  const run = (el: Element, kind: string, args: object) =>
    runCommands(host, el, [[kind, args as Args]], type);
  const classes =
    (kind: string) =>
    (el: Element, names: Names, o = {}) =>
      run(el, kind, { ...o, names });
  return {
    exec: (encoded) => execJS(host, hookEl, encoded, type),
    show: (el, o = {}) => run(el, 'show', o),
    hide: (el, o = {}) => run(el, 'hide', o),
    toggle: (el, o = {}) => run(el, 'toggle', { ...o, ins: o.in, outs: o.out }),
    addClass: classes('add_class'),
    removeClass: classes('remove_class'),
    toggleClass: classes('toggle_class'),
    transition: (el, transition, o = {}) => run(el, 'transition', { ...o, transition }),
    setAttribute: (el, attr, value) => run(el, 'set_attr', { attr: [attr, value] }),
    removeAttribute: (el, attr) => run(el, 'remove_attr', { attr }),
    toggleAttribute: (el, attr, v1, v2) => run(el, 'toggle_attr', { attr: [attr, v1, v2] }),
    ignoreAttributes: (el, attrs) => run(el, 'ignore_attrs', { attrs }),
    push: (el, event, o = {}) =>
      host.push(el, { ...o, event, type, pageLoading: o.page_loading, onReply: o.callback }),
    navigate: (href, o = {}) => host.navigate(href, o.replace === true),
    patch: (href, o = {}) => host.patch(href, o.replace === true),
  };
}
