/**
 * What the page shows when the server says a view failed, so that a broken view never looks
 * like a working one: a notice right above the view (sticky at the top of the screen while the
 * view is scrolled), and the view dimmed with the class `phx-failed`, until the view joins again.
 *
 * | state      | when                                                      | default notice           |
 * |------------|-----------------------------------------------------------|--------------------------|
 * | `retrying` | the server gave up on the view (`phx_error`) and it is being joined again, or the join was refused and the page reloads in a few seconds | "Something went wrong. Reloading…" |
 * | `stopped`  | the page reloaded `maxReloads` times in a row and the view still fails: no more tries | "This part of the page stopped working." and a Reload button |
 *
 * The default notice is spoken by screen readers when it appears (notice.ts), carries the class
 * `phx-failure-notice` and the attribute `data-phx-failure-notice`. A page replaces it with its
 * own {@link FailureNotice} in the LiveSocket's `failureNotice` option (or `false`: no notice);
 * the dimming and the refused clicks (live-socket.ts) stay either way.
 */
import { adoptStyles, FAILED, type Notice, notice } from './notice.js';

/** `retrying`: a rejoin or a page reload is coming. `stopped`: nothing more will be tried. */
export type FailureState = 'retrying' | 'stopped';

/**
 * Shows and hides the failure notice of a view, given its container (`[data-phx-session]`).
 *
 * @example
 * const toast: FailureNotice = {
 *   show: (_view, state) => showToast(state === 'stopped' ? 'Please reload' : 'Reconnecting'),
 *   hide: () => hideToast(),
 * };
 * new LiveSocket('/live', { failureNotice: toast });
 */
export interface FailureNotice {
  show(container: HTMLElement, state: FailureState): void;
  hide(container: HTMLElement): void;
  /** Draws the eye (and a screen reader) to the notice again: a click on the view was not sent. */
  pulse?(container: HTMLElement): void;
}

/** The words of the default notice, for a page in another language. */
export interface FailureTexts {
  readonly retrying: string;
  readonly stopped: string;
  readonly reload: string;
}

const TEXTS: FailureTexts = {
  retrying: 'Something went wrong. Reloading\u2026',
  stopped: 'This part of the page stopped working.',
  reload: 'Reload',
};

/**
 * The default notice: a bar put right before the view's container, with a Reload button once
 * nothing more will be tried.
 *
 * @example
 * new LiveSocket('/live', {
 *   failureNotice: defaultFailureNotice(document, {
 *     retrying: 'Un problème est survenu. Rechargement…',
 *     stopped: 'Cette partie de la page ne fonctionne plus.',
 *     reload: 'Recharger',
 *   }),
 * });
 */
export function defaultFailureNotice(doc: Document, texts: FailureTexts = TEXTS): FailureNotice {
  const notices = new WeakMap<HTMLElement, Notice>();
  const of = (container: HTMLElement): Notice => {
    let bar = notices.get(container);
    if (bar === undefined) {
      bar = notice(doc, 'failure-notice', (el) => container.before(el));
      notices.set(container, bar);
    }
    return bar;
  };
  return {
    show(container, state) {
      if (state === 'retrying') return of(container).show(texts.retrying);
      const reload = doc.createElement('button');
      reload.type = 'button';
      reload.textContent = texts.reload;
      reload.onclick = () => doc.defaultView?.location.reload();
      of(container).show(texts.stopped, ' ', reload);
    },
    hide: (container) => notices.get(container)?.hide(),
    pulse: (container) => notices.get(container)?.pulse(),
  };
}

/**
 * One view's failure as the page shows it: the notice and the dimmed container. The container
 * is asked for each time, as a view's element may be replaced.
 * @internal
 */
export class ViewFailure {
  readonly #notice: FailureNotice | false;
  readonly #container: () => HTMLElement;
  /** The container the notice shows on, while it shows. */
  #on: HTMLElement | undefined;
  #state: FailureState | undefined;

  constructor(notice: FailureNotice | false, container: () => HTMLElement) {
    this.#notice = notice;
    this.#container = container;
  }

  /** Shows `state` (again only if it changed). */
  show(state: FailureState): void {
    const el = this.#container();
    if (el === this.#on && state === this.#state) return;
    if (el !== this.#on) this.clear();
    this.#state = state;
    this.#on = el;
    adoptStyles(el.ownerDocument);
    el.classList.add(FAILED);
    if (this.#notice) this.#notice.show(el, state);
  }

  /** A click or submit on the view was not sent: pulses the notice, if it shows. */
  refused(): void {
    if (this.#on && this.#notice) this.#notice.pulse?.(this.#on);
  }

  /** The view joined again, or is gone: takes the notice away. */
  clear(): void {
    const el = this.#on;
    this.#on = this.#state = undefined;
    if (el === undefined) return;
    el.classList.remove(FAILED);
    if (this.#notice) this.#notice.hide(el);
  }
}
