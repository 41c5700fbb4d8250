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
  type Field,
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
    const { page, form, fields, given } = await this.#filled();
    const {
      _target: target = [...given.keys()].at(-1) ?? defaultTarget(fields) ?? 'undefined',
      ...rest
    } = extra;
    const used = new Set([...given.keys(), ...(typeof target === 'string' ? [target] : [])]);
    const encoded = encodeForm(fields, { untouched: untouchedNames(form, fields, used) });
    return this.#send(page, form, 'phx-change', encoded, { _target: target }, rest);
  }

  async submit(extra: Value = {}, options: SubmitOptions = {}): Promise<string> {
    const { page, form, fields } = await this.#filled();
    const submitter =
      options.submitter === undefined
        ? undefined
        : this.#submitter(page, fields, options.submitter);
    const encoded = encodeForm(fields, { submitter });
    return this.#send(page, form, 'phx-submit', encoded, {}, extra);
  }

  async render(): Promise<string> {
    return outerHtml(this.#form(await this.#host.page()));
  }

  #send(
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
    const actions = bindingActions(
      binding,
      attr(form, 'phx-target'),
      `${name} of ${describeElement(form)}`,
    );
    return runActions(this.#host, page, actions, (push) =>
      mergeDeep(decodeFormEvent(encoded, { ...meta, ...phxValues(form), ...push.value }), extra),
    );
  }

  async #filled() {
    const page = await this.#host.page();
    const form = this.#form(page);
    const fields = formFields(page, form);
    const given = flattenValues(this.#values, fields);
    for (const [name, value] of given) fill(fields, name, value);
    return { page, form, fields, given };
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

  #submitter(page: Page, fields: readonly Field[], selector: string): Element {
    const el = single(page, selector, undefined);
    if (!fields.some((f) => f.el === el) || !isSubmitButton(el)) {
      throw new LiveViewTestError(
        'ERR_FORM_FIELD',
        `${describeElement(el)} is no submit button of the form`,
      );
    }
    if (isDisabled(el)) {
      throw new LiveViewTestError(
        'ERR_ELEMENT_DISABLED',
        `${describeElement(el)} is disabled: a user cannot press it`,
      );
    }
    return el;
  }
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
