import { escapeHtml } from '../views/render/escape.js';
import type { LayoutProps } from './options.js';

/**
 * The page a live server renders when no `layout` is given: an HTML5 document with the CSRF
 * meta tag the client reads, the client bundle, the title and the view's container.
 *
 * @example
 * defaultLayout({ title: 'Counter', csrfToken: 't', content: raw('<div id="phx-1"></div>'), clientSrc: '/liveactor.js' });
 */
export function defaultLayout(page: LayoutProps): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="csrf-token" content="${escapeHtml(page.csrfToken)}">
    <title>${escapeHtml(page.title ?? '')}</title>
    <script defer type="text/javascript" src="${escapeHtml(page.clientSrc)}"></script>
  </head>
  <body>
    ${page.content.html}
  </body>
</html>
`;
}
