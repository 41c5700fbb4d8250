/**
 * Runs JS commands (PROTOCOL.md 7): the value of a binding attribute is either an event name
 * (a lone `push`) or a JSON array of `[kind, args]` run in order. Each command acts on its
 * targets (`to`: a selector in the document, `{closest}`, `{inner}`; default the element
 * itself); `push`, `navigate`, `patch` and `pop_focus` run once, for the element.
 *
 * Bad input never throws into the caller (an event listener): malformed JSON, an unknown kind
 * or a failing command is logged with the element and skipped.
 */

import type { EventType, ExecExtra, JSHost } from './host.js';
import { changeAttr, changeClasses, ignoreAttrs, isStyled } from './js-sticky.js';
import { classList, hide, isHidden, runTransition, show, transitionOf } from './js-transition.js';

// The DOM patcher's half of sticky state lives beside the rest of it.
export { carrySticky } from './js-sticky.js';

/** `to`: where a command acts. */
type To = string | { readonly closest: string } | { readonly inner: string };

/** The arguments of every command kind, as the server encodes them (nil ones omitted). @internal */
export interface Args {
  readonly to?: To;
  readonly event?: string;
  readonly value?: Record<string, unknown>;
  readonly target?: number | string;
  readonly loading?: string;
  readonly page_loading?: boolean;
  readonly href?: string;
  readonly replace?: boolean;
  readonly display?: string;
  readonly transition?: unknown;
  readonly ins?: unknown;
  readonly outs?: unknown;
  readonly time?: number;
  readonly names?: unknown;
  readonly attr?: string | readonly [string, string?, string?];
  readonly attrs?: unknown;
  readonly detail?: Record<string, unknown>;
  readonly bubbles?: boolean;
}

/** One decoded command: `[kind, args]`. @internal */
export type Command = readonly [string, Args];

interface Run {
  readonly host: JSHost;
  readonly el: Element;
  readonly type: EventType;
  readonly extra: ExecExtra | undefined;
}

const focusStack: Element[] = [];

/**
 * The commands a binding attribute's value stands for: JSON commands, or an event name (one
 * `push`); undefined when the JSON does not parse.
 *
 * @internal
 */
export function parseJS(encoded: string): readonly Command[] | undefined {
  if (!encoded.trimStart().startsWith('[')) return [['push', { event: encoded }]];
  try {
    return JSON.parse(encoded) as Command[];
  } catch {
    return undefined;
  }
}

/**
 * Runs a binding attribute's value for `el`; pushes in it get `type` and `extra` (the
 * binding's meta, form, and so on). A `push`'s own `value` is merged over `extra.value`.
 */
export function execJS(
  host: JSHost,
  el: Element,
  encoded: string,
  type: EventType,
  extra?: ExecExtra,
): void {
  const commands = parseJS(encoded);
  if (commands === undefined) {
    console.error('liveactor: invalid JS commands on', el, encoded);
    return;
  }
  runCommands(host, el, commands, type, extra);
}

/**
 * Runs decoded commands `[[kind, args], ...]` for `el`, each one's failure logged and skipped.
 *
 * @internal
 */
export function runCommands(
  host: JSHost,
  el: Element,
  commands: readonly Command[],
  type: EventType,
  extra?: ExecExtra,
): void {
  const run: Run = { host, el, type, extra };
  for (const command of commands) {
    const [kind, args = {}] = Array.isArray(command) ? command : [];
    try {
      runCommand(run, String(kind), args);
    } catch (error) {
      console.error(`liveactor: JS command ${kind} failed on`, el, error);
    }
  }
}

/**
 * Runs the JS commands in attribute `attr` of `el`, if it has one (`phx-mounted`,
 * `phx-remove`, `phx-connected`, ...). Returns whether it had the attribute.
 */
export function execBinding(host: JSHost, el: Element, attr: string, type: EventType): boolean {
  const encoded = el.getAttribute(attr);
  if (encoded === null) return false;
  execJS(host, el, encoded, type);
  return true;
}

function targets(el: Element, to: To | undefined): Element[] {
  if (to === undefined) return [el];
  if (typeof to === 'string') return [...el.ownerDocument.querySelectorAll(to)];
  if ('closest' in to) {
    const found = el.closest(to.closest);
    return found ? [found] : [];
  }
  return [...el.querySelectorAll(to.inner)];
}

