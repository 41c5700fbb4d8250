/**
 * The DOM patcher: morphs the page into the HTML a view's {@link Rendered} produces, in one
 * morphdom pass, and keeps what the user and page code own (PROTOCOL.md 5.8, 2.5, 8):
 *
 * - elements are matched by `id`, so an id'd node keeps its identity when siblings change;
 * - the focused input, textarea or select keeps its value and selection (attributes other than
 *   `value` are still patched) unless it carries `phx-patch-focused`; a field the server
 *   rendered as before keeps what the user typed; `resetForm`'s fields take the server's values;
 * - `phx-update="ignore"` (or `data-phx-update`) keeps its children; only its `data-*`
 *   attributes follow the server;
 * - a nested or sticky view's container (`data-phx-parent-id`, `data-phx-sticky`) takes the
 *   parent's attributes, keeps its own children and its `data-phx-session`;
 * - `phx-update="stream"` containers keep the children no diff removed (see `dom-stream.ts`);
 * - a form rendered with `phx-trigger-action` keeps its fields as typed, and is reported to
 *   `triggered` once the patch is done (trigger-action.ts).
 *
 * Callbacks report what page code cares about, after the morph (removed, then added, then
 * updated) so they never see a half-patched tree; only `beforeUpdate` and `beforeElUpdated`
 * run during it, as they must.
 *
 * - portal templates (`data-phx-portal`) show their content at their target (`portal.ts`);
 * - an element with `phx-remove` that the patch (or a stream delete, reset or limit) removes
 *   runs its JS commands first, and leaves once their transitions are over.
 *
 * The deprecated `phx-update="append"`/`"prepend"` are not handled here: such children are
 * patched (and removed) like any other.
 */
import morphdom from 'morphdom';
import type { WireStream } from '../views/wire.js';
import { isStreamContainer, ownerOf, StreamPatch } from './dom-stream.js';
import { afterTransitions } from './js-transition.js';
import { isPortal, TELEPORTED, teleport } from './portal.js';
import { isInTriggeredForm, TRIGGER_ACTION } from './trigger-action.js';

/** What page code hears of one patch (hooks, components, nested views). */
export interface PatchCallbacks {
  /**
   * After the morph, for each element that entered the DOM (descendants included) and has
   * `phx-hook`, `phx-mounted` or `data-phx-session` (a nested view to join); with `joining`,
   * for every such element of the container, old or new.
   */
  added?(el: Element): void;
  /** During the morph, before an element with `phx-hook` (before or after) is changed. */
  beforeUpdate?(fromEl: Element, toEl: Element): void;
  /** After the morph, for each element `beforeUpdate` was called for. */
  updated?(el: Element): void;
  /**
   * After the morph, for each element that left the DOM (descendants included) and has
   * `phx-hook`, `data-phx-component` or `data-phx-session`. An unkeyed component root may be
   * replaced by a new element with the same cid: check the page before destroying the cid.
   */
  removed?(el: Element): void;
  /** During the morph, first thing for every element morphdom updates (e.g. sticky JS attrs). */
  beforeElUpdated?(fromEl: Element, toEl: Element): void;
  /**
   * After the morph, for each element with `phx-remove` that the patch removes: run its
   * commands. The element leaves (and `removed` hears of it) once their transitions are over.
   */
  leave?(el: Element): void;
  /**
   * After everything else, the form of the page that the patch added or updated with
   * `phx-trigger-action`: submit it the plain way.
   */
  triggered?(form: HTMLFormElement): void;
}

/** Options of {@link patchChildren} and {@link patchElement}. */
export interface PatchOptions extends PatchCallbacks {
  /** Stream operations of the diff being applied (`Rendered.pendingStreams()`). */
  readonly streams?: readonly WireStream[] | undefined;
  /**
   * The first patch after a join: the dead render's stream children go unless re-inserted
   * (PROTOCOL.md 5.6), and `added` reports every hook element of the container.
   */
  readonly joining?: boolean | undefined;
  /**
   * A form whose fields take the server's values even when focused or unchanged: the form
   * whose submit this patch answers, so a chat input the server emptied is emptied.
   */
  readonly resetForm?: Element | undefined;
}

type MorphOptions = NonNullable<Parameters<typeof morphdom>[2]>;

const HOOK = 'phx-hook';
/** The hooks the client brings, named by the upload helpers' markup. */
const BUILT_IN_HOOK = 'data-phx-hook';
const SESSION = 'data-phx-session';
const VIEWPORT = '[phx-viewport-top],[phx-viewport-bottom]';
const REMOVE = 'phx-remove';
/** Elements running their `phx-remove` commands: a later patch leaves them to it. */
const LEAVING = new WeakSet<Element>();
const ADDED = `[${HOOK}],[${BUILT_IN_HOOK}],[phx-mounted],[${SESSION}],${VIEWPORT}`;
const REMOVED = `[${HOOK}],[${BUILT_IN_HOOK}],[data-phx-component],[${SESSION}],${VIEWPORT}`;
const SELECTABLE = /^(text|search|url|tel|password|textarea)$/;

