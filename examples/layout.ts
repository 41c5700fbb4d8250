/**
 * The page every example is rendered in: the CSRF meta tag and the client bundle the live
 * server needs, the app's stylesheet and icon (served by the app, see static-files.ts), a bar
 * linking back to the index, and a notice for a browser without JavaScript. Nothing inline: no
 * style attribute, no <style>, no <script> body, so a strict Content-Security-Policy holds.
 */
import type { LayoutProps } from '../transport/index.js';
import { html, type Template } from '../views/index.js';
import type { StaticFiles } from './static-files.js';

/** The app's name: the index page's title, and the end of every example's title. */
export const APP_NAME = 'liveactor examples';
// The client keeps it when a view changes the title live, as Phoenix's live_title does.
const TITLE_SUFFIX = ` · ${APP_NAME}`;

/**
 * The examples' layout, linking the assets of `files`.
 *
 * @example
 * createLiveServer({ routes, secret, layout: examplesLayout(files) });
 */
export function examplesLayout(
  files: Pick<StaticFiles, 'assetUrl'>,
): (page: LayoutProps) => Template {
  const css = files.assetUrl('app.css');
  const icon = files.assetUrl('favicon.svg');
  return (page) => html`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="csrf-token" content=${page.csrfToken}>
    <title data-suffix=${TITLE_SUFFIX}>${page.title === undefined ? APP_NAME : page.title + TITLE_SUFFIX}</title>
    <link rel="icon" href=${icon} type="image/svg+xml">
    <link rel="stylesheet" href=${css}>
    <script defer src=${page.clientSrc}></script>
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header">
      <div class="site-header-inner">
        <a class="brand" href="/"><img src=${icon} alt="" width="28" height="28">${APP_NAME}</a>
      </div>
    </header>
    <noscript><p class="notice">This page needs JavaScript for live updates: what you see is a
      snapshot, and its buttons and forms do nothing until JavaScript is on.</p></noscript>
    <main id="main" tabindex="-1">${page.content}</main>
  </body>
</html>
`;
}
