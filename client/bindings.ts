/**
 * The page's `phx-*` event bindings (PROTOCOL.md 8), all delegated: a handful of listeners on
 * the window find the binding element of each DOM event and hand its attribute to the host
 * (`host.execJS`), which runs it as an event name or JS commands. Elements come and go with
 * every patch, so nothing is bound per element.
 *
 * | DOM event            | binding (element)                     | push type |
 * |----------------------|---------------------------------------|-----------|
 * | click                | closest `phx-click`; `phx-click-away` | click     |
 * | input / change       | the control's or its form's `phx-change` | form   |
 * | submit               | the form's `phx-submit`               | form      |
 * | keydown / keyup      | the target's `phx-keydown`, else every `phx-window-keydown` | keydown |
 * | focusin / focusout   | the target's `phx-focus` / `phx-blur` | focus / blur |
 * | window focus / blur  | every `phx-window-focus` / `phx-window-blur` | focus / blur |
 * | drop                 | `phx-drop-target`: its file input changes (uploads/drop.ts) | form |
 */
import { markAllUsed, markUsed } from './form-serialize.js';
import type { BindingHost, EventType, ExecExtra } from './host.js';
import { isHidden } from './js-transition.js';
import { dropPending, rateLimit } from './rate-limit.js';
import { bindDrops } from './uploads/drop.js';

type Kind = 'click' | 'keydown' | 'keyup' | 'blur' | 'focus';

/** What every family of listeners shares: where to listen, and how to hand a binding over. */
interface Binder {
  readonly doc: Document;
  readonly host: BindingHost;
  /** Listens on the window until the bindings are removed. */
  on<E extends Event>(type: string, listener: (e: E) => void): void;
  /**
   * Runs `encoded` for `el`, unless the element left the page or its view is not joined; a
   * user's own action (`refuse`: a click, a submit) is then refused visibly, never dropped.
   */
  send(el: Element, encoded: string, type: EventType, extra: ExecExtra, refuse?: boolean): void;
  /** The `meta` of a click, key or focus push: LiveSocket's `metadata` for it. */
  meta(kind: Kind, e: Event, el: Element): ExecExtra;
}

/** Installs the bindings on `doc`'s window; returns the function that removes them. */
export function bindDocument(doc: Document, host: BindingHost): () => void {
  const win = doc.defaultView as Window;
  const offs: Array<() => void> = [];
  const binder: Binder = {
    doc,
    host,
    on(type, listener) {
      const fn = listener as EventListener;
      win.addEventListener(type, fn);
      offs.push(() => win.removeEventListener(type, fn));
    },
    send(el, encoded, type, extra, refuse) {
      if (!el.isConnected) return;
      if (host.isLive(el)) host.execJS(el, encoded, type, extra);
      else if (refuse) host.refuse?.(el);
    },
    meta: (kind, e, el) => ({ meta: host.metadata?.(kind, e, el) ?? {} }),
  };
  bindClicks(binder);
  bindKeys(binder);
  bindFocus(binder);
  bindSubmit(binder);
  bindChanges(binder);
  bindDrops(binder.on);
  return () => {
    for (const off of offs) off();
  };
}

/** `phx-click` on the closest enabled binding, and every visible `phx-click-away` outside. */
function bindClicks({ doc, on, send, meta }: Binder): void {
  let clickStart: Element | null = null;
  on<MouseEvent>('mousedown', (e) => {
    clickStart = e.target instanceof Element ? e.target : null;
  });
  on<MouseEvent>('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (target === null) return;
    // A synthetic click (detail 0) had no mousedown: where it started is its target.
    const started = e.detail === 0 || clickStart === null ? target : clickStart;
    clickStart = null;
    for (const el of doc.querySelectorAll('[phx-click-away]')) {
      if (el !== started && !el.contains(started) && !isHidden(el)) {
        send(el, el.getAttribute('phx-click-away')!, 'click', meta('click', e, el));
      }
    }
    // A disabled control's binding does not fire; its ancestors' may (a click on its icon).
    let found = target.closest('[phx-click]');
    while (found && (found as HTMLButtonElement).disabled)
      found = found.parentElement?.closest('[phx-click]') ?? null;
    const el = found;
    const encoded = el?.getAttribute('phx-click');
    if (!el || !encoded) return;
    if (el.getAttribute('href') === '#') e.preventDefault();
    rateLimit(el, e, () => send(el, encoded, 'click', meta('click', e, el), true));
  });
}

