/**
 * GET on a live route: the dead render (mount with `connected === false`) wrapped in the
 * layout, as PROTOCOL.md 2.1 requires of the page:
 *
 *   <div id="phx-<random>" data-phx-main data-phx-session="<token>" data-phx-static="<token>">
 *     ...the view's HTML...
 *   </div>
 *
 * session token: `{ id, route, session, csrf, liveSession }` (salt 'session'): the join proves
 * the page came from us, for this container id and this route, `csrf` ties it to the page's
 * CSRF token (csrf.ts), and `liveSession` names the route's live session, the bounds of live
 * navigation (live-session.ts); static token: `{ id, flash }` (salt 'static').
 * The session is the server's `session(req)` with the route's live session's merged over it;
 * the live session's `onMount` hooks run before `mount`, and its layout replaces the server's.
 * A flash cookie (`__phoenix_flash__`, a flash token the client stores after a redirect) is read
 * into the mount's flash and cleared. A redirect or navigation during the dead mount is a 302,
 * its flash travelling in the same cookie (HttpOnly, SameSite=Lax, Secure over https). Cookies
 * the application set on the response before (a session it renewed) are kept.
 * Every answer carries the security headers (security-headers.ts), a page its CSP nonce.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nanoid } from 'nanoid';
import { renderDead } from '../views/dead-render.js';
import { escapeHtml } from '../views/render/escape.js';
import { raw, Template } from '../views/render/html.js';
import { renderToString } from '../views/render/render-to-string.js';
import { connectInfoOf } from './connect-info.js';
import type { LiveContext } from './context.js';
import { issuePageCsrf } from './csrf.js';
import { answerDeadRenderError } from './error-page.js';
import { requestScheme } from './http-util.js';
import { type SessionClaims, verifyFlash } from './join-verification.js';
import { routeSession } from './live-session.js';
import type { LiveRoute } from './options.js';
import type { RouteMatch } from './router.js';
import { setPageHeaders } from './security-headers.js';

/** The cookie a flash crosses a full page redirect in (the official client's name). */
const FLASH_COOKIE = '__phoenix_flash__';

/**
 * Renders one page (or a 302) for a matched route; a view or layout that throws gets the 500 of
 * error-page.ts.
 * @internal
 */
export async function serveDeadRender(
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch<LiveRoute>,
  url: URL,
  context: LiveContext,
): Promise<void> {
  const progress = { phase: 'session' };
  try {
    await renderPage(req, res, match, url, context, progress);
  } catch (error) {
    const { route, params } = match;
    answerDeadRenderError(req, res, { error, route, params, url, ...progress }, context);
  }
}

async function renderPage(
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch<LiveRoute>,
  url: URL,
  context: LiveContext,
  progress: { phase: string },
): Promise<void> {
  const { tokens, options } = context;
  const cookieFlash = readCookie(req, FLASH_COOKIE);
  const flash = verifyFlash(cookieFlash, context);
  const { route } = match;
  const session = await routeSession(req, route, options.session);
  const id = `phx-${nanoid(16)}`;
  const result = await renderDead(route.view, {
    id,
    params: match.params,
    session,
    url,
    flash,
    system: context.system,
    pubsub: context.pubsub,
    resolve: context.resolve,
    route: route.path,
    onPhase: (phase) => {
      progress.phase = phase;
    },
    nested: context.childTokens,
    onMount: route.liveSession?.onMount,
    connectInfo: connectInfoOf(req, options.proxyHops),
  });
  progress.phase = 'layout';
  const secure = requestScheme(req, options.trustProxy) === 'https';
  const cookies = setCookies(res);
  if (cookieFlash !== undefined) cookies.push(flashCookie('', 0, secure));
  const nonce = setPageHeaders(res, options.securityHeaders);
  if (result.type === 'redirect') {
    if (Object.keys(result.flash).length > 0) {
      cookies.push(flashCookie(tokens.flash.sign(result.flash), 60, secure));
    }
    res.writeHead(302, { location: result.to, 'set-cookie': cookies, 'content-length': 0 });
    res.end();
    return;
  }
  const csrf = issuePageCsrf(context);
  const claims: SessionClaims = {
    id,
    route: route.path,
    session,
    csrf: csrf.nonce,
    ...(route.liveSession !== undefined && { liveSession: route.liveSession.name }),
  };
  const sessionToken = tokens.session.sign(claims);
  const staticToken = tokens.static.sign({ id, flash: result.flash });
  const container = `<div id="${id}" data-phx-main data-phx-session="${escapeHtml(sessionToken)}" data-phx-static="${escapeHtml(staticToken)}">${result.html}</div>`;
  const layout = route.liveSession?.layout ?? options.layout;
  const page = layout({
    title: result.title,
    csrfToken: csrf.token,
    content: raw(container),
    clientSrc: await context.bundle.src(),
    nonce,
  });
  const body = Buffer.from(page instanceof Template ? renderToString(page) : page);
  const headers: Record<string, string | number | string[]> = {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'max-age=0, private, must-revalidate',
  };
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The cookies set on `res` already (by middleware before us), to send with ours. */
function setCookies(res: ServerResponse): string[] {
  const set = res.getHeader('set-cookie');
  if (set === undefined) return [];
  return Array.isArray(set) ? [...set] : [String(set)];
}

/** One cookie's value from a request, undefined when absent. */
function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * The flash cookie (`maxAgeS` 0 clears it): no script reads it (the client only ever sets it),
 * it crosses top-level navigations only, and over https it never travels in clear.
 */
function flashCookie(token: string, maxAgeS: number, secure: boolean): string {
  const value = encodeURIComponent(token);
  return `${FLASH_COOKIE}=${value}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
