/**
 * A rendered form filled in by a test, and sent as the browser client sends it (PROTOCOL.md
 * 3.3): the form's controls in document order with their rendered state, the test's values put
 * in the controls that can hold them, then the entries `new FormData(form)` would give, with an
 * empty `_unused_<name>` key before each value of a field the user has not touched (a change)
 * and the submitter's `name=value` at its place (a submit).
 *
 * A value a user could not enter is an error, as in LiveViewTest: a name no enabled control of
 * the form has, a choice a select or radio group does not offer, a value for a checkbox other
 * than its own (or its hidden twin's), a new value for a hidden input.
 *
 * Worked example: `<form><input name="user[name]"><input name="user[email]"></form>` filled
 * with `{ user: { email: 'jo@x.io' } }` changes as
 * `user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io`.
 */
import type { Element } from 'domhandler';
import { isDisabled, optionsOf, optionValue, selectedOptions } from './bindings.js';
import { LiveViewTestError } from './errors.js';
import { attr, closest, type Page } from './page-query.js';

/**
 * A value a test puts in a form: text, a number, a list (`tags[]`, a multiple select), `true` /
 * `false` for a lone checkbox, or the fields under a name (`{ user: { email: 'jo@x.io' } }`).
 *
 * @example
 * const values: FormValues = { user: { email: 'jo@x.io', age: 41, tags: ['a', 'b'], terms: true } };
 */
export type FormValue = string | number | boolean | readonly (string | number)[] | FormValues;

/**
 * The values of a form, by field name (see {@link FormValue}); a bracket name may be given as
 * it is (`{ 'user[email]': 'jo@x.io' }`).
 *
 * @example
 * await lv.form('#signup', { user: { email: 'jo@x.io' } } satisfies FormValues).change();
 */
export interface FormValues {
  readonly [name: string]: FormValue;
}

type Kind = 'text' | 'hidden' | 'checkbox' | 'radio' | 'select' | 'textarea' | 'file' | 'button';

/**
 * One control of the form and what it holds.
 * @internal
 */
export interface Field {
  readonly el: Element;
  readonly kind: Kind;
  readonly name: string;
  readonly disabled: boolean;
  value: string;
  checked: boolean;
  selected: string[];
}

/**
 * The form a control belongs to: the one its `form` attribute names, else the one around it.
 * @internal
 */
export function formOf(page: Page, el: Element): Element | undefined {
  const linked = attr(el, 'form');
  if (linked === undefined) return closest(el, (node) => node.name === 'form');
  return page.select('form').find((form) => attr(form, 'id') === linked);
}

/**
 * The controls of `form` (inside it or tied to it by `form="id"`), in document order.
 * @internal
 */
export function formFields(page: Page, form: Element): Field[] {
  const owned = (el: Element) => formOf(page, el) === form;
  return page.select('input, select, textarea, button').filter(owned).map(field);
}

function field(el: Element): Field {
  const kind = kindOf(el);
  const disabled = isDisabled(el);
  const text = el.children.map((node) => ('data' in node ? node.data : '')).join('');
  return {
    el,
    kind,
    name: attr(el, 'name') ?? '',
    disabled,
    value: kind === 'textarea' ? text : (attr(el, 'value') ?? ''),
    checked: attr(el, 'checked') !== undefined,
    selected: kind === 'select' ? selectedOptions(el) : [],
  };
}

function kindOf(el: Element): Kind {
  if (el.name === 'select' || el.name === 'textarea') return el.name;
  if (el.name === 'button') return 'button';
  const type = (attr(el, 'type') ?? 'text').toLowerCase();
  if (type === 'hidden' || type === 'checkbox' || type === 'radio' || type === 'file') return type;
  if (type === 'submit' || type === 'image' || type === 'reset' || type === 'button')
    return 'button';
  return 'text';
}

/**
 * True for a control that submits its form when pressed.
 * @internal
 */
export function isSubmitButton(el: Element): boolean {
  const type = (attr(el, 'type') ?? (el.name === 'button' ? 'submit' : 'text')).toLowerCase();
  return (el.name === 'button' || el.name === 'input') && (type === 'submit' || type === 'image');
}

