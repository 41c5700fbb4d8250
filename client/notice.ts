/**
 * What the client itself puts on a page when something failed: a notice element (the offline
 * banner, a view's failure notice) and the few rules that style it, a failed view and a refused
 * control.
 *
 * Announced: a notice has the role `alert` and is inserted into the page each time it appears,
 * which makes the browser raise an alert event that screen readers speak at once (an element
 * merely un-hidden is not reliably spoken). A pulse takes it out and puts it back: it is spoken
 * again, and its CSS animation starts over.
 *
 * Styled without a `style` attribute or a `<style>` element, both of which a strict
 * Content-Security-Policy (`style-src 'self'`) blocks: the rules live in a stylesheet built by
 * script and adopted by the document (`document.adoptedStyleSheets`), which CSP does not govern,
 * so the page includes nothing. They sit in the cascade layer `liveactor`; every rule of the page
 * outside a layer beats a layered one whatever its specificity or order, so plain page CSS
 * restyles any of the classes below.
 */

/** The class a control gets when its click or submit was not sent (the view was not live). */
export const REFUSED = 'phx-offline-rejected';
/** The class of a view's container while its failure notice shows. */
export const FAILED = 'phx-failed';

const CSS =
  '@layer liveactor{' +
  '.phx-offline-banner,.phx-failure-notice{z-index:9999;top:0;padding:.5em 1em;' +
  'background:#fff3cd;color:#664d03;border:1px solid #ffe69c}' +
  '.phx-offline-banner{position:fixed;inset:0 0 auto;text-align:center}' +
  '.phx-failure-notice{position:sticky;margin-bottom:.5em}' +
  `.${FAILED}{opacity:.6}` +
  `.${REFUSED}{outline:2px dashed #b02a37}` +
  '.phx-pulse{animation:phx-pulse .5s 2}' +
  '@keyframes phx-pulse{50%{box-shadow:0 0 0 .3em #b02a37}}}';

const styled = new WeakSet<Document>();

/** Adopts the client's stylesheet into `doc`, once. Without constructed sheets, no styles. */
export function adoptStyles(doc: Document): void {
  if (styled.has(doc)) return;
  styled.add(doc);
  try {
    // The sheet must come from the document's own window to be adopted by it.
    const sheet = new (doc.defaultView as typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {}
}

/** One notice element: shown with some content, hidden, or pulsed. */
export interface Notice {
  show(...content: (Node | string)[]): void;
  hide(): void;
  pulse(): void;
}

/**
 * A notice of `kind` (its class `phx-<kind>` and attribute `data-phx-<kind>`), which `place`
 * puts into the page. Created on first show; `show` again replaces its content.
 */
export function notice(doc: Document, kind: string, place: (el: HTMLElement) => void): Notice {
  const el = doc.createElement('div');
  el.className = `phx-${kind}`;
  el.setAttribute(`data-phx-${kind}`, '');
  el.setAttribute('role', 'alert');
  return {
    show(...content) {
      adoptStyles(doc);
      el.replaceChildren(...content);
      if (!el.isConnected) place(el);
    },
    hide: () => el.remove(),
    pulse() {
      if (!el.isConnected) return;
      el.remove();
      el.classList.add('phx-pulse');
      place(el);
    },
  };
}
