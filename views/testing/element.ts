/**
 * `lv.element(selector, text?)`: one element of the page, acted on as a user would. Each action
 * reads the page afresh, finds exactly one element, and sends what its `phx-*` attributes say
 * (bindings.ts), so a test fails when the template stops wiring the element. An action the
 * browser would not send (no binding, a disabled control, a key `phx-key` filters out) rejects.
 */
import type { Element } from 'domhandler';
import { bindingActions, eventValue, isDisabled, single, targetCids } from './bindings.js';
import { LiveViewTestError } from './errors.js';
import { formOf, isSubmitButton } from './form-data.js';
import { submitForm } from './live-form.js';
import { type PageHost, runActions } from './page-host.js';
import {
  attr,
  describeElement,
  outerHtml,
  type Page,
  type TextFilter,
  textOf,
} from './page-query.js';

type Value = Readonly<Record<string, unknown>>;

/**
 * An element of the page under test (see `lv.element`). Each action resolves with the page
 * HTML after the view handled what it sent.
 *
 * @example
 * await lv.element('button', 'Reserve').click();
 * await lv.element('#search').keyup({ key: 'Enter' });
 * expect(await lv.element('#count').text()).toBe('3');
 */
export interface LiveElement {
  /** Sends the element's `phx-click` (with `value` merged last), follows a link, or submits
   * the form of a submit button that has no `phx-click` (`value` merged into its params). */
  click(value?: Value): Promise<string>;
  /** Sends its `phx-keyup` / `phx-window-keyup`; `value.key` defaults to its `phx-key`. */
  keyup(value?: Value): Promise<string>;
  keydown(value?: Value): Promise<string>;
  /** Sends its `phx-blur` / `phx-window-blur`. */
  blur(value?: Value): Promise<string>;
  focus(value?: Value): Promise<string>;
  /** Sends `event` as the element's hook would (`pushEvent`; to its `phx-target` if any). */
  hook(event: string, value?: unknown): Promise<string>;
  /** The element's current markup. */
  render(): Promise<string>;
  /** The element's current text as a reader gets it: whitespace runs as one space, trimmed. */
  text(): Promise<string>;
}

type KeyKind = 'keyup' | 'keydown';

/** @internal */
export class PageElement implements LiveElement {
  readonly #host: PageHost;
  readonly #selector: string;
  readonly #text: TextFilter | undefined;

  constructor(host: PageHost, selector: string, text: TextFilter | undefined) {
    this.#host = host;
    this.#selector = selector;
    this.#text = text;
  }

  async click(value?: Value): Promise<string> {
    const { page, el } = await this.#find();
    const binding = attr(el, 'phx-click');
    if (binding === undefined && el.name === 'a' && attr(el, 'href') !== undefined) {
      return this.#follow(el);
    }
    this.#enabled(el, 'click');
    // A submit button without phx-click submits its form, as in a browser, pressed by it.
    const form = binding === undefined && isSubmitButton(el) ? formOf(page, el) : undefined;
    if (form !== undefined) return submitForm(this.#host, page, form, {}, value ?? {}, el);
    return this.#fire(page, el, binding, 'phx-click', {}, value);
  }

  keyup(value?: Value): Promise<string> {
    return this.#key('keyup', value);
  }

  keydown(value?: Value): Promise<string> {
    return this.#key('keydown', value);
  }

  blur(value?: Value): Promise<string> {
    return this.#plain('blur', value);
  }

  focus(value?: Value): Promise<string> {
    return this.#plain('focus', value);
  }

  async hook(event: string, value?: unknown): Promise<string> {
    const { page, el } = await this.#find();
    if (attr(el, 'phx-hook') === undefined) {
      throw new LiveViewTestError('ERR_NO_BINDING', `${describeElement(el)} has no phx-hook`);
    }
    for (const cid of targetCids(page, attr(el, 'phx-target'))) {
      await this.#host.push(event, value ?? {}, cid);
    }
    return this.#host.html();
  }

  async render(): Promise<string> {
    return outerHtml((await this.#find()).el);
  }

  async text(): Promise<string> {
    return textOf((await this.#find()).el);
  }

  async #key(kind: KeyKind, value: Value | undefined): Promise<string> {
    const { page, el } = await this.#find();
    const name = attr(el, `phx-${kind}`) !== undefined ? `phx-${kind}` : `phx-window-${kind}`;
    const filter = attr(el, 'phx-key');
    const key = value?.key ?? filter;
    // The client drops a key event whose key is not the binding's phx-key.
    if (filter !== undefined && String(key).toLowerCase() !== filter.toLowerCase()) {
      throw new LiveViewTestError(
        'ERR_NO_BINDING',
        `${describeElement(el)} has phx-key="${filter}": the key ${JSON.stringify(key)} sends nothing`,
      );
    }
    this.#enabled(el, kind);
    return this.#fire(page, el, attr(el, name), name, key === undefined ? {} : { key }, value);
  }

  async #plain(kind: 'blur' | 'focus', value: Value | undefined): Promise<string> {
    const { page, el } = await this.#find();
    const name = attr(el, `phx-${kind}`) !== undefined ? `phx-${kind}` : `phx-window-${kind}`;
    this.#enabled(el, kind);
    return this.#fire(page, el, attr(el, name), name, {}, value);
  }

  #fire(
    page: Page,
    el: Element,
    binding: string | undefined,
    name: string,
    start: Value,
    given: Value | undefined,
  ): Promise<string> {
    if (binding === undefined) {
      const kind = name.replace(/^phx-(window-)?/, '');
      throw new LiveViewTestError(
        'ERR_NO_BINDING',
        `${describeElement(el)} has no phx-${kind}${kind === 'click' ? '' : ` or phx-window-${kind}`}`,
      );
    }
    const actions = bindingActions(
      binding,
      attr(el, 'phx-target'),
      `${name} of ${describeElement(el)}`,
    );
    return runActions(this.#host, page, actions, (push) =>
      eventValue(el, start, push.value, given),
    );
  }

  /** A link without phx-click: a live patch, a live navigation, or a full page load. */
  async #follow(el: Element): Promise<string> {
    const href = attr(el, 'href')!;
    const link = attr(el, 'data-phx-link');
    const kind = attr(el, 'data-phx-link-state') === 'replace' ? 'replace' : 'push';
    if (link === 'patch') {
      await this.#host.patch(href);
      return this.#host.html();
    }
    this.#host.leave(href, link === 'redirect' ? kind : undefined);
    return this.#host.html();
  }

  #enabled(el: Element, action: string): void {
    if (isDisabled(el)) {
      throw new LiveViewTestError(
        'ERR_ELEMENT_DISABLED',
        `${describeElement(el)} is disabled: a user cannot ${action} it`,
      );
    }
  }

  async #find(): Promise<{ page: Page; el: Element }> {
    const page = await this.#host.page();
    return { page, el: single(page, this.#selector, this.#text) };
  }
}