/**
 * The test's values by field name, in the order given: nested objects become bracket names,
 * a list goes to `name[]` when the form has that name.
 * @internal
 */
export function flattenValues(
  values: FormValues,
  fields: readonly Field[],
): Map<string, string[] | boolean> {
  const names = new Set(fields.map((f) => f.name));
  const out = new Map<string, string[] | boolean>();
  const walk = (level: FormValues, prefix: string) => {
    for (const [key, value] of Object.entries(level)) {
      const name = prefix === '' ? key : `${prefix}[${key}]`;
      if (value === null || value === undefined) {
        throw formError(`"${name}" is given ${String(value)}: give it a value, or leave it out`);
      }
      if (Array.isArray(value)) {
        out.set(names.has(`${name}[]`) ? `${name}[]` : name, value.map(String));
      } else if (typeof value === 'object' && value !== null) {
        walk(value as FormValues, name);
      } else {
        out.set(name, typeof value === 'boolean' ? value : [String(value)]);
      }
    }
  };
  walk(values, '');
  return out;
}

/**
 * Puts a test's value for `name` in the form's controls, or rejects it as a user could not
 * enter it.
 * @internal
 */
export function fill(fields: readonly Field[], name: string, given: string[] | boolean): void {
  const named = fields.filter((f) => f.name === name && f.kind !== 'button');
  const enabled = named.filter((f) => !f.disabled);
  if (enabled.length === 0) {
    const known = [...new Set(fields.filter((f) => f.name !== '').map((f) => f.name))];
    throw formError(
      named.length > 0
        ? `the field "${name}" is disabled`
        : `the form has no field named "${name}" (its fields: ${known.join(', ') || 'none'})`,
    );
  }
  if (enabled.some((f) => f.kind === 'file')) {
    throw formError(`"${name}" is a file input: a form value cannot fill it`);
  }
  const shown = enabled.filter((f) => f.kind !== 'hidden');
  const kind = shown[0]?.kind;
  if (kind === undefined) fillHidden(enabled, name, given);
  else if (kind === 'checkbox') fillCheckboxes(enabled, shown, name, given);
  else if (typeof given === 'boolean') {
    throw formError(`"${name}" is no checkbox: give it text, not ${given}`);
  } else if (kind === 'select') fillSelects(shown, name, given);
  else if (kind === 'radio') fillRadios(shown, name, given);
  else fillText(shown, name, given);
}

function fillText(shown: readonly Field[], name: string, given: string[]): void {
  if (given.length > shown.length) {
    throw formError(`${given.length} values for "${name}", which has ${shown.length} field(s)`);
  }
  given.forEach((value, i) => {
    shown[i]!.value = value;
  });
}

function fillHidden(hidden: readonly Field[], name: string, given: string[] | boolean): void {
  const allowed = hidden.map((f) => f.value);
  const values = typeof given === 'boolean' ? [String(given)] : given;
  if (!values.every((v) => allowed.includes(v))) {
    throw formError(
      `"${name}" is a hidden input holding ${JSON.stringify(allowed)}: a user cannot change it (pass it in the extra value of change() or submit())`,
    );
  }
}

function fillCheckboxes(
  enabled: readonly Field[],
  boxes: readonly Field[],
  name: string,
  given: string[] | boolean,
): void {
  const own = (f: Field) => attr(f.el, 'value') ?? 'on';
  if (typeof given === 'boolean') {
    if (boxes.length > 1) {
      throw formError(`"${name}" has ${boxes.length} checkboxes: give the values to check`);
    }
    boxes[0]!.checked = given;
    return;
  }
  // A hidden twin's value (Phoenix's "false" before a checkbox) means: none checked.
  const allowed = [
    ...boxes.map(own),
    ...enabled.filter((f) => f.kind === 'hidden').map((f) => f.value),
  ];
  const wrong = given.filter((v) => !allowed.includes(v));
  if (wrong.length > 0) {
    throw formError(
      `checkbox "${name}" takes ${JSON.stringify(allowed)}, not ${JSON.stringify(wrong)}`,
    );
  }
  for (const box of boxes) box.checked = given.includes(own(box));
}

