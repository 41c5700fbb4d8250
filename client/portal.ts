/**
 * LiveView 1.1's portals: `<template id="t" data-phx-portal="#modals"><div id="m">…</div></template>`
 * renders its one root element (which needs an id) inside the element the selector names,
 * anywhere on the page, while it stays the view's own: kept in step with the template on every
 * patch, its events sent to the view, removed when the template leaves. The teleported element
 * carries `data-phx-teleported="<view id>"` and `data-phx-teleported-src="<template id>"`, as
 * the official client marks it.
 *
 * @example
 * html`<template id="dialog-portal" data-phx-portal="body"><dialog id="dialog" open>…</dialog></template>`
 */
import { ownerOf } from './dom-stream.js';

const PORTAL = 'data-phx-portal';
/** On a teleported element: the id of the view it belongs to. */
export const TELEPORTED = 'data-phx-teleported';
const SOURCE = 'data-phx-teleported-src';

/** True for a portal template. @internal */
export function isPortal(el: Element): el is HTMLTemplateElement {
  return el.localName === 'template' && el.hasAttribute(PORTAL);
}

/**
 * After a patch of `root` (a view container or a component of view `viewId`): shows each of its
 * portal templates' content at its target, through `morph(shown, next)` when it is shown
 * already, else by appending it (then `added(el)`); passes teleported elements of the view
 * whose template is gone to `remove`.
 *
 * @internal
 */
export function teleport(
  root: Element,
  viewId: string,
  morph: (shown: Element, next: Element) => void,
  added: (el: Element) => void,
  remove: (el: Element) => void,
): void {
  const doc = root.ownerDocument;
  const owner = root.closest('[data-phx-session]');
  for (const template of root.querySelectorAll(`template[${PORTAL}]`)) {
    // A nested view's portals are its own.
    if (owner !== null && ownerOf(template) !== owner) continue;
    const source = (template as HTMLTemplateElement).content.firstElementChild;
    const target = doc.querySelector(template.getAttribute(PORTAL) || ':not(*)');
    if (!source?.id || target === null) {
      console.error('liveactor: bad portal', template);
      continue;
    }
    const next = source.cloneNode(true) as Element;
    next.setAttribute(TELEPORTED, viewId);
    next.setAttribute(SOURCE, template.id);
    const shown = doc.getElementById(source.id);
    if (shown === null) {
      target.append(next);
      added(next);
      continue;
    }
    if (!target.contains(shown)) target.append(shown);
    morph(shown, next);
  }
  for (const el of doc.querySelectorAll(`[${TELEPORTED}="${CSS.escape(viewId)}"]`)) {
    if (doc.getElementById(el.getAttribute(SOURCE) ?? '') === null) remove(el);
  }
}
