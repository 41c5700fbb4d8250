/**
 * Transitions and visibility for JS commands. A transition is three class lists,
 * `[running, start, end]` (PROTOCOL.md 7): running and start are added, on the next frame start
 * is swapped for end (so CSS animates from one to the other), and after `time` ms running and
 * end go away. The classes are sticky while they are on, so a patch mid-transition keeps them.
 *
 * Transitions never block DOM patches here: `blocking` is accepted and ignored.
 */

import { changeClasses, changeDisplay, forgetClasses } from './js-sticky.js';

/** `[running, start, end]` class lists. */
export type TransitionClasses = readonly [readonly string[], readonly string[], readonly string[]];

const DEFAULT_TIME = 200;
// Transitions under way, and what waits for them all to end (phx-remove's removals).
let underWay = 0;
let waiting: (() => void)[] = [];

/** Calls `fn` once no transition is running (at once if none is). */
export function afterTransitions(fn: () => void): void {
  if (underWay === 0) fn();
  else waiting.push(fn);
}

/** Class names from a list or a space-separated string; anything else is no names. */
export function classList(value: unknown): string[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return names.filter((n): n is string => typeof n === 'string' && n !== '');
}

/**
 * A transition from the wire (three lists), or from a string (running classes only); null when
 * it has no running, start or end class.
 */
export function transitionOf(value: unknown): TransitionClasses | null {
  const parts = Array.isArray(value) ? value : [value];
  const t: TransitionClasses = [classList(parts[0]), classList(parts[1]), classList(parts[2])];
  return t[0].length + t[1].length + t[2].length > 0 ? t : null;
}

/** Runs a transition on `el`, then calls `done` after `time` ms (default 200). */
export function runTransition(
  el: Element,
  [running, start, end]: TransitionClasses,
  time: number | undefined,
  done?: () => void,
): void {
  let over = false;
  underWay++;
  changeClasses(el, [...running, ...start], end);
  // A frame can come after a short `time`: then the transition is over and must stay so.
  requestAnimationFrame(() => {
    if (!over) changeClasses(el, end, start);
  });
  setTimeout(() => {
    over = true;
    forgetClasses(el, [...running, ...start, ...end]);
    done?.();
    if (--underWay > 0) return;
    const ready = waiting;
    waiting = [];
    for (const fn of ready) fn();
  }, time ?? DEFAULT_TIME);
}

/**
 * True when `el` is not displayed: `display: none` inline or computed (which covers `hidden`
 * in browsers, and stops covering it once show has set an inline display).
 */
export function isHidden(el: Element): boolean {
  if (el instanceof HTMLElement && el.style.display === 'none') return true;
  return getComputedStyle(el).display === 'none';
}

function fire(el: Element, name: string): void {
  el.dispatchEvent(new Event(`phx:${name}`));
}

/**
 * Shows a hidden element: sets its display (default `block`, or `table-row`/`table-cell` for
 * `tr`/`td`), then runs the transition. Fires `phx:show-start` and `phx:show-end`.
 */
export function show(
  el: Element,
  display: string | undefined,
  transition: TransitionClasses | null,
  time: number | undefined,
): void {
  if (!isHidden(el)) return;
  fire(el, 'show-start');
  const tag = el.localName;
  changeDisplay(
    el,
    display ?? (tag === 'tr' ? 'table-row' : tag === 'td' ? 'table-cell' : 'block'),
  );
  if (transition) runTransition(el, transition, time, () => fire(el, 'show-end'));
  else fire(el, 'show-end');
}

/**
 * Hides a visible element: runs the transition, then sets `display: none`. Fires
 * `phx:hide-start` and `phx:hide-end`.
 */
export function hide(
  el: Element,
  transition: TransitionClasses | null,
  time: number | undefined,
): void {
  if (isHidden(el)) return;
  fire(el, 'hide-start');
  const end = (): void => {
    changeDisplay(el, 'none');
    fire(el, 'hide-end');
  };
  if (transition) runTransition(el, transition, time, end);
  else end();
}