/** The target's `phx-keydown` / `phx-keyup`, else every `phx-window-keydown` / `-keyup`. */
function bindKeys({ doc, host, on, send }: Binder): void {
  for (const type of ['keydown', 'keyup'] as const) {
    on<KeyboardEvent>(type, (e) => {
      // Chrome's autofill fires key events without a key.
      if (typeof e.key !== 'string') return;
      const fire = (el: Element, encoded: string) => {
        const want = el.getAttribute('phx-key');
        if (want && want.toLowerCase() !== e.key.toLowerCase()) return;
        const extra = { meta: { key: e.key, ...host.metadata?.(type, e, el) } };
        rateLimit(el, e, () => send(el, encoded, type, extra));
      };
      const target = e.target instanceof Element ? e.target : null;
      const own = target?.getAttribute(`phx-${type}`);
      if (target && own) return fire(target, own);
      for (const el of doc.querySelectorAll(`[phx-window-${type}]`)) {
        fire(el, el.getAttribute(`phx-window-${type}`)!);
      }
    });
  }
}

/** An element's `phx-focus` / `phx-blur`, and the window's `phx-window-focus` / `-blur`. */
function bindFocus({ doc, on, send, meta }: Binder): void {
  for (const [dom, kind] of [
    ['focusin', 'focus'],
    ['focusout', 'blur'],
  ] as const) {
    on<FocusEvent>(dom, (e) => {
      const el = e.target instanceof Element ? e.target : null;
      const encoded = el?.getAttribute(`phx-${kind}`);
      if (el && encoded) rateLimit(el, e, () => send(el, encoded, kind, meta(kind, e, el)));
    });
  }
  for (const kind of ['focus', 'blur'] as const) {
    on<FocusEvent>(kind, (e) => {
      // The window's own focus change; an element's comes as focusin / focusout above.
      if (e.target instanceof Node) return;
      for (const el of doc.querySelectorAll(`[phx-window-${kind}]`)) {
        send(el, el.getAttribute(`phx-window-${kind}`)!, kind, meta(kind, e, el));
      }
    });
  }
}

/** The form's `phx-submit`, in place of the browser's submit. */
function bindSubmit({ host, on, send }: Binder): void {
  on<SubmitEvent>('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const encoded = form.getAttribute('phx-submit');
    if (!encoded) return;
    // Never a plain HTTP submit, even while the view is away: the fields could end up in a URL.
    e.preventDefault();
    if (!host.isLive(form)) return host.refuse?.(form);
    dropPending(form);
    markAllUsed(form);
    const submitter = (e.submitter as HTMLElement | null | undefined) ?? null;
    send(form, encoded, 'form', { form: { kind: 'submit', form, submitter } });
  });
}

/** The control's or its form's `phx-change`, once per edit, and once per IME composition. */
function bindChanges({ on, send }: Binder): void {
  // A browser fires `input` then `change` for one edit of a text field; only the first is sent.
  // A `change` with no `input` just before it (a select, a checkbox, a script) is sent.
  let counter = 0;
  const lastInput = new WeakMap<Element, number>();
  for (const type of ['input', 'change'] as const) {
    on<Event>(type, (e) => {
      const input = e.target as HTMLInputElement | null;
      const form = input?.form;
      if (!(input instanceof Element) || !form) return;
      const seq = ++counter;
      if (type === 'input') lastInput.set(input, seq);
      else if (lastInput.get(input) === seq - 1) return;
      if ((e as InputEvent).isComposing) return;
      const own = input.getAttribute('phx-change');
      const encoded = own || form.getAttribute('phx-change');
      if (!encoded || (input.type === 'number' && input.validity?.badInput)) return;
      markUsed(input);
      const dispatcher = own ? input : form;
      rateLimit(input, e, () =>
        send(dispatcher, encoded, 'form', { form: { kind: 'change', form, input } }),
      );
    });
  }
  on<CompositionEvent>('compositionend', (e) => {
    // The input events of a composition (an IME) were skipped; send the finished text once.
    e.target?.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
