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
  /** Class name to whether it was last added (true) or removed (false). */
  readonly classes: Map<string, boolean>;
  /** Attribute name to its last set value, or null when it was removed. */
  readonly attrs: Map<string, string | null>;
  /** Attribute names, or `prefix-*` patterns, whose current values the patch must keep. */
  ignoreAttrs: readonly string[];
  display?: string;
}

const stickies = new WeakMap<Element, Sticky>();

function stickyOf(el: Element): Sticky {
  let sticky = stickies.get(el);
  if (sticky === undefined) {
    sticky = { classes: new Map(), attrs: new Map(), ignoreAttrs: [] };
    stickies.set(el, sticky);
  }
  return sticky;
}

/** Whether `el` has a `style` (what show, hide and focus need). */
export function isStyled(el: Element | undefined): el is HTMLElement | SVGElement {
  return el instanceof HTMLElement || el instanceof SVGElement;
}

/** Adds and removes classes on `el` now, and records them so later patches keep them. */
export function changeClasses(
  el: Element,
  adds: readonly string[],
  removes: readonly string[],
): void {
  const { classes } = stickyOf(el);
  for (const name of removes) classes.set(name, false);
  for (const name of adds) classes.set(name, true);
  el.classList.remove(...removes);
  el.classList.add(...adds);
}

/**
 * Removes classes that were only ever temporary (a transition's) and forgets them, so a later
 * patch neither re-adds nor strips them.
 */
export function forgetClasses(el: Element, names: readonly string[]): void {
  const { classes } = stickyOf(el);
  for (const name of names) classes.delete(name);
  el.classList.remove(...names);
}

/** Sets (`value` a string) or removes (`value` null) an attribute now, and records it. */
export function changeAttr(el: Element, name: string, value: string | null): void {
  stickyOf(el).attrs.set(name, value);
  setAttr(el, name, value);
}

function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}

/** Sets `style.display` now, and records it (what show and hide leave behind). */
export function changeDisplay(el: Element, display: string): void {
  stickyOf(el).display = display;
  if (isStyled(el)) el.style.display = display;
}

/** Records attributes (names or `prefix-*` patterns) whose values the server must not patch. */
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
 */
export function carrySticky(fromEl: Element, toEl: Element): void {
  const sticky = stickies.get(fromEl);
  if (sticky === undefined) return;
  for (const [name, added] of sticky.classes) toEl.classList.toggle(name, added);
  for (const [name, value] of sticky.attrs) setAttr(toEl, name, value);
  if (sticky.display !== undefined && isStyled(toEl)) toEl.style.display = sticky.display;
  const patterns = sticky.ignoreAttrs;
  if (patterns.length === 0) return;
  for (const { name } of [...toEl.attributes]) {
    if (isIgnored(name, patterns) && !fromEl.hasAttribute(name)) toEl.removeAttribute(name);
  }
  for (const { name, value } of fromEl.attributes) {
    if (isIgnored(name, patterns)) toEl.setAttribute(name, value);
  }
}
