/**
 * Form recovery after a rejoin (PROTOCOL.md 2.7). A view that comes back after a lost
 * connection or a server restart mounts afresh and knows nothing of what the user typed; the
 * page still shows it. Before the rejoin's render replaces the page, each form that can be
 * recovered is replayed to the server as a change event carrying the values on the page, so
 * the server rebuilds its state from them and the user loses nothing.
 *
 * A form takes part when it has an `id` and `phx-change`, is not `phx-auto-recover="ignore"`,
 * and the new render has a form with the same id and the same `phx-change`. The event is the
 * form's `phx-auto-recover` if set, else its `phx-change`.
 */
import { serializeForm } from './form-serialize.js';

/** One form to replay: the event to send and its form payload. */
export interface FormRecovery {
  readonly form: HTMLFormElement;
  readonly event: string;
  /** The URL-encoded values on the page (no `_unused_` keys: the user has been here). */
  readonly value: string;
  /** `_target`: the first field that is not hidden, as the official client sends it. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** The component the new render puts the form in, when the form targets one. */
  readonly cid: number | undefined;
}

/**
 * The forms of `container` to replay, given the HTML the rejoin is about to render into it.
 *
 * @example
 * for (const r of formsToRecover(view.el, rendered.toString())) pushFormEvent(r);
 */
export function formsToRecover(container: Element, nextHtml: string): FormRecovery[] {
  const forms = container.querySelectorAll<HTMLFormElement>('form[id][phx-change]');
  if (forms.length === 0) return [];
  const next = container.ownerDocument.createElement('template');
  next.innerHTML = nextHtml;
  const out: FormRecovery[] = [];
  for (const form of forms) {
    const change = form.getAttribute('phx-change')!;
    const auto = form.getAttribute('phx-auto-recover');
    if (auto === 'ignore') continue;
    const twin = next.content.getElementById(form.id);
    if (!(twin?.tagName === 'FORM' && twin.getAttribute('phx-change') === change)) continue;
    const component = form.hasAttribute('phx-target')
      ? twin.closest('[data-phx-component]')?.getAttribute('data-phx-component')
      : null;
    out.push({
      form,
      event: auto || change,
      value: serializeForm(form, {}),
      meta: { _target: firstField(form) ?? 'undefined' },
      cid: component == null ? undefined : Number(component),
    });
  }
  return out;
}

function firstField(form: HTMLFormElement): string | undefined {
  for (const el of form.elements) {
    const name = el.getAttribute('name');
    if (name && (el as HTMLInputElement).type !== 'hidden') return name;
  }
  return undefined;
}
