/**
 * Links the live client follows without a page load (PROTOCOL.md 8, `data-phx-link`), what
 * Phoenix's `<.link>` renders. One template serves every kind, so a link that changes kind
 * diffs as three attribute slots.
 */

import type { RawHtml, Template } from './render/html.js';
import { html } from './render/html.js';

/** Where a link goes, and how. Give one of `patch`, `navigate` or `href`. */
export interface LinkOptions {
  /** The same live view, new params: the client sends `live_patch`. */
  readonly patch?: string | undefined;
  /** Another live view in the same session: the client navigates live. */
  readonly navigate?: string | undefined;
  /** An ordinary link (the default, `#`, when none is given). */
  readonly href?: string | undefined;
  /** Replace the browser history entry instead of pushing one (patch and navigate only). */
  readonly replace?: boolean | undefined;
  /** More attributes for the `<a>` (`class`, `id`, `phx-click`, ...). */
  readonly attrs?: Readonly<Record<string, unknown>> | undefined;
}

/** What a link may hold. */
export type LinkContent = string | number | Template | RawHtml | readonly (string | Template)[];

// Browsers skip leading controls and spaces and drop tabs and newlines anywhere in a URL, so
// all of them are dropped before looking at the scheme (stricter than a browser, never looser).
function isScriptUrl(url: string): boolean {
  let plain = '';
  for (const ch of url) if (ch > ' ') plain += ch;
  return plain.slice(0, 11).toLowerCase() === 'javascript:';
}

/**
 * An `<a>` for live navigation: `patch` renders `data-phx-link="patch"`, `navigate`
 * `data-phx-link="redirect"`, each with `data-phx-link-state` `push` or `replace`; `href` is a
 * plain link. URLs are escaped like any value; a `javascript:` URL is refused.
 *
 * @example
 * link({ patch: '/posts?page=2', attrs: { class: 'next' } }, 'Next');
 * // <a href="/posts?page=2" data-phx-link="patch" data-phx-link-state="push" class="next">Next</a>
 */
export function link(options: LinkOptions, content: LinkContent): Template {
  const { patch, navigate, href, replace, attrs } = options;
  const given = [patch, navigate, href].filter((url) => url !== undefined);
  if (given.length > 1) {
    throw new TypeError('link: give one of patch, navigate or href');
  }
  const url = given[0] ?? '#';
  if (isScriptUrl(url)) {
    throw new TypeError(`link: refusing a javascript: URL (${JSON.stringify(url.slice(0, 40))})`);
  }
  const kind = patch !== undefined ? 'patch' : navigate !== undefined ? 'redirect' : undefined;
  const state = kind && (replace ? 'replace' : 'push');
  return html`<a href=${url} data-phx-link=${kind} data-phx-link-state=${state} ${attrs}>${content}</a>`;
}
