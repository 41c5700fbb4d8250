/**
 * The notice a page shows while it has lost the server, so a user never types into a page
 * that silently stopped listening. The default is a small fixed bar at the top of the page,
 * spoken by screen readers when it appears (notice.ts); a page can pass its own
 * {@link OfflineBanner} (or `false`) in the LiveSocket's `offlineBanner` option. The element
 * carries the class `phx-offline-banner` (restyle it with plain CSS) and the attribute
 * `data-phx-offline-banner` (tests find it by that).
 */
import { notice } from './notice.js';

/** Shows and hides the offline notice. */
export interface OfflineBanner {
  show(): void;
  hide(): void;
  /** Draws the eye (and a screen reader) to the banner again: a click was not sent. */
  pulse?(): void;
}

/**
 * The default banner: put at the end of `document.body` on `show()`, taken out on `hide()`.
 *
 * @example
 * const banner = defaultOfflineBanner(document);
 * banner.show(); // "Connection lost. Reconnecting..."
 */
export function defaultOfflineBanner(
  doc: Document,
  text = 'Connection lost. Reconnecting\u2026',
): OfflineBanner {
  const bar = notice(doc, 'offline-banner', (el) => doc.body.append(el));
  return { show: () => bar.show(text), hide: bar.hide, pulse: bar.pulse };
}
