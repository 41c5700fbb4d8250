/**
 * The page layouts of the two clients under test. Both pages look alike: the same container,
 * the same CSRF meta tag, and an offline banner matching `[data-phx-offline-banner]` that is
 * visible only while the page is disconnected. Our client brings its own banner; the official
 * client has none, so its layout adds one that CSS shows while the container has `phx-error`.
 */
import type { LayoutProps } from '../../transport/index.js';
import { escapeHtml } from '../../views/index.js';

/**
 * Which browser client a page runs.
 *
 * @example
 * const clients: readonly ClientKind[] = ['liveactor', 'official'];
 */
export type ClientKind = 'liveactor' | 'official';

/**
 * Where the harness serves the official builds (phoenix 1.8, phoenix_live_view 1.2), unchanged.
 *
 * @example
 * OFFICIAL_SCRIPTS['/official/phoenix.js']; // 'phoenix/priv/static/phoenix.js'
 */
export const OFFICIAL_SCRIPTS: Readonly<Record<string, string>> = {
  '/official/phoenix.js': 'phoenix/priv/static/phoenix.js',
  '/official/phoenix_live_view.js': 'phoenix_live_view/priv/static/phoenix_live_view.js',
};

/**
 * The boot script of a Phoenix app's app.js, inline. A test may give the LiveSocket more options
 * (uploaders, longPollFallbackMs) in `window.liveactorOptions`, the global our bundle reads.
 */
const OFFICIAL_BOOT = `
const csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
const extra = window.liveactorOptions || {};
window.liveSocket = new LiveView.LiveSocket('/live', Phoenix.Socket, { ...extra, params: { _csrf_token: csrf } });
window.liveSocket.connect();`;

/** Shown only while the container has `phx-error`, as an app's own banner would be. */
const OFFICIAL_BANNER_STYLE = `
#e2e-offline { display: none; }
body:has([data-phx-main].phx-error) #e2e-offline { display: block; }
`;

/**
 * The `layout` option of `createLiveServer` for `client`'s pages.
 *
 * @example
 * createLiveServer({ routes, secret, layout: layoutFor('official') });
 */
export function layoutFor(client: ClientKind): (page: LayoutProps) => string {
  return (page) => {
    // Our bundle is deferred from <head>; the official builds run at the end of <body>, once
    // the container is in the DOM. Inline code carries the page's CSP nonce, as it must under
    // the server's default policy.
    const nonce = escapeHtml(page.nonce);
    const head =
      client === 'liveactor'
        ? `<script defer src="${escapeHtml(page.clientSrc)}"></script>`
        : `<style nonce="${nonce}">${OFFICIAL_BANNER_STYLE}</style>`;
    const top =
      client === 'official' ? '<div id="e2e-offline" data-phx-offline-banner>offline</div>' : '';
    const bottom =
      client === 'official'
        ? `${Object.keys(OFFICIAL_SCRIPTS)
            .map((src) => `<script src="${src}"></script>`)
            .join('')}<script nonce="${nonce}">${OFFICIAL_BOOT}</script>`
        : '';
    return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="csrf-token" content="${escapeHtml(page.csrfToken)}">
    <title>${escapeHtml(page.title ?? 'e2e')}</title>
    ${head}
  </head>
  <body>
    ${top}
    ${page.content.html}
    ${bottom}
  </body>
</html>
`;
  };
}
