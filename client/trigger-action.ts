/**
 * `phx-trigger-action`: a form the server renders with this attribute is submitted the plain
 * HTTP way once the patch that brought the attribute is applied, to its `action` with its
 * `method`. A login form uses it: `phx-submit` validates over the socket, and when the input is
 * good the server sets the attribute, so the browser POSTs the form (password included) to a
 * route that can set a cookie, which a socket cannot.
 *
 * While the attribute is on, a patch leaves the form's fields as the user filled them (only
 * their other attributes follow the server), so what is posted is what was typed. The button
 * that submitted it last goes along, as a browser's own submit sends it.
 */

/** The button that last submitted each form over the socket. */
const submitters = new WeakMap<HTMLFormElement, HTMLElement>();

/** The attribute that asks for the plain submit. */
export const TRIGGER_ACTION = 'phx-trigger-action';

/** Remembers the button that submitted `form`, for a plain submit that may follow. */
export function rememberSubmitter(form: HTMLFormElement, submitter: HTMLElement | null): void {
  if (submitter === null) submitters.delete(form);
  else submitters.set(form, submitter);
}

/** True for an element of a form the server asked to submit (its fields keep what was typed). */
export function isInTriggeredForm(to: Element): boolean {
  return to.closest(`form[${TRIGGER_ACTION}]`) !== null;
}

/**
 * Submits `form` the plain way, as if its last submitter were pressed: the submitter's
 * `name=value` goes in a hidden twin, since `HTMLFormElement.submit()` sends no button. The
 * prototype's `submit` is called, so a field named "submit" cannot shadow it.
 */
export function submitPlainly(form: HTMLFormElement): void {
  const submitter = submitters.get(form) as HTMLButtonElement | undefined;
  const name = submitter?.getAttribute('name');
  if (submitter !== undefined && name && form.contains(submitter)) {
    const twin = form.ownerDocument.createElement('input');
    twin.type = 'hidden';
    twin.name = name;
    twin.value = submitter.value ?? '';
    submitter.before(twin);
  }
  (Object.getPrototypeOf(form) as HTMLFormElement).submit.call(form);
}
