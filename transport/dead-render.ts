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
 *
 * @example
 * await serveDeadRender(req, res, match, url, context, layout);
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nanoid } from 'nanoid';
import { renderDead } from '../views/dead-render.js';
import { escapeHtml } from '../views/escape.js';
import { raw, Template } from '../views/html.js';
import type { Params } from '../views/port.js';
import { renderToString } from '../views/render-to-string.js';
import type { LiveContext } from './context.js';
import { verifyFlash } from './join.js';
import type { LayoutProps, LiveRoute, LiveServerOptions } from './options.js';
import { CLIENT_PATH } from './static.js';
import { createCsrfToken } from './token.js';

/**
 * The cookie a flash crosses a full page redirect in (the official client's name).
 *
 * @example
 * res.headers.get('set-cookie')?.startsWith(FLASH_COOKIE);
 */
export const FLASH_COOKIE = '__phoenix_flash__';

/**
 * A route matched for a request.
 *
 * @example
 * const match: RouteMatch = { route: { path: '/events/:id', view: EventView }, params: { id: '7' } };
 * @internal
 */
export interface RouteMatch {
  readonly route: LiveRoute;
  readonly params: Params;
}

/**
 * Renders one page (or a 302) for a matched route.
 *
 * @example
 * await serveDeadRender(req, res, { route, params }, url, context, defaultLayout, () => ({}));
 * @internal
 */
export async function serveDeadRender(
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch,
  url: URL,
  context: LiveContext,
  layout: (page: LayoutProps) => string | Template,
  sessionOf: NonNullable<LiveServerOptions['session']>,
): Promise<void> {
  const { tokens } = context;
  const cookieFlash = readCookie(req, FLASH_COOKIE);
  const flash = verifyFlash(cookieFlash, context);
  const session = sessionOf(req);
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
  const sessionToken = tokens.session.sign({ id, route: match.route.path, session });
  const staticToken = tokens.static.sign({ id, flash: result.flash });
  const container = `<div id="${id}" data-phx-main data-phx-session="${escapeHtml(sessionToken)}" data-phx-static="${escapeHtml(staticToken)}">${result.html}</div>`;
  const page = layout({
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

/**
 * One cookie's value from a request, undefined when absent.
 *
 * @example
 * readCookie(req, '__phoenix_flash__');
 * @internal
 */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
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
