/**
 * Form recovery after a rejoin (PROTOCOL.md 2.7). A view that comes back after a lost
 * connection or a server restart mounts afresh and knows nothing of what the user typed; the
 * page still shows it. Before the rejoin's render replaces the page, each form that can be
 * recovered is replayed to the server as a change event carrying the values on the page, so
 * the server rebuilds its state from them and the user loses nothing.
 *
 * A form takes part when it has an `id` and `phx-change`, is not `phx-auto-recover="ignore"`,
 * and the new render has a form with the same id and the same `phx-change`. The event is the
 * new form's `phx-auto-recover` if set, else its `phx-change` (the push's event when that holds
 * JS commands).
 */
import { recoveryTarget, serializeForm } from './form-serialize.js';
import { parseJS } from './js-commands.js';
import { componentOf } from './view-components.js';

/** One form to replay: the event to send and its form payload. */
export interface FormRecovery {
  readonly form: HTMLFormElement;
  readonly event: string;
  /** The URL-encoded values on the page, with `_unused_` keys for fields still untouched. */
  readonly value: string;
  /** `_target`: the field {@link recoveryTarget} picks, as the official client sends it. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** The component the new render's form targets (`phx-target`), if any. */
  readonly cid: number | undefined;
}

/** The forms of `container` to replay, given the HTML the rejoin is about to render into it. */
export function formsToRecover(container: Element, nextHtml: string): FormRecovery[] {
  const forms = container.querySelectorAll<HTMLFormElement>('form[id][phx-change]');
  if (forms.length === 0) return [];
  const next = container.ownerDocument.createElement('template');
  next.innerHTML = nextHtml;
  const out: FormRecovery[] = [];
  for (const form of forms) {
    if (form.getAttribute('phx-auto-recover') === 'ignore') continue;
    const twin = next.content.getElementById(form.id);
    const change = twin?.getAttribute('phx-change');
    if (!(twin?.tagName === 'FORM' && change === form.getAttribute('phx-change'))) continue;
    const event = eventName(twin.getAttribute('phx-auto-recover') || change!);
    const target = recoveryTarget(form);
    if (event === undefined || target === undefined) continue;
    out.push({
      form,
      event,
      value: serializeForm(form, { unused: true }),
      meta: { _target: target },
      cid: targetCid(twin, next.content),
    });
  }
  return out;
}

// A binding may hold JS commands (`phx-change={JS.push("validate")}`): the push names the event.
function eventName(encoded: string): string | undefined {
  const push = parseJS(encoded)?.find((command) => Array.isArray(command) && command[0] === 'push');
  const event: unknown = push?.[1]?.event;
  return typeof event === 'string' ? event : undefined;
}

// A cid, or a selector whose match sits in the component (`@myself` renders as the cid).
function targetCid(twin: Element, root: DocumentFragment): number | undefined {
  const target = twin.getAttribute('phx-target');
  if (!target) return undefined;
  if (!Number.isNaN(Number(target))) return Number(target);
  let match: Element | null = null;
  try {
    match = root.querySelector(target);
  } catch {}
  return match ? componentOf(match) : undefined;
}
