/**
 * The `value` (and for forms `meta`) of an `"event"` push, built from the element that fired
 * it (PROTOCOL.md 3.2, 3.3).
 *
 * Worked example: `<button phx-click="pick" phx-value-id="7" value="x">` clicked with
 * metadata `{ shift: true }` and a JS.push value `{ id: 8 }` gives
 * `{ shift: true, id: 8, value: 'x' }`: metadata first, then `phx-value-*`, then the element's
 * own `value`, then the JS value, each winning over the ones before.
 */
import { serializeForm } from './form-serialize.js';
import type { FormPush } from './host.js';

const PREFIX = 'phx-value-';

/**
 * The element's `phx-value-*` attributes, names kept verbatim (`phx-value-user-id` -> `user-id`).
 */
export function phxValues(el: Element): Record<string, string> {
  const out: Record<string, string> = {};
  for (const attr of el.attributes) {
    if (attr.name.startsWith(PREFIX)) out[attr.name.slice(PREFIX.length)] = attr.value;
  }
  return out;
}

/** The value of a non-form event from `el`. */
export function eventValue(
  el: Element,
  start?: Readonly<Record<string, unknown>>,
  jsValue?: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...start, ...phxValues(el) };
  const own = (el as { value?: unknown }).value;
  if (own !== undefined && !(el instanceof HTMLFormElement)) {
    const input = el as HTMLInputElement;
    if (
      el.tagName === 'INPUT' &&
      (input.type === 'checkbox' || input.type === 'radio') &&
      !input.checked
    ) {
      delete out.value;
    } else out.value = own;
  }
  return jsValue ? Object.assign(out, jsValue) : out;
}

/**
 * The URL-encoded `value` and the `meta` of a form event. A change of a control that carries
 * its own `phx-change` sends only that control's entries.
 *
 * @example
 * formPayload({ kind: 'change', form, input }); // { value: '_unused_a=&a=&b=x', meta: { _target: 'b' } }
 */
export function formPayload(
  push: FormPush,
  jsValue?: Readonly<Record<string, unknown>>,
): { value: string; meta: Record<string, unknown> } {
  const { form, input } = push;
  if (push.kind === 'submit') {
    return {
      value: serializeForm(form, { submitter: push.submitter ?? null, unused: false }),
      meta: { ...phxValues(form), ...jsValue },
    };
  }
  const name = input?.getAttribute('name');
  const only = input?.getAttribute('phx-change') && name ? [name] : undefined;
  return {
    value: serializeForm(form, { unused: true, ...(only && { onlyNames: only }) }),
    meta: { _target: name || 'undefined', ...phxValues(form), ...jsValue },
  };
}
