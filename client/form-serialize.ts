/**
 * A form's values as the URL-encoded string a form event carries (PROTOCOL.md 3.3), with the
 * `_unused_` keys that tell the server which fields the user has not touched yet, so it can
 * hold back "can't be blank" on a field nobody typed in.
 *
 * Worked example: a form with `user[name]` (never touched) and `user[email]` (typed `jo@x.io`)
 * serialises as `user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io`.
 *
 * Entries come from walking `form.elements` in DOM order (what `new FormData(form, submitter)`
 * gives, without relying on the submitter argument, which not every browser has): disabled
 * controls, buttons other than the submitter, unchecked boxes and file inputs are left out.
 */

const used = new WeakSet<Element>();

/**
 * Marks a field as touched by the user (an `input` or `change` event fired on it).
 *
 * @example
 * input.addEventListener('input', () => markUsed(input));
 */
export function markUsed(el: Element): void {
  used.add(el);
}

/** Marks every field of `form` as touched (it was submitted). */
export function markAllUsed(form: HTMLFormElement): void {
  for (const el of form.elements) used.add(el);
}

/** True once {@link markUsed} saw `el`. */
export function isUsed(el: Element): boolean {
  return used.has(el);
}

/** Options of {@link serializeForm}. */
export interface SerializeOptions {
  /** The button that submitted; its `name=value` is included in DOM order. */
  readonly submitter?: Element | null | undefined;
  /** Keep only entries with these names. */
  readonly onlyNames?: readonly string[] | undefined;
  /** Add `_unused_` keys for untouched fields (change events; never on submit). */
  readonly unused?: boolean | undefined;
}

/**
 * The form as `application/x-www-form-urlencoded` text (spaces as `+`).
 *
 * @example
 * serializeForm(form, { unused: true }); // '_unused_q=&q='
 */
export function serializeForm(form: HTMLFormElement, opts: SerializeOptions = {}): string {
  const params = new URLSearchParams();
  const marked = new Set<string>();
  const noUnused = form.hasAttribute('phx-no-unused-field');
  for (const [name, value] of entries(form, opts.submitter ?? null)) {
    if (opts.onlyNames && !opts.onlyNames.includes(name)) continue;
    if (opts.unused && !noUnused && !marked.has(name)) {
      marked.add(name);
      if (isUnused(form, name)) params.append(unusedKey(name), '');
    }
    params.append(name, value);
  }
  return params.toString();
}

/**
 * The `_unused_` form of a field name: `name` -> `_unused_name`, `user[email]` ->
 * `user[_unused_email]`, `tags[]` -> `_unused_tags[]`.
 *
 * @example
 * unusedKey('user[email]'); // 'user[_unused_email]'
 */
export function unusedKey(name: string): string {
  if (name.endsWith('[]')) return `${unusedKey(name.slice(0, -2))}[]`;
  const open = name.lastIndexOf('[');
  if (open > 0 && name.endsWith(']')) {
    return `${name.slice(0, open)}[_unused_${name.slice(open + 1, -1)}]`;
  }
  return `_unused_${name}`;
}

type Entry = readonly [name: string, value: string];

function* entries(form: HTMLFormElement, submitter: Element | null): Generator<Entry> {
  for (const el of form.elements) {
    const name = el.getAttribute('name');
    if (!name || (el as HTMLInputElement).disabled) continue;
    if (el instanceof HTMLSelectElement) {
      for (const option of el.selectedOptions) yield [name, option.value];
      continue;
    }
    const input = el as HTMLInputElement;
    const type = input.type;
    if (el.tagName === 'BUTTON' || type === 'submit' || type === 'image' || type === 'reset') {
      if (el === submitter) yield [name, input.value];
      continue;
    }
    if (type === 'file' || el.tagName === 'FIELDSET' || el.tagName === 'OUTPUT') continue;
    if ((type === 'checkbox' || type === 'radio') && !input.checked) continue;
    yield [name, input.value];
  }
}

// Untouched: no field of that name was used, it is not only hidden inputs, and neither the
// form nor the fields opted out.
function isUnused(form: HTMLFormElement, name: string): boolean {
  let visible = false;
  for (const el of form.elements) {
    if (el.getAttribute('name') !== name) continue;
    if (used.has(el) || el.hasAttribute('phx-no-unused-field')) return false;
    if ((el as HTMLInputElement).type !== 'hidden') visible = true;
  }
  return visible;
}
