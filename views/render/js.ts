/**
 * JS commands built on the server (PROTOCOL.md 7), the counterpart of Phoenix's
 * `Phoenix.LiveView.JS`: an immutable chain of `[kind, args]` commands that goes into a binding
 * attribute (`phx-click=${JS.push('save').hide({ to: '#modal' })}` renders the escaped JSON) or
 * into a `pushEvent` payload (it serialises to the same array). Each method returns a new
 * chain; `JS` is the empty one to start from. Options left undefined are left out of the JSON,
 * and the client applies its defaults (200 ms transitions, `display: block`, bubbling events).
 */

/** Where a command acts: a selector in the document, the closest ancestor, or descendants. */
export type JsTarget = string | { readonly closest: string } | { readonly inner: string };

/** Class names: a space-separated string or a list. */
export type ClassNames = string | readonly string[];

/**
 * A transition: the classes applied while it runs (`'shake'`), or running, start and end
 * classes (`['ease-out duration-300', 'opacity-0', 'opacity-100']`).
 */
export type JsTransition = string | readonly [ClassNames, ClassNames, ClassNames];

/** One command as sent: its kind and its arguments. */
export type JsCommand = readonly [kind: string, args: Readonly<Record<string, unknown>>];

/** `to` alone. */
export interface ToOptions {
  readonly to?: JsTarget | undefined;
}

/** Options of the commands that may animate. */
export interface TransitionOptions extends ToOptions {
  readonly transition?: JsTransition | undefined;
  /** Transition time in ms (client default 200). */
  readonly time?: number | undefined;
  /** Whether DOM patches wait for the transition (client default true). */
  readonly blocking?: boolean | undefined;
}

/** Options of {@link JsCommands.push}. */
export interface PushOptions {
  /** Merged last into the event's value (for forms: into `meta`). */
  readonly value?: Readonly<Record<string, unknown>> | undefined;
  /** A component's cid (`myself`) or a selector. */
  readonly target?: number | string | undefined;
  /** A selector whose elements get the loading state. */
  readonly loading?: string | undefined;
  /** Fire `phx:page-loading-start` / `-stop` around the push. */
  readonly page_loading?: boolean | undefined;
}

/** Options of {@link JsCommands.toggle}: `in` and `out` transitions. */
export interface ToggleOptions extends ToOptions {
  readonly display?: string | undefined;
  readonly in?: JsTransition | undefined;
  readonly out?: JsTransition | undefined;
  readonly time?: number | undefined;
  readonly blocking?: boolean | undefined;
}

/** Options of {@link JsCommands.dispatch}. */
export interface DispatchOptions extends ToOptions {
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
  /** Default true. */
  readonly bubbles?: boolean | undefined;
  readonly blocking?: boolean | undefined;
}

function names(value: ClassNames): string[] {
  return (typeof value === 'string' ? value.split(' ') : [...value]).filter((n) => n !== '');
}

function transitionClasses(value: JsTransition | undefined): string[][] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [names(value), [], []];
  return value.map(names);
}

/**
 * An immutable chain of JS commands. Start from {@link JS}.
 *
 * @example
 * html`<button phx-click=${JS.push('delete', { value: { id: 7 } }).hide({ to: '#row-7' })}>x</button>`;
 */
export class JsCommands {
  readonly #ops: readonly JsCommand[];

  constructor(ops: readonly JsCommand[] = []) {
    this.#ops = ops;
  }

