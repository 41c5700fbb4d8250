/**
 * Escapes text for HTML: `&`, `<`, `>`, `"` and `'`. The same five replacements make a value
 * safe in text content, in a double- or single-quoted attribute value, and in an unquoted
 * attribute value that the template engine quotes itself. Every value is escaped exactly once,
 * at render time: an input that already contains `&amp;` comes out as `&amp;amp;`, because the
 * engine cannot know whether the author meant the entity or the text (wrap markup you trust in
 * `raw()` instead).
 *
 * @example
 * escapeHtml(`<a title="x">Tom & 'Jerry'</a>`);
 * // '&lt;a title=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;'
 */
export function escapeHtml(text: string): string {
  // Most values (numbers, ids, plain words) need nothing: test once, allocate nothing.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPABLE, (ch) => REPLACEMENTS[ch as keyof typeof REPLACEMENTS]);
}

const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPABLE = /[&<>"']/g;
const REPLACEMENTS = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
} as const;
