/**
 * What a `phx-*` binding on a page element sends, read from the rendered attributes the way
 * the browser client reads them (PROTOCOL.md 3.2, 7): the event name, or the JS commands in
 * the attribute (`[["push",{"event":"reserve","value":{"id":2}}],["hide",{...}]]`, of which
 * `push`, `navigate` and `patch` reach the server and the rest only change the DOM); the value
 * from `phx-value-*` and the element's own value; the target from `phx-target` (a cid, or a
 * selector whose matches each send once, to the component they sit in).
 *
 * Worked example: `<button phx-click="pick" phx-value-id="7" value="x" phx-target="3">`
 * clicked with `{ shift: true }` sends `pick` with `{ id: '7', value: 'x', shift: true }` to
 * component 3.
 */
import type { Element } from 'domhandler';
import { LiveViewTestError } from './errors.js';
import { attr, closest, describeElement, type Page, textOf } from './page-query.js';

type Value = Readonly<Record<string, unknown>>;

/**
 * One thing a binding does when it fires.
 * @internal
 */
export type BindingAction =
  | {
      readonly kind: 'push';
      readonly event: string;
      /** A JS.push `value`: merged last, over the element's values. */
      readonly value: Value | undefined;
      /** A cid, a selector, or undefined for the view. */
      readonly target: unknown;
    }
  | { readonly kind: 'navigate' | 'patch'; readonly href: string; readonly replace: boolean };

/**
 * The actions of a binding attribute's value; `ownTarget` is the element's `phx-target`, which a
 * push without a target of its own uses.
 * @internal
 */
export function bindingActions(
  binding: string,
  ownTarget: string | undefined,
  where: string,
): BindingAction[] {
  if (!binding.trimStart().startsWith('[')) {
    return [{ kind: 'push', event: binding, value: undefined, target: ownTarget }];
  }
  let commands: unknown;
  try {
    commands = JSON.parse(binding);
  } catch {
    throw new LiveViewTestError(
      'ERR_NO_BINDING',
      `${where} holds no valid JS commands: ${binding}`,
    );
  }
  if (!Array.isArray(commands)) {
    throw new LiveViewTestError('ERR_NO_BINDING', `${where} holds no JS command list: ${binding}`);
  }
  const actions: BindingAction[] = [];
  for (const command of commands) {
    const [kind, args] = Array.isArray(command) ? command : [];
    const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    if (kind === 'push' && typeof a.event === 'string') {
      const value =
        typeof a.value === 'object' && a.value !== null ? (a.value as Value) : undefined;
      actions.push({ kind, event: a.event, value, target: a.target ?? ownTarget });
    } else if ((kind === 'navigate' || kind === 'patch') && typeof a.href === 'string') {
      actions.push({ kind, href: a.href, replace: a.replace === true });
    }
  }
  return actions;
}

const CID = /^(0|[1-9]\d*)$/;

/**
 * Where a push goes: one entry per receiver, a cid or undefined for the view. A selector target
 * sends once per match, to the live component the match sits in (or the view).
 * @internal
 */
export function targetCids(page: Page, target: unknown): (number | undefined)[] {
  if (target === undefined || target === null || target === '') return [undefined];
  if (typeof target === 'number') return [target];
  const text = String(target);
  if (CID.test(text)) return [Number(text)];
  const matches = page.select(text);
  if (matches.length === 0) {
    throw new LiveViewTestError(
      'ERR_NO_ELEMENT',
      `phx-target ${JSON.stringify(text)} matches nothing on the page`,
    );
  }
  return matches.map((el) => {
    const root = closest(el, (node) => attr(node, 'data-phx-component') !== undefined);
    return root === undefined ? undefined : Number(attr(root, 'data-phx-component'));
  });
}

const VALUE_PREFIX = 'phx-value-';

/**
 * The element's `phx-value-*` attributes, names kept verbatim (`phx-value-user-id` -> `user-id`).
 * @internal
 */