  #put(kind: string, args: Record<string, unknown>): JsCommands {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args)) if (value !== undefined) kept[key] = value;
    return new JsCommands([...this.#ops, [kind, kept]]);
  }

  /**
   * Pushes `event` to the server, like a plain binding would.
   *
   * @example
   * JS.push('reserve', { value: { id: 1 }, target: assigns.myself, loading: '#seats' });
   */
  push(event: string, options: PushOptions = {}): JsCommands {
    const { value, target, loading, page_loading } = options;
    return this.#put('push', { event, value, target, loading, page_loading });
  }

  /**
   * Navigates live to another view (a full page load when not possible).
   *
   * @example
   * JS.navigate('/posts/2', { replace: true });
   */
  navigate(href: string, options: { readonly replace?: boolean | undefined } = {}): JsCommands {
    return this.#put('navigate', { href, replace: options.replace });
  }

  /**
   * Patches the current view's URL (its `handleParams` runs).
   *
   * @example
   * JS.patch('/posts?page=2');
   */
  patch(href: string, options: { readonly replace?: boolean | undefined } = {}): JsCommands {
    return this.#put('patch', { href, replace: options.replace });
  }

  /**
   * Shows hidden elements, setting `display` (default `block`).
   *
   * @example
   * JS.show({ to: '#modal', display: 'flex', transition: ['ease-out duration-300', 'opacity-0', 'opacity-100'] });
   */
  show(options: TransitionOptions & { readonly display?: string | undefined } = {}): JsCommands {
    const { to, display, transition, time, blocking } = options;
    return this.#put('show', {
      to,
      display,
      transition: transitionClasses(transition),
      time,
      blocking,
    });
  }

  /**
   * Hides visible elements (`display: none`), after the transition if there is one.
   *
   * @example
   * JS.hide({ to: '#modal', transition: 'fade-out', time: 300 });
   */
  hide(options: TransitionOptions = {}): JsCommands {
    const { to, transition, time, blocking } = options;
    return this.#put('hide', { to, transition: transitionClasses(transition), time, blocking });
  }

  /**
   * Shows hidden elements and hides visible ones, with `in` and `out` transitions.
   *
   * @example
   * JS.toggle({ to: '#menu', in: 'fade-in', out: 'fade-out' });
   */
  toggle(options: ToggleOptions = {}): JsCommands {
    const { to, display, time, blocking } = options;
    const ins = transitionClasses(options.in);
    const outs = transitionClasses(options.out);
    return this.#put('toggle', { to, display, ins, outs, time, blocking });
  }

  /**
   * Adds classes (sticky: they survive server patches).
   *
   * @example
   * JS.addClass('highlight underline', { to: '#item' });
   */
  addClass(classes: ClassNames, options: TransitionOptions = {}): JsCommands {
    return this.#classes('add_class', classes, options);
  }

  /**
   * Removes classes (sticky).
   *
   * @example
   * JS.removeClass(['open'], { to: { closest: '.dropdown' } });
   */
  removeClass(classes: ClassNames, options: TransitionOptions = {}): JsCommands {
    return this.#classes('remove_class', classes, options);
  }

  /**
   * Adds the classes an element lacks and removes those it has (sticky).
   *
   * @example
   * JS.toggleClass('active', { to: { inner: '.tab' } });
   */
  toggleClass(classes: ClassNames, options: TransitionOptions = {}): JsCommands {
    return this.#classes('toggle_class', classes, options);
  }

  #classes(kind: string, classes: ClassNames, options: TransitionOptions): JsCommands {
    const { to, transition, time, blocking } = options;
    const transitionArg = transitionClasses(transition);
    return this.#put(kind, {
      to,
      names: names(classes),
      transition: transitionArg,
      time,
      blocking,
    });
  }

  /**
   * Applies a transition's classes for a while, then removes them.
   *
   * @example
   * JS.transition('shake', { to: '#form', time: 500 });
   */
  transition(
    classes: JsTransition,
    options: Omit<TransitionOptions, 'transition'> = {},
  ): JsCommands {
    const { to, time, blocking } = options;
    return this.#put('transition', { to, transition: transitionClasses(classes), time, blocking });
  }

  /**
   * Sets an attribute (sticky).
   *
   * @example
   * JS.setAttribute(['aria-expanded', 'true'], { to: '#menu' });
   */
  setAttribute(attr: readonly [name: string, value: string], options: ToOptions = {}): JsCommands {
    return this.#put('set_attr', { to: options.to, attr: [...attr] });
  }

  /**
   * Removes an attribute (sticky).
   *
   * @example
   * JS.removeAttribute('aria-expanded', { to: '#menu' });
   */
  removeAttribute(name: string, options: ToOptions = {}): JsCommands {
    return this.#put('remove_attr', { to: options.to, attr: name });
  }

  /**
   * Sets an attribute to `value` or removes it; with two values, switches between them.
   *
   * @example
   * JS.toggleAttribute(['aria-expanded', 'true', 'false'], { to: '#menu' });
   */
  toggleAttribute(
    attr: readonly [name: string, value: string] | readonly [name: string, on: string, off: string],
    options: ToOptions = {},
  ): JsCommands {
    return this.#put('toggle_attr', { to: options.to, attr: [...attr] });
  }

  /**
   * Keeps the client's values of these attributes (names or `prefix-*`) when the server patches.
   *
   * @example
   * JS.ignoreAttributes(['open', 'data-ui-*']);
   */
  ignoreAttributes(attrs: ClassNames, options: ToOptions = {}): JsCommands {
    return this.#put('ignore_attrs', { to: options.to, attrs: names(attrs) });
  }

  /**
   * Dispatches a DOM event (a `CustomEvent`; a real click for `'click'`).
   *
   * @example
   * JS.dispatch('app:clipcopy', { to: '#code', detail: { format: 'text' } });
   */
  dispatch(event: string, options: DispatchOptions = {}): JsCommands {
    const { to, detail, bubbles, blocking } = options;
    return this.#put('dispatch', { event, to, detail, bubbles, blocking });
  }

  /**
   * Focuses an element.
   *
   * @example
   * JS.focus({ to: '#search' });
   */
  focus(options: ToOptions = {}): JsCommands {
    return this.#put('focus', { to: options.to });
  }

  /**
   * Focuses the first focusable element inside.
   *
   * @example
   * JS.show({ to: '#modal' }).focusFirst({ to: '#modal' });
   */
  focusFirst(options: ToOptions = {}): JsCommands {
    return this.#put('focus_first', { to: options.to });
  }

  /**
   * Remembers an element (default: the one the binding is on) to refocus with `popFocus`.
   *
   * @example
   * JS.pushFocus().show({ to: '#modal' }).focusFirst({ to: '#modal' });
   */
  pushFocus(options: ToOptions = {}): JsCommands {
    return this.#put('push_focus', { to: options.to });
  }

  /**
   * Focuses the element `pushFocus` remembered last.
   *
   * @example
   * JS.hide({ to: '#modal' }).popFocus();
   */
  popFocus(): JsCommands {
    return this.#put('pop_focus', {});
  }

  /**
   * Runs the commands held in attribute `attr` of the targets.
   *
   * @example
   * JS.exec('data-cancel', { to: '#modal' });
   */
  exec(attr: string, options: ToOptions = {}): JsCommands {
    return this.#put('exec', { attr, to: options.to });
  }

  /**
   * The commands, as the wire carries them (so `JSON.stringify` and event payloads work).
   *
   * @example
   * JS.push('x').toJSON(); // [['push', { event: 'x' }]]
   */
  toJSON(): JsCommand[] {
    return [...this.#ops];
  }

  /**
   * The commands as JSON text (unescaped: templates escape it for the attribute).
   *
   * @example
   * String(JS.hide()); // '[["hide",{}]]'
   */
  toString(): string {
    return JSON.stringify(this.#ops);
  }
}

/**
 * The empty chain: every command starts here.
 *
 * @example
 * html`<button phx-click=${JS.push('inc').addClass('pulse', { to: '#count' })}>+</button>`;
 */
export const JS: JsCommands = new JsCommands();
