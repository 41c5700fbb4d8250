/**
 * The answer to a dead render (HTTP GET) that threw: always a 500 and a log record; the page
 * depends on `debugErrors` (on unless `NODE_ENV=production`):
 *
 *   debugErrors  the error, its stack, the route, the view, the step that threw (mount,
 *                handleParams, render, layout) and the params, all escaped, like Phoenix's
 *                debug error page;
 *   otherwise    a plain page that says something went wrong and nothing more.
 *
 * Both pages carry their own Content-Security-Policy: no script, and only their own stylesheet
 * (by hash), so they hold under any site policy and an error message cannot inject markup.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from '../views/live-view.js';
import { html, raw } from '../views/render/html.js';
import { renderToString } from '../views/render/render-to-string.js';
import type { LiveContext } from './context.js';
import type { LiveRoute } from './options.js';

/**
 * What failed: the request's route, view and params, and the step under way.
 * @internal
 */
export interface DeadRenderFailure {
  readonly error: unknown;
  /** `session` (the server's `session` option), `mount`, `handleParams`, `render` or `layout`. */
  readonly phase: string;
  readonly route: LiveRoute;
  readonly params: Params;
  readonly url: URL;
}

const STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:60rem;margin:0 auto;padding:1.5rem}h1{font-size:1.5rem;margin:0 0 .5rem;color:#b42318}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}.message{font-size:1.1rem;white-space:pre-wrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
pre{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;overflow:auto;font-size:.85rem}
.note{color:#57606a;font-size:.9rem}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * Logs a failed dead render and answers it with a 500 page (or drops a response already begun).
 * @internal
 */
export function answerDeadRenderError(
  req: IncomingMessage,
  res: ServerResponse,
  failure: DeadRenderFailure,
  context: LiveContext,
): void {
  const { error, phase, route, url } = failure;
  const debug = context.options.debugErrors;
  context.system.crashReports.failure({
    subject: `dead render of live view ${route.view.name} at ${route.path}`,
    during: phase,
    error,
    next: debug ? 'answered 500 with the debug error page' : 'answered 500',
    fields: { route: route.path, view: route.view.name, method: req.method, path: url.pathname },
    payload: failure.params,
  });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(debug ? debugPage(req, failure) : PLAIN_PAGE);
  res.writeHead(500, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store',
    'content-security-policy': POLICY,
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const PLAIN_PAGE = renderToString(html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong</title><style>${raw(STYLE)}</style></head>
<body><main><h1>Something went wrong</h1>
<p>This page could not be shown. Please try again in a moment.</p></main></body></html>`);

function debugPage(req: IncomingMessage, failure: DeadRenderFailure): string {
  const { error, phase, route, params, url } = failure;
  const name = error instanceof Error ? error.name : 'Thrown value';
  const message = error instanceof Error ? error.message : describe(error);
  const stack = error instanceof Error ? (error.stack ?? message) : describe(error);
  const request = `${req.method ?? 'GET'} ${url.pathname}${url.search}`;
  return renderToString(html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} in ${phase} at ${request}</title><style>${raw(STYLE)}</style></head>
<body><main>
<h1>${name} in ${phase}</h1>
<p class="message">${message}</p>
<dl>
<dt>Request</dt><dd>${request}</dd>
<dt>Route</dt><dd>${route.path}</dd>
<dt>Live view</dt><dd>${route.view.name}</dd>
<dt>Failed in</dt><dd>${phase}</dd>
</dl>
<h2>Params</h2><pre>${describe(params)}</pre>
<h2>Stack</h2><pre>${stack}</pre>
${causes(error)}
<p class="note">This page shows because <code>debugErrors</code> is on (the default unless
<code>NODE_ENV=production</code>). In production a visitor sees a plain error page, and this error
goes to the log.</p>
</main></body></html>`);
}

/** The chain of `cause`s below the error, each with its stack (a few levels at most). */
function causes(error: unknown) {
  const found = [];
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    found.push(
      html`<h2>Caused by</h2><pre>${cause instanceof Error ? (cause.stack ?? String(cause)) : describe(cause)}</pre>`,
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return found;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
