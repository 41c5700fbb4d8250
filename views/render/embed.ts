/**
 * Embeds: slot values whose markup only the engine's owner can produce. The engine knows no
 * views, tokens or processes; a nested live view's container (`liveRender`) needs all three.
 * So a view's template puts an {@link Embed} in a text slot, and the engine asks the
 * {@link Embedder} it was built with for the markup, which it then treats as any rendered text
 * (sent when it differs from the last one sent, else nothing). An embedder is an object, not a
 * function: the view's own state object serves, where a closure per view would cost its
 * memory (a few hundred bytes on every connected view).
 *
 * Worked example (the runtime's embedder turns a nested view into its container):
 *
 * ```
 * html`<aside>${liveRender(Basket, { id: 'basket' })}</aside>`
 *   -> embed(call) = '<div id="basket" data-phx-session="…" data-phx-static="" data-phx-parent-id="phx-1"></div>'
 *   -> first render {"0":"<div id=\"basket\" …></div>","s":0,…}; later renders send nothing for it
 * ```
 */
import { TemplateError } from './errors.js';

/**
 * A slot value the engine's owner renders (see the module doc). Subclasses carry what the
 * owner needs; the engine only passes them on.
 *
 * @example
 * class Clock extends Embed { describe() { return 'a clock'; } }
 * new DiffEngine({ embed: { embed: (value) => (value instanceof Clock ? '<time></time>' : '') } });
 */
export abstract class Embed {
  /** What a slot holding it is called in errors (e.g. `liveRender(Basket, { id: "basket" })`). */
  abstract describe(): string;
}

/**
 * Renders an {@link Embed} to markup (already escaped: it is inserted as is).
 *
 * @example
 * const embedder: Embedder = { embed: (value) => `<div>${escapeHtml(value.describe())}</div>` };
 */
export interface Embedder {
  embed(value: Embed): string;
}

/**
 * The error of an embed rendered where nobody can render it.
 * @internal
 */
export function unembeddable(value: Embed): TemplateError {
  return new TemplateError(
    'ERR_TEMPLATE_SLOT_VALUE',
    `html: ${value.describe()} renders only inside a live view (its page, dead or connected)`,
  );
}

/**
 * The embedder of an engine nobody gave one: every embed is a mistake of where it was rendered.
 * @internal
 */
export const NO_EMBEDDER: Embedder = {
  embed(value) {
    throw unembeddable(value);
  },
};