/**
 * Morphs the children of `container` into `html`; the container itself (tag, attributes,
 * identity) stays. The HTML is parsed in a shallow clone of the container, so table rows and
 * options parse as they would inside it.
 */
export function patchChildren(container: Element, html: string, opts: PatchOptions = {}): void {
  const next = container.cloneNode(false) as Element;
  next.innerHTML = html;
  morph(container, next, true, opts);
}

/**
 * Morphs `el` itself (tag, attributes, children) into the one element `html` describes, as a
 * component-only diff needs for a component's root. Returns the patched element: `el`, unless
 * the tag changed and morphdom had to replace it.
 */
export function patchElement(el: Element, html: string, opts: PatchOptions = {}): Element {
  const template = el.ownerDocument.createElement('template');
  template.innerHTML = html;
  const next = template.content.firstElementChild;
  if (next === null) throw new TypeError('patchElement: the html holds no element');
  return morph(el, next, false, opts);
}

function morph(root: Element, next: Element, childrenOnly: boolean, opts: PatchOptions): Element {
  const active = root.ownerDocument.activeElement;
  const focused = isFormControl(active) && root.contains(active) ? active : null;
  const selection =
    focused !== null && SELECTABLE.test(focused.type)
      ? [(focused as HTMLInputElement).selectionStart, (focused as HTMLInputElement).selectionEnd]
      : null;
  const removed: Element[] = [];
  const changed: Element[] = [];
  let added: Element[] = [];
  let triggered: HTMLFormElement | undefined;
  const discard = (el: Element, into = removed): void => {
    if (el.matches(REMOVED)) into.push(el);
    for (const inner of el.querySelectorAll(REMOVED)) into.push(inner);
  };
  // Elements with `phx-remove` leave once the transitions their commands start are over.
  const leaving: Element[] = [];
  const leave = (el: Element): boolean => {
    if (!el.hasAttribute(REMOVE) || !el.isConnected) return false;
    if (!LEAVING.has(el)) leaving.push(el);
    return true;
  };
  const remove = (el: Element): void => {
    if (leave(el)) return;
    el.remove();
    discard(el);
  };
  const streams = new StreamPatch(opts.streams ?? []);
  streams.prune(root, opts.joining === true, remove);

  const options: MorphOptions = {
    childrenOnly,
    // Elements are keyed by id, morphdom's default.
    // Children of a stream container are matched by id alone, so unmentioned ones stay put.
    skipFromChildren: isStreamContainer,
    onBeforeNodeAdded: (node) => {
      const kept = streams.restore(node);
      // A stream item set aside comes back as the same element, brought up to date.
      if (kept && kept !== node) morphdom(kept, node, { ...options, childrenOnly: false });
      return kept;
    },
    onNodeAdded: (node) => {
      if (node.nodeType !== 1) return;
      const el = node as Element;
      streams.added(el);
      if (el.matches(ADDED)) added.push(el);
      triggered = triggerIn(el) ?? triggered;
    },
    onBeforeElUpdated: (from, to) => {
      if (to.localName === 'form' && to.hasAttribute(TRIGGER_ACTION)) {
        triggered = from as HTMLFormElement;
      }
      opts.beforeElUpdated?.(from, to);
      streams.keepRef(from, to);
      return update(from, to, focused, opts, changed);
    },
    // An id'd stream child stays until a diff deletes it (its container leaving takes it too).
    onBeforeNodeDiscarded: (node) => {
      if (node.nodeType !== 1) return true;
      const parent = node.parentElement;
      const el = node as Element;
      return !((parent !== null && el.id && isStreamContainer(parent)) || leave(el));
    },
    onNodeDiscarded: (node) => {
      if (node.nodeType === 1 && (node as Element).matches(REMOVED)) removed.push(node as Element);
    },
  };
  const result = morphdom(root, next, options) as Element;
  streams.finish();
  if (focused?.isConnected) restoreFocus(focused, selection);
  if (opts.joining === true) {
    const owner = root.closest(`[${SESSION}]`);
    added = [...root.querySelectorAll(ADDED)].filter((el) => ownerOf(el) === owner);
  }
  const viewId = result.getAttribute(TELEPORTED) ?? result.closest(`[${SESSION}]`)?.id;
  if (viewId !== undefined) {
    const inner = { ...opts, streams: undefined, joining: undefined };
    const shownAdded = (el: Element) => {
      for (const e of [el, ...el.querySelectorAll(ADDED)]) if (e.matches(ADDED)) added.push(e);
    };
    teleport(result, viewId, (shown, to) => morph(shown, to, false, inner), shownAdded, remove);
  }
  if (opts.removed) for (const el of removed) opts.removed(el);
  if (leaving.length > 0) {
    for (const el of leaving) {
      LEAVING.add(el);
      opts.leave?.(el);
    }
    afterTransitions(() => {
      const gone: Element[] = [];
      for (const el of leaving) {
        el.remove();
        discard(el, gone);
      }
      if (opts.removed) for (const el of gone) opts.removed(el);
    });
  }
  // A new stream item a limit trimmed again never really arrived.
  if (opts.added) for (const el of added) if (el.isConnected) opts.added(el);
  if (opts.updated) for (const el of changed) opts.updated(el);
  if (triggered?.isConnected && triggered.hasAttribute(TRIGGER_ACTION)) opts.triggered?.(triggered);
  return result;
}

