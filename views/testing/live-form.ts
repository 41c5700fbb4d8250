/**
 * `lv.form(selector, values)`: a form of the page, filled in with `values` and changed or
 * submitted as the browser client does it (form-data.ts), through the form's own `phx-change`
 * / `phx-submit` (an event name or JS commands) and `phx-target`. The fields named in `values`
 * count as touched, so a change marks the others `_unused_`, as a user who filled in only those
 * would send.
 */
import type { Element } from 'domhandler';
import { decodeFormEvent, FORBIDDEN_KEYS } from '../form-params.js';
import { bindingActions, isDisabled, phxValues, single } from './bindings.js';
import { LiveViewTestError } from './errors.js';
import {
  defaultTarget,
  encodeForm,
  type FormValues,
  fill,
  flattenValues,
  formFields,
  isSubmitButton,
  untouchedNames,
} from './form-data.js';
import { type PageHost, runActions } from './page-host.js';
import { attr, describeElement, outerHtml, type Page } from './page-query.js';

type Value = Readonly<Record<string, unknown>>;

/**
 * Options of {@link LiveForm.submit}.
 *
 * @example
 * await lv.form('#order', { qty: 2 }).submit({}, { submitter: 'button[name=save]' });
 */
export interface SubmitOptions {
  /** A selector of the submit button pressed: its `name=value` is sent, at its place. */
  readonly submitter?: string | undefined;
}

/**
 * A form of the page under test (see `lv.form`). `extra` is merged into the params after the
 * form's values without being checked against the form (for what a hook or `JS.push` adds);
 * `extra._target` names the changed field of a change (default: the last field of `values`).
 *
 * @example
 * const form = lv.form('#signup', { user: { email: 'jo@x.io' } });
 * expect(await form.change()).toContain('Not an email');
 * await form.submit();
 */
export interface LiveForm {
  /** Sends the form's `phx-change`. */
  change(extra?: Value): Promise<string>;
  /** Sends the form's `phx-submit`. */
  submit(extra?: Value, options?: SubmitOptions): Promise<string>;
  /** The form's current markup. */
  render(): Promise<string>;
}

/** @internal */
export class PageForm implements LiveForm {
  readonly #host: PageHost;
  readonly #selector: string;
  readonly #values: FormValues;

  constructor(host: PageHost, selector: string, values: FormValues) {
    this.#host = host;
    this.#selector = selector;
    this.#values = values;
  }

  async change(extra: Value = {}): Promise<string> {
    const page = await this.#host.page();
    return changeForm(this.#host, page, this.#form(page), this.#values, extra);
  }

  async submit(extra: Value = {}, options: SubmitOptions = {}): Promise<string> {
    const page = await this.#host.page();
    const form = this.#form(page);
    const { submitter } = options;
    const pressed = submitter === undefined ? undefined : single(page, submitter, undefined);
    return submitForm(this.#host, page, form, this.#values, extra, pressed);
  }

  async render(): Promise<string> {
    return outerHtml(this.#form(await this.#host.page()));
  }

  #form(page: Page): Element {
    const form = single(page, this.#selector, undefined);
    if (form.name !== 'form') {
      throw new LiveViewTestError(
        'ERR_NO_ELEMENT',
        `${JSON.stringify(this.#selector)} is ${describeElement(form)}, not a form`,
      );
    }
    return form;
  }
}

/**
 * Sends `form`'s `phx-change` with `values` filled in; the fields named count as touched.
 * @internal
 */
export function changeForm(
  host: PageHost,
  page: Page,
  form: Element,
  values: FormValues,
  extra: Value,
): Promise<string> {
  const { fields, given } = filled(page, form, values);
  const last = [...given.keys()].at(-1);
  const { _target: target = last ?? defaultTarget(fields) ?? 'undefined', ...rest } = extra;
  const used = new Set([...given.keys(), ...(typeof target === 'string' ? [target] : [])]);
  const encoded = encodeForm(fields, { untouched: untouchedNames(form, fields, used) });
  return send(host, page, form, 'phx-change', encoded, { _target: target }, rest);
}

/**
 * Sends `form`'s `phx-submit` with `values` filled in, pressed with `submitter` (a submit
 * button of the form) when given.
 * @internal
 */
export function submitForm(
  host: PageHost,
  page: Page,
  form: Element,
  values: FormValues,
  extra: Value,
  submitter: Element | undefined,
): Promise<string> {
  const { fields } = filled(page, form, values);
  if (submitter !== undefined) {
    const what = describeElement(submitter);
    if (!fields.some((f) => f.el === submitter) || !isSubmitButton(submitter)) {
      throw new LiveViewTestError('ERR_FORM_FIELD', `${what} is no submit button of the form`);
    }
    if (isDisabled(submitter)) {
      throw new LiveViewTestError(
        'ERR_ELEMENT_DISABLED',
        `${what} is disabled: a user cannot press it`,
      );
    }
  }
  const encoded = encodeForm(fields, { submitter });
  return send(host, page, form, 'phx-submit', encoded, {}, extra);
}

function filled(page: Page, form: Element, values: FormValues) {
  const fields = formFields(page, form);
  const given = flattenValues(values, fields);
  for (const [name, value] of given) fill(fields, name, value);
  return { fields, given };
}

function send(
  host: PageHost,
  page: Page,
  form: Element,
  name: string,
  encoded: string,
  meta: Value,
  extra: Value,
): Promise<string> {
  const binding = attr(form, name);
  if (binding === undefined) {
    throw new LiveViewTestError('ERR_NO_BINDING', `${describeElement(form)} has no ${name}`);
  }
  const where = `${name} of ${describeElement(form)}`;
  const actions = bindingActions(binding, attr(form, 'phx-target'), where);
  return runActions(host, page, actions, (push) =>
    mergeDeep(decodeFormEvent(encoded, { ...meta, ...phxValues(form), ...push.value }), extra),
  );
}

/** `extra` merged into `params`, nested objects key by key. */
function mergeDeep(params: Record<string, unknown>, extra: Value): Record<string, unknown> {
  const out = { ...params };
  for (const [key, value] of Object.entries(extra)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const old = out[key];
    out[key] = isObject(old) && isObject(value) ? mergeDeep(old, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
