/**
 * `phx-debounce` and `phx-throttle` (PROTOCOL.md 8): fewer events from a busy element.
 *
 * - `phx-debounce="300"` (empty = 300): the event goes once the element has been quiet for
 *   300 ms, with the latest state; leaving the element (blur) sends a waiting one at once.
 * - `phx-debounce="blur"`: the event goes when the element loses focus.
 * - `phx-throttle="300"`: the first event goes at once, then none for 300 ms; a keydown of a
 *   different key goes through (so typing two keys fast is not lost); blur ends the wait.
 *
 * A form's submit drops its fields' waiting events: the submit carries the latest values.
 */

interface Limit {
  pending?: (() => void) | undefined;
  timer?: ReturnType<typeof setTimeout> | undefined;
  throttled?: boolean;
  lastKey?: string;
  blurBound?: boolean;
}

const limits = new WeakMap<Element, Limit>();
const DEFAULT_MS = '300';

/** Runs `send` now, later, or not at all, as `el`'s debounce or throttle says. */
export function rateLimit(el: Element, event: Event, send: () => void): void {
  const debounce = el.getAttribute('phx-debounce');
  const throttle = el.getAttribute('phx-throttle');
  const value = debounce ?? throttle;
  if (value === null || event.type === 'blur' || event.type === 'focusout') {
    send();
    return;
  }
  const state = limits.get(el) ?? {};
  limits.set(el, state);
  if (!state.blurBound) {
    state.blurBound = true;
    el.addEventListener('blur', () => {
      // Leaving the element also ends a throttle: coming back starts afresh.
      state.throttled = false;
      fire(state);
    });
  }
  if (debounce === 'blur') {
    state.pending = send;
    return;
  }
  const ms = Number.parseInt(value || DEFAULT_MS, 10);
  if (Number.isNaN(ms)) {
    console.error(`liveactor: bad phx-debounce/phx-throttle "${value}"`, el);
    send();
    return;
  }
  if (debounce !== null) {
    state.pending = send;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => fire(state), ms);
    return;
  }
  const key = event.type === 'keydown' ? (event as KeyboardEvent).key : undefined;
  const newKey = key !== undefined && key !== state.lastKey;
  if (key !== undefined) state.lastKey = key;
  if (state.throttled && !newKey) return;
  send();
  state.throttled = true;
  clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    state.throttled = false;
  }, ms);
}

/**
 * Drops the waiting events of `form`'s fields and ends their throttles (the form was submitted).
 */
export function dropPending(form: HTMLFormElement): void {
  for (const el of form.elements) {
    const state = limits.get(el);
    if (state === undefined) continue;
    clearTimeout(state.timer);
    state.pending = undefined;
    state.throttled = false;
  }
}

function fire(state: Limit): void {
  const send = state.pending;
  state.pending = undefined;
  if (send === undefined) return;
  clearTimeout(state.timer);
  send();
}
