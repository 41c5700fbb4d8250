/**
 * Sticky state: the class, attribute and display changes JS commands made to an element. The
 * server's HTML knows nothing of them, so a patch would undo them; instead the DOM patcher calls
 * {@link carrySticky} for every element morphdom updates, and the changes are put on the
 * incoming element before its attributes are copied over.
 *
 * Only the net change is kept per element: adding a class and then removing it leaves one
 * recorded removal, not two entries.
 */

interface Sticky {
  readonly addClasses: Set<string>;
  readonly removeClasses: Set<string>;
  readonly setAttrs: Map<string, string>;
  readonly removeAttrs: Set<string>;
  /** Attribute names, or `prefix-*` patterns, whose current values the patch must keep. */
  ignoreAttrs: readonly string[];
  display?: string;
}

const stickies = new WeakMap<Element, Sticky>();

function stickyOf(el: Element): Sticky {
  let sticky = stickies.get(el);
  if (sticky === undefined) {
    sticky = {
      addClasses: new Set(),
      removeClasses: new Set(),
      setAttrs: new Map(),
      removeAttrs: new Set(),
      ignoreAttrs: [],
    };
    stickies.set(el, sticky);
  }
  return sticky;
}

/**
 * Adds and removes classes on `el` now, and records them so later patches keep them.
 *
 * @example
 * changeClasses(modal, ['open'], ['closed']);
 */
export function changeClasses(
  el: Element,
  adds: readonly string[],
  removes: readonly string[],
): void {
  const { addClasses, removeClasses } = stickyOf(el);
  for (const name of removes) {
    addClasses.delete(name);
    removeClasses.add(name);
  }
  for (const name of adds) {
    removeClasses.delete(name);
    addClasses.add(name);
  }
  el.classList.remove(...removes);
  el.classList.add(...adds);
}

/**
 * Removes classes that were only ever temporary (a transition's) and forgets them, so a later
 * patch neither re-adds nor strips them.
 *
 * @example
 * forgetClasses(el, ['duration-300', 'opacity-100']);
 */
export function forgetClasses(el: Element, names: readonly string[]): void {
  const { addClasses, removeClasses } = stickyOf(el);
  for (const name of names) {
    addClasses.delete(name);
    removeClasses.delete(name);
  }
  el.classList.remove(...names);
}

/**
 * Sets (`value` a string) or removes (`value` null) an attribute now, and records it.
 *
 * @example
 * changeAttr(menu, 'aria-expanded', 'true');
 */
export function changeAttr(el: Element, name: string, value: string | null): void {
  const { setAttrs, removeAttrs } = stickyOf(el);
  if (value === null) {
    setAttrs.delete(name);
    removeAttrs.add(name);
    el.removeAttribute(name);
  } else {
    removeAttrs.delete(name);
    setAttrs.set(name, value);
    el.setAttribute(name, value);
  }
}

/**
 * Sets `style.display` now, and records it (what show and hide leave behind).
 *
 * @example
 * changeDisplay(modal, 'none');
 */
export function changeDisplay(el: Element, display: string): void {
  stickyOf(el).display = display;
  if (el instanceof HTMLElement || el instanceof SVGElement) el.style.display = display;
}

/**
 * Records attributes (names or `prefix-*` patterns) whose values the server must not patch.
 *
 * @example
 * ignoreAttrs(details, ['open', 'data-ui-*']);
 */
export function ignoreAttrs(el: Element, patterns: readonly string[]): void {
  const sticky = stickyOf(el);
  sticky.ignoreAttrs = [...sticky.ignoreAttrs, ...patterns];
}

function isIgnored(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/**
 * Puts `fromEl`'s sticky changes onto `toEl`, the incoming element of a patch, so that the
 * morph keeps them. Call it from morphdom's `onBeforeElUpdated(fromEl, toEl)`. The record
 * stays on `fromEl`, the element the morph keeps in the page.
 *
 * @example
 * morphdom(container, html, { onBeforeElUpdated: (from, to) => { carrySticky(from, to); return true; } });
 */
export function carrySticky(fromEl: Element, toEl: Element): void {
  const sticky = stickies.get(fromEl);
  if (sticky === undefined) return;
  toEl.classList.remove(...sticky.removeClasses);
  toEl.classList.add(...sticky.addClasses);
  for (const name of sticky.removeAttrs) toEl.removeAttribute(name);
  for (const [name, value] of sticky.setAttrs) toEl.setAttribute(name, value);
  if (sticky.display !== undefined && (toEl instanceof HTMLElement || toEl instanceof SVGElement)) {
    toEl.style.display = sticky.display;
  }
  const patterns = sticky.ignoreAttrs;
  if (patterns.length === 0) return;
  for (const { name } of [...toEl.attributes]) {
    if (isIgnored(name, patterns) && !fromEl.hasAttribute(name)) toEl.removeAttribute(name);
  }
  for (const { name, value } of fromEl.attributes) {
    if (isIgnored(name, patterns)) toEl.setAttribute(name, value);
  }
}