export function phxValues(el: Element): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(el.attribs)) {
    if (name.startsWith(VALUE_PREFIX)) out[name.slice(VALUE_PREFIX.length)] = value;
  }
  return out;
}

/**
 * The value of a non-form event from `el`: `start` (the key of a key event), `phx-value-*`, the
 * element's own `value` property as the browser has it, the JS.push value, then `given` (what
 * the test passed), each winning over the ones before.
 * @internal
 */
export function eventValue(
  el: Element,
  start: Value,
  jsValue: Value | undefined,
  given: Value | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...start, ...phxValues(el) };
  const own = ownValue(el);
  if (own !== undefined) out.value = own;
  return { ...out, ...jsValue, ...given };
}

/** `el.value` in a browser, or undefined where the element has none (or is an unchecked box). */
function ownValue(el: Element): string | number | undefined {
  switch (el.name) {
    case 'input': {
      const type = (attr(el, 'type') ?? 'text').toLowerCase();
      const checkable = type === 'checkbox' || type === 'radio';
      if (checkable && attr(el, 'checked') === undefined) return undefined;
      return attr(el, 'value') ?? (checkable ? 'on' : '');
    }
    case 'button':
    case 'data':
      return attr(el, 'value') ?? '';
    case 'option':
      return optionValue(el);
    case 'textarea':
    case 'output':
      return el.children.map((node) => ('data' in node ? node.data : '')).join('');
    case 'select':
      return selectedOptions(el)[0] ?? '';
    case 'li':
    case 'progress':
    case 'meter':
      return Number.parseInt(attr(el, 'value') ?? '0', 10) || 0;
    default:
      return undefined;
  }
}

/**
 * An option's value: its `value` attribute, else its text.
 * @internal
 */
export function optionValue(option: Element): string {
  return attr(option, 'value') ?? textOf(option);
}

/**
 * The options of a select in document order.
 * @internal
 */
export function optionsOf(select: Element): Element[] {
  const out: Element[] = [];
  const walk = (el: Element) => {
    for (const child of el.children) {
      if (child.type !== 'tag') continue;
      if (child.name === 'option') out.push(child);
      else if (child.name === 'optgroup') walk(child);
    }
  };
  walk(select);
  return out;
}

/**
 * The values a select sends as rendered: its selected options, else (a single select) its first
 * enabled option, as a browser picks it.
 * @internal
 */
export function selectedOptions(select: Element): string[] {
  const options = optionsOf(select);
  const selected = options.filter((o) => attr(o, 'selected') !== undefined);
  if (selected.length > 0 || attr(select, 'multiple') !== undefined)
    return selected.map(optionValue);
  const first = options.find((o) => attr(o, 'disabled') === undefined);
  return first === undefined ? [] : [optionValue(first)];
}

const CONTROLS: ReadonlySet<string> = new Set([
  'button',
  'input',
  'select',
  'textarea',
  'fieldset',
]);

/**
 * True for a form control the browser would not let the user act on: `disabled`, or inside a
 * disabled fieldset.
 * @internal
 */
export function isDisabled(el: Element): boolean {
  if (!CONTROLS.has(el.name)) return false;
  return (
    closest(el, (node) => CONTROLS.has(node.name) && attr(node, 'disabled') !== undefined) !==
    undefined
  );
}

/**
 * The one element a selector (and text) picks, or a rejection saying what was found.
 * @internal
 */
export function single(page: Page, selector: string, text: string | RegExp | undefined): Element {
  const found = page.select(selector, text);
  const what = `${JSON.stringify(selector)}${text === undefined ? '' : ` with text ${String(text)}`}`;
  if (found.length === 0) {
    throw new LiveViewTestError('ERR_NO_ELEMENT', `selector ${what} matched no element`);
  }
  if (found.length > 1) {
    const list = found.slice(0, 5).map(describeElement).join(', ');
    throw new LiveViewTestError(
      'ERR_MANY_ELEMENTS',
      `selector ${what} matched ${found.length} elements (${list}${found.length > 5 ? ', ...' : ''}); narrow it to one`,
    );
  }
  return found[0]!;
}
