/**
 * The notice a page shows while it has lost the server, so a user never types into a page
 * that silently stopped listening. The default is a small fixed bar at the top of the page,
 * announced to screen readers; a page can pass its own {@link OfflineBanner} (or `false`) in
 * the LiveSocket's `offlineBanner` option. The element carries `data-phx-offline-banner`, so
 * CSS can restyle it and tests can find it.
 */

/** Shows and hides the offline notice. */
export interface OfflineBanner {
  show(): void;
  hide(): void;
}

const STYLE =
  'position:fixed;inset:0 0 auto;z-index:2147483647;padding:.5em 1em;' +
  'font:14px/1.4 system-ui,sans-serif;text-align:center;background:#fff3cd;color:#664d03;' +
  'border-bottom:1px solid #ffe69c';

/**
 * The default banner: created on first `show()`, appended to `document.body`, then toggled
 * with the `hidden` attribute.
 *
 * @example
 * const banner = defaultOfflineBanner(document);
 * banner.show(); // "Connection lost. Reconnecting..."
 */
export function defaultOfflineBanner(
  doc: Document,
  text = 'Connection lost. Reconnecting\u2026',
): OfflineBanner {
  let el: HTMLElement | undefined;
  return {
    show() {
      if (el === undefined || !el.isConnected) {
        el = doc.createElement('div');
        el.setAttribute('data-phx-offline-banner', '');
        // A status region is polite by itself (ARIA 1.2): no aria-live needed.
        el.setAttribute('role', 'status');
        // Through the CSSOM: a strict Content-Security-Policy (style-src without
        // 'unsafe-inline') refuses a style attribute set with setAttribute, but not this.
        el.style.cssText = STYLE;
        el.textContent = text;
        doc.body.append(el);
      }
      el.hidden = false;
    },
    hide() {
      if (el !== undefined) el.hidden = true;
    },
  };
}
