/**
 * Flash messages as the examples show them: a dismissible alert. Each kind has a live region
 * that is always in the page (empty when there is no message), because a screen reader
 * announces what appears inside a region it already knows more reliably than a region that
 * appears; errors interrupt (`alert`), confirmations wait their turn (`status`). The dismiss
 * control is a real button, so it is in the tab order and Enter or Space work; the runtime
 * knows `lv:clear-flash`.
 */
import { html, type Template } from '../views/index.js';

/**
 * Both flash regions of a view's `flash` assign: `info`, then `error`.
 *
 * @example
 * render: (a) => html`<h1>Tickets</h1>${flashes(a.flash)}`;
 */
export function flashes(flash: Readonly<Partial<Record<string, string>>>): Template {
  return html`${region('info', flash.info)}${region('error', flash.error)}`;
}

function region(kind: 'info' | 'error', text: string | undefined): Template {
  return html`<div class="flash-region" role=${kind === 'error' ? 'alert' : 'status'}>${
    text === undefined
      ? ''
      : html`<div class="flash flash-${kind}"><p class="flash-text" id="flash-${kind}">${text}</p><button type="button" class="flash-dismiss" phx-click="lv:clear-flash" phx-value-key=${kind} aria-label="Dismiss this message">×</button></div>`
  }</div>`;
}
