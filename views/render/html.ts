/**
 * One rendering of an `html` tagged template: the call site's strings array (its statics and
 * its identity: the same object on every call from one place in the source, so it doubles as
 * the template's fingerprint) and this call's `${}` values (its dynamic slots).
 *
 * @example
 * const view = (n: number) => html`<p>${n}</p>`;
 * view(1).strings === view(2).strings; // true: one template, two renderings
 */
export class Template {
  readonly strings: TemplateStringsArray;
  readonly values: readonly unknown[];

  constructor(strings: TemplateStringsArray, values: readonly unknown[]) {
    this.strings = strings;
    this.values = values;
  }
}

/**
 * Builds a {@link Template}. A slot may hold a string or number (escaped for its position), a
 * `raw()` value, another template, an array of templates (a comprehension), `keyed(...)`, a
 * `liveComponent(...)`, or a function `() => value` (a lazy slot, re-run only when an assign
 * it read last time changed). In attribute-value position (`name=${v}` or `name="${v}"`),
 * `true` renders the bare attribute, `false`/`null`/`undefined` omit it, and an array (e.g. a
 * class list) joins its truthy entries with spaces.
 *
 * @example
 * const row = (user: { name: string; admin: boolean }) =>
 *   html`<li class=${['user', user.admin && 'admin']}>${user.name}</li>`;
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Template {
  return new Template(strings, values);
}

/**
 * Markup that is inserted as is, without escaping. Use it only for HTML you produced or
 * sanitised yourself: anything inside reaches the browser verbatim.
 *
 * @example
 * html`<div>${raw('<b>trusted</b>')}</div>`;
 */
export class RawHtml {
  readonly html: string;

  constructor(markup: string) {
    this.html = markup;
  }
}

/**
 * Marks a string as trusted markup (see {@link RawHtml}).
 *
 * @example
 * html`<p>${raw(markdownToHtml(post.body))}</p>`;
 */
export function raw(markup: string): RawHtml {
  return new RawHtml(markup);
}
