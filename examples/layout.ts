/**
 * The page every example is rendered in: the CSRF meta tag and the client bundle the live
 * server needs, a bar linking back to the index, and a little CSS so the examples read well.
 */
import type { LayoutProps } from '../transport/index.js';
import { html, raw } from '../views/index.js';

const CSS = `
  :root { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; }
  body { margin: 0; }
  header { background: #24292f; padding: .6rem 1rem; }
  header a { color: #fff; text-decoration: none; font-weight: 600; }
  main { max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem; }
  button { font: inherit; padding: .3rem .9rem; border-radius: .4rem; border: 1px solid #8c959f;
    background: #fff; cursor: pointer; }
  button:disabled { opacity: .5; cursor: default; }
  input, select { font: inherit; padding: .3rem .5rem; border: 1px solid #8c959f; border-radius: .4rem; }
  .flash { background: #dafbe1; border: 1px solid #4ac26b; padding: .4rem .8rem; border-radius: .4rem; cursor: pointer; }
  .flash.error { background: #ffebe9; border-color: #ff8182; }
  .error-text { color: #cf222e; font-size: .9rem; }
  .card { background: #fff; border: 1px solid #d0d7de; border-radius: .6rem; padding: 1rem 1.2rem; margin: 1rem 0; }
  .muted { color: #57606a; font-size: .9rem; }
  ul.cards { list-style: none; padding: 0; }
  progress { width: 100%; height: 1.2rem; }
  .phx-click-loading, .phx-submit-loading { opacity: .6; }
`;

/**
 * The examples' layout.
 *
 * @example
 * createLiveServer({ routes, secret, layout: examplesLayout });
 */
export function examplesLayout(page: LayoutProps) {
  return html`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="csrf-token" content=${page.csrfToken}>
    <title>${page.title ?? 'liveactor examples'}</title>
    <link rel="icon" href="data:,">
    <style>${raw(CSS)}</style>
    <script defer src=${page.clientSrc}></script>
  </head>
  <body>
    <header><a href="/">liveactor examples</a></header>
    <main>${page.content}</main>
  </body>
</html>
`;
}
