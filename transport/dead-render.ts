/**
 * GET on a live route: the dead render (mount with `connected === false`) wrapped in the
 * layout, as PROTOCOL.md 2.1 requires of the page:
 *
 *   <div id="phx-<random>" data-phx-main data-phx-session="<token>" data-phx-static="<token>">
 *     ...the view's HTML...
 *   </div>
 *
 * session token: `{ id, route, session }` (salt 'session'): the join proves the page came from
 * us, for this container id and this route; static token: `{ id, flash }` (salt 'static').
 * A flash cookie (`__phoenix_flash__`, a flash token the client stores after a redirect) is read
 * into the mount's flash and cleared. A redirect or navigation during the dead mount is a 302,
 * its flash travelling in the same cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nanoid } from 'nanoid';
import { renderDead } from '../views/dead-render.js';
import { escapeHtml } from '../views/render/escape.js';
import { raw, Template } from '../views/render/html.js';
import { renderToString } from '../views/render/render-to-string.js';
import type { LiveContext } from './context.js';
import { type SessionClaims, verifyFlash } from './join-verification.js';
import type { LiveRoute } from './options.js';
import type { RouteMatch } from './router.js';
import { CLIENT_PATH } from './static.js';
import { createCsrfToken } from './token.js';

/** The cookie a flash crosses a full page redirect in (the official client's name). */
const FLASH_COOKIE = '__phoenix_flash__';

/**
 * Renders one page (or a 302) for a matched route.
 * @internal
 */
export async function serveDeadRender(
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch<LiveRoute['view']>,
  url: URL,
  context: LiveContext,
): Promise<void> {
  const { tokens, options } = context;
  const cookieFlash = readCookie(req, FLASH_COOKIE);
  const flash = verifyFlash(cookieFlash, context);
  const session = options.session(req);
  const id = `phx-${nanoid(16)}`;
  const result = await renderDead(match.route.view, {
    id,
    params: match.params,
    session,
    url,
    flash,
    system: context.system,
    pubsub: context.pubsub,
    resolve: context.resolve,
    nested: context.childTokens,
  });
  const cookies = cookieFlash === undefined ? [] : [expiredCookie(FLASH_COOKIE)];
  if (result.type === 'redirect') {
    if (Object.keys(result.flash).length > 0) {
      cookies.push(flashCookie(tokens.flash.sign(result.flash)));
    }
    res.writeHead(302, { location: result.to, 'set-cookie': cookies, 'content-length': 0 });
    res.end();
    return;
  }
  const claims: SessionClaims = { id, route: match.route.path, session };
  const sessionToken = tokens.session.sign(claims);
  const staticToken = tokens.static.sign({ id, flash: result.flash });
  const container = `<div id="${id}" data-phx-main data-phx-session="${escapeHtml(sessionToken)}" data-phx-static="${escapeHtml(staticToken)}">${result.html}</div>`;
  const page = options.layout({
    title: result.title,
    csrfToken: createCsrfToken(tokens.csrf),
    content: raw(container),
    clientSrc: CLIENT_PATH,
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

function flashCookie(token: string): string {
  return `${FLASH_COOKIE}=${encodeURIComponent(token)}; Path=/; Max-Age=60; SameSite=Lax`;
}

function expiredCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; SameSite=Lax`;
}