function fillSelects(selects: readonly Field[], name: string, given: string[]): void {
  const select = selects[0]!;
  const options = optionsOf(select.el).filter((o) => attr(o, 'disabled') === undefined);
  const allowed = options.map(optionValue);
  const multiple = attr(select.el, 'multiple') !== undefined;
  if ((!multiple && given.length !== 1) || !given.every((v) => allowed.includes(v))) {
    throw formError(
      `select "${name}" takes ${multiple ? 'some of' : 'one of'} ${JSON.stringify(allowed)}, not ${JSON.stringify(given)}`,
    );
  }
  select.selected = [...given];
}

function fillRadios(radios: readonly Field[], name: string, given: string[]): void {
  const allowed = radios.map((f) => attr(f.el, 'value') ?? 'on');
  const [value] = given;
  if (given.length !== 1 || value === undefined || !allowed.includes(value)) {
    throw formError(
      `radio "${name}" takes one of ${JSON.stringify(allowed)}, not ${JSON.stringify(given)}`,
    );
  }
  for (const radio of radios) radio.checked = (attr(radio.el, 'value') ?? 'on') === value;
}

/**
 * The names whose controls the user has not touched (a change marks them `_unused_`): every
 * named control but hidden inputs, less `used` and those opted out with `phx-no-unused-field`.
 * @internal
 */
export function untouchedNames(
  form: Element,
  fields: readonly Field[],
  used: ReadonlySet<string>,
): Set<string> {
  if (attr(form, 'phx-no-unused-field') !== undefined) return new Set();
  const out = new Set<string>();
  const optedOut = new Set<string>();
  for (const f of fields) {
    if (f.name === '') continue;
    if (attr(f.el, 'phx-no-unused-field') !== undefined) optedOut.add(f.name);
    else if (f.kind !== 'hidden' && !used.has(f.name)) out.add(f.name);
  }
  for (const name of optedOut) out.delete(name);
  return out;
}

/**
 * The form's entries as the browser client encodes them: `application/x-www-form-urlencoded`,
 * spaces as `+`, `_unused_` keys before untouched fields' values, the submitter's entry in place.
 * @internal
 */
export function encodeForm(
  fields: readonly Field[],
  options: { readonly untouched?: ReadonlySet<string>; readonly submitter?: Element | undefined },
): string {
  const params = new URLSearchParams();
  for (const f of fields) {
    if (f.disabled || f.name === '') continue;
    const values = entriesOf(f, options.submitter);
    for (const value of values) {
      if (options.untouched?.has(f.name) && f.el !== options.submitter) {
        params.append(unusedKey(f.name), '');
      }
      params.append(f.name, value);
    }
  }
  return params.toString();
}

function entriesOf(f: Field, submitter: Element | undefined): readonly string[] {
  switch (f.kind) {
    case 'button':
      return f.el === submitter ? [attr(f.el, 'value') ?? ''] : [];
    case 'file':
      return [];
    case 'checkbox':
    case 'radio':
      return f.checked ? [attr(f.el, 'value') ?? 'on'] : [];
    case 'select':
      return f.selected;
    default:
      return [f.value];
  }
}

/** `email` -> `_unused_email`, `user[email]` -> `user[_unused_email]`, `tags[]` -> `_unused_tags[]`. */
function unusedKey(name: string): string {
  return name.replace(/([^[\]]+)(\]?(?:\[\])?)$/, '_unused_$1$2');
}

/**
 * The name a change reports as `_target` when the test names no field: the first named control
 * that is not hidden, else the first named one (what form recovery reports).
 * @internal
 */
export function defaultTarget(fields: readonly Field[]): string | undefined {
  const named = fields.filter((f) => f.name !== '' && f.kind !== 'button');
  return (named.find((f) => f.kind !== 'hidden') ?? named[0])?.name;
}

function formError(message: string): LiveViewTestError {
  return new LiveViewTestError('ERR_FORM_FIELD', message);
}