function runCommand(run: Run, kind: string, args: Args): void {
  const { host, el } = run;
  if (kind === 'push') push(run, args);
  else if (kind === 'navigate' || kind === 'patch') {
    if (typeof args.href !== 'string') throw new TypeError('href is required');
    host[kind](args.href, args.replace === true);
  } else if (kind === 'pop_focus') focus(focusStack.pop());
  else {
    const handler = ON_TARGET[kind];
    if (handler === undefined) throw new Error('unknown command');
    for (const target of targets(el, args.to)) handler(target, args, run);
  }
}

/** The commands that act on each of their targets. */
const ON_TARGET: Record<string, (el: Element, args: Args, run: Run) => void> = {
  show: (el, a) => show(el, a.display, transitionOf(a.transition), a.time),
  hide: (el, a) => hide(el, transitionOf(a.transition), a.time),
  toggle: (el, a) =>
    isHidden(el)
      ? show(el, a.display, transitionOf(a.ins), a.time)
      : hide(el, transitionOf(a.outs), a.time),
  add_class: (el, a) => afterTransition(el, a, () => changeClasses(el, classList(a.names), [])),
  remove_class: (el, a) => afterTransition(el, a, () => changeClasses(el, [], classList(a.names))),
  toggle_class: (el, a) =>
    afterTransition(el, a, () => {
      const names = classList(a.names);
      const has = names.filter((n) => el.classList.contains(n));
      changeClasses(
        el,
        names.filter((n) => !has.includes(n)),
        has,
      );
    }),
  transition: (el, a) => afterTransition(el, a, () => {}),
  set_attr: (el, a) => attr(el, 'set', a.attr),
  remove_attr: (el, a) => attr(el, 'remove', a.attr),
  toggle_attr: (el, a) => attr(el, 'toggle', a.attr),
  ignore_attrs: (el, a) => ignoreAttrs(el, classList(a.attrs)),
  dispatch: (el, a, run) => dispatch(run.el, el, a),
  focus: (el) => focus(el),
  focus_first: (el) => focusFirst(el),
  push_focus: (el) => {
    focusStack.push(el);
  },
  exec: (el, a, run) => {
    const name = typeof a.attr === 'string' ? a.attr : '';
    const encoded = el.getAttribute(name);
    if (encoded === null) throw new Error(`no ${name} attribute`);
    execJS(run.host, el, encoded, run.type);
  },
};

function push({ host, el, type, extra }: Run, args: Args): void {
  if (typeof args.event !== 'string') throw new TypeError('event is required');
  host.push(el, {
    ...extra,
    event: args.event,
    type,
    value: args.value ? { ...extra?.value, ...args.value } : extra?.value,
    target: args.target ?? extra?.target,
    loading: args.loading ?? extra?.loading,
    pageLoading: args.page_loading ?? extra?.pageLoading,
  });
}

// Like the official client, class commands with a transition apply their names once it ends.
function afterTransition(el: Element, args: Args, apply: () => void): void {
  const transition = transitionOf(args.transition);
  if (transition) runTransition(el, transition, args.time, apply);
  else apply();
}

function attr(el: Element, kind: 'set' | 'remove' | 'toggle', spec: Args['attr']): void {
  const [name, v1 = '', v2] = typeof spec === 'string' ? [spec] : (spec ?? []);
  if (!name) throw new TypeError('attr is required');
  if (kind === 'set') changeAttr(el, name, v1);
  else if (kind === 'remove') changeAttr(el, name, null);
  else if (!el.hasAttribute(name)) changeAttr(el, name, v1);
  else if (v2 === undefined) changeAttr(el, name, null);
  else changeAttr(el, name, el.getAttribute(name) === v1 ? v2 : v1);
}

function dispatch(source: Element, el: Element, { event, detail, bubbles }: Args): void {
  if (typeof event !== 'string') throw new TypeError('event is required');
  if (event === 'click' && el instanceof HTMLElement) el.click();
  else {
    el.dispatchEvent(
      new CustomEvent(event, {
        bubbles: bubbles ?? true,
        cancelable: true,
        detail: { ...detail, dispatcher: source },
      }),
    );
  }
}

function focus(el: Element | undefined): void {
  if (isStyled(el)) el.focus();
}

const FOCUSABLE =
  'a[href],area[href],button:not([disabled]),input:not([disabled]):not([type=hidden]),' +
  'select:not([disabled]),textarea:not([disabled]),iframe,[contenteditable],[tabindex]';

function focusFirst(el: Element): void {
  for (const candidate of el.querySelectorAll(FOCUSABLE)) {
    if (candidate.getAttribute('tabindex') === '-1') continue;
    focus(candidate);
    if (el.ownerDocument.activeElement === candidate) return;
  }
}