/** The form with `phx-trigger-action` an added node is or holds, if any. */
function triggerIn(el: Element): HTMLFormElement | undefined {
  const selector = `form[${TRIGGER_ACTION}]`;
  return (el.matches(selector) ? el : (el.querySelector(selector) ?? undefined)) as
    | HTMLFormElement
    | undefined;
}

/** morphdom's `onBeforeElUpdated` after the caller's hook: true lets morphdom patch `from`. */
function update(
  from: Element,
  to: Element,
  focused: FormControl | null,
  opts: PatchOptions,
  changed: Element[],
): boolean {
  if (to.hasAttribute('data-phx-parent-id') || to.hasAttribute('data-phx-sticky')) {
    const session = from.getAttribute(SESSION);
    // The view's own status classes (phx-connected, ...) are not the parent's to take away.
    const status = [...from.classList].filter((name) => name.startsWith('phx-'));
    syncAttrs(from, to, (name) => name !== 'data-phx-static');
    if (session) from.setAttribute(SESSION, session);
    if (status.length > 0) from.classList.add(...status);
    return false;
  }
  // The form is about to be posted as the user filled it: its fields keep their values.
  if (isFormControl(from) && isInTriggeredForm(to)) {
    syncAttrs(from, to, isNotValue);
    return false;
  }
  const reset = opts.resetForm?.contains(from) === true;
  // A field the server rendered exactly as before keeps what the user typed in it: morphdom
  // would copy the unchanged markup's value over it.
  if (!reset && from !== focused && isFormControl(from) && from.isEqualNode(to)) return false;
  const keepValue =
    !reset &&
    from === focused &&
    !to.hasAttribute('phx-patch-focused') &&
    // A focused select whose options changed must show the new options.
    (from.localName !== 'select' || from.innerHTML === to.innerHTML);
  const only =
    (from.getAttribute('phx-update') ?? from.getAttribute('data-phx-update')) === 'ignore'
      ? isDataAttribute
      : keepValue
        ? isNotValue
        : undefined;
  if (
    (hasHook(from) || hasHook(to)) &&
    (only ? syncAttrs(from, to, only, true) : !from.isEqualNode(to))
  ) {
    opts.beforeUpdate?.(from, to);
    changed.push(from);
  }
  if (only) {
    syncAttrs(from, to, only);
    return false;
  }
  // A template's content is not among its children: morphdom would leave it as it was.
  if (isPortal(from))
    from.content.replaceChildren((to as HTMLTemplateElement).content.cloneNode(true));
  if (isStreamContainer(to)) {
    // Only id'd children can be stream items; whitespace between them would pile up.
    for (const node of [...to.childNodes]) {
      if (node.nodeType !== 1 || !(node as Element).id) node.remove();
    }
  }
  return true;
}

/**
 * Makes `from`'s attributes accepted by `only` equal to `to`'s; true if any differed. With `dry`
 * nothing is written.
 */
function syncAttrs(
  from: Element,
  to: Element,
  only: (name: string) => boolean,
  dry = false,
): boolean {
  let differs = false;
  for (const { name, value } of [...to.attributes]) {
    if (only(name) && from.getAttribute(name) !== value) {
      if (dry) return true;
      from.setAttribute(name, value);
      differs = true;
    }
  }
  for (const { name } of [...from.attributes]) {
    if (only(name) && !to.hasAttribute(name)) {
      if (dry) return true;
      from.removeAttribute(name);
      differs = true;
    }
  }
  return differs;
}

type FormControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function isFormControl(el: Element | null): el is FormControl {
  const name = el?.localName;
  return (
    name === 'textarea' ||
    name === 'select' ||
    (name === 'input' && !/^(button|submit|reset|image)$/.test((el as HTMLInputElement).type))
  );
}

function restoreFocus(el: FormControl, selection: (number | null)[] | null): void {
  if (el.ownerDocument.activeElement !== el) el.focus();
  const [start, end] = selection ?? [];
  // Only text-like inputs and textareas captured a selection.
  if (start == null || end == null) return;
  const input = el as HTMLInputElement;
  if (input.selectionStart !== start || input.selectionEnd !== end)
    input.setSelectionRange(start, end);
}

/** True for an element a hook runs on: its own, an upload helper's, or the viewport bindings'. */
function hasHook(el: Element): boolean {
  return el.hasAttribute(HOOK) || el.hasAttribute(BUILT_IN_HOOK) || el.matches(VIEWPORT);
}

function isDataAttribute(name: string): boolean {
  return name.startsWith('data-');
}

function isNotValue(name: string): boolean {
  return name !== 'value';
}
