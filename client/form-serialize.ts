/**
 * A form as the server reads it (PROTOCOL.md 3.3): the urlencoded form data, plus an empty
 * `_unused_<name>` key before the value of every field the user has not touched yet, which
 * is how the server's `used_input?/1` tells "not typed in yet" from "typed and cleared".
 *
 * "Used" is remembered per control in a WeakSet, so a morphdom patch that keeps the element
 * keeps the mark and a replaced element starts fresh, as in the official client.
 */

const used = new WeakSet<Element>();

/** Marks one control as interacted with: its next change events carry no `_unused_` key. */
export function markUsed(el: Element): void {
  used.add(el);
}

/** Marks every control of a form as used, as submitting the form does. */
export function markAllUsed(form: HTMLFormElement): void {
  for (const el of form.elements) used.add(el);
}

/** Forgets the marks of a form's controls, as a form reset does. */
export function resetUsed(form: HTMLFormElement): void {
  for (const el of form.elements) used.delete(el);
}

/** True once `el` was marked used. */
export function isUsed(el: Element): boolean {
  return used.has(el);
}

/** A control that takes part in a form: input, select, textarea, button, or a form-associated custom element. */
export type FormControl = HTMLElement & {
  readonly name: string;
  readonly form: HTMLFormElement | null;
};

/** True for the elements whose events can drive a form binding. */
export function isFormControl(el: unknown): el is FormControl {
  if (!(el instanceof HTMLElement)) return false;
  const custom = customElements.get(el.localName) as { formAssociated?: unknown } | undefined;
  if (custom) return custom.formAssociated === true;
  return (
    el instanceof HTMLInputElement ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLButtonElement
  );
}

/** Options of {@link serializeForm}. */
export interface SerializeOptions {
  /** The button that submitted (or changed) the form: its `name=value` goes in at its DOM place. */
  readonly submitter?: HTMLElement | null | undefined;
  /** Only entries with these names (a control with its own `phx-change`). */
  readonly onlyNames?: readonly string[] | undefined;
  /** Add `_unused_` keys (default true; a submit passes false). */
  readonly unused?: boolean | undefined;
}

/**
 * The form's data as an `application/x-www-form-urlencoded` string (spaces as `+`), file
 * inputs left out, `_unused_` keys placed right before each value of an untouched field.
 *
 * @example
 * // <form><input name="user[name]"><input name="user[email]" value="jo@x.io"></form>, email used
 * serializeForm(form, {}); // 'user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io'
 */
export function serializeForm(form: HTMLFormElement, opts: SerializeOptions = {}): string {
  const { submitter, onlyNames } = opts;
  const submitterName = submitter ? submitter.getAttribute('name') : null;
  // `new FormData(form, submitter)` throws for a submitter that is not a submit button and is
  // ignored by older Safari, so the submitter joins as a hidden twin placed right before it:
  // that keeps its DOM order (checkbox groups rely on it) in every browser.
  let twin: HTMLInputElement | undefined;
  if (submitter && submitterName) {
    twin = form.ownerDocument.createElement('input');
    twin.type = 'hidden';
    twin.name = submitterName;
    twin.value = (submitter as HTMLElement & { value?: unknown }).value?.toString() ?? '';
    const formId = submitter.getAttribute('form');
    if (formId) twin.setAttribute('form', formId);
    submitter.before(twin);
  }
  const data = new FormData(form);
  twin?.remove();

  const unused = opts.unused !== false && !form.hasAttribute('phx-no-unused-field');
  const untouched = unused ? untouchedNames(form) : new Set<string>();
  const params = new URLSearchParams();
  for (const [key, value] of data) {
    if (typeof value !== 'string') continue;
    if (onlyNames && !onlyNames.includes(key)) continue;
    if (untouched.has(key) && key !== submitterName) params.append(unusedKey(key), '');
    params.append(key, value);
  }
  return params.toString();
}

/** Names whose every control is unused and not opted out, and that are not only hidden inputs. */
function untouchedNames(form: HTMLFormElement): Set<string> {
  const touched = new Set<string>();
  const shown = new Set<string>();
  for (const el of form.elements) {
    if (!isFormControl(el) || !el.name) continue;
    if (used.has(el) || el.hasAttribute('phx-no-unused-field')) touched.add(el.name);
    if (!(el instanceof HTMLInputElement && el.type === 'hidden')) shown.add(el.name);
  }
  return new Set([...shown].filter((name) => !touched.has(name)));
}

/** `email` -> `_unused_email`, `user[email]` -> `user[_unused_email]`, `tags[]` -> `_unused_tags[]`. */
function unusedKey(key: string): string {
  return key.replace(/([^[\]]+)(\]?(?:\[\])?)$/, '_unused_$1$2');
}

/**
 * The control a form recovery after a rejoin reports as changed: the first named control
 * without its own `phx-change` that is not hidden, else the first named one.
 */
export function recoveryInput(form: HTMLFormElement): FormControl | undefined {
  const named = [...form.elements].filter(
    (el): el is FormControl => isFormControl(el) && !!el.name && !el.hasAttribute('phx-change'),
  );
  return named.find((el) => !(el instanceof HTMLInputElement && el.type === 'hidden')) ?? named[0];
}

/** The name {@link recoveryInput} gives `meta._target` during form recovery. */
export function recoveryTarget(form: HTMLFormElement): string | undefined {
  return recoveryInput(form)?.name;
}
