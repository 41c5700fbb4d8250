/**
 * The "My tickets" example's plain HTTP routes: what a socket cannot do, because it sets or
 * clears the session cookie.
 *
 *   POST /login               the login form, posted by phx-trigger-action once the live view
 *                             found the credentials good; checked again here, then the cookie
 *   POST /logout              this browser: its token revoked, its live pages closed
 *   POST /logout/everywhere   every browser of the user: every token revoked, every live page
 *                             of each closed (`disconnectSockets`), wherever it is open
 *
 * Each is a form post, so each is guarded against cross-site requests twice: the `Origin` a
 * browser sends must be this server's, and the form's `_csrf_token` must belong to this
 * browser's session. Then 303 to the next page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IronSession } from 'iron-session';
import type { ActorSystem, PubSub } from '../actors/index.js';
import { disconnectSockets } from '../transport/index.js';
import { checkCredentials, signIn, signOut, socketIdOf } from './accounts.js';
import { type AppSession, AppSessions } from './app-session.js';

/** Where the example's forms post. */
export const AUTH_PATHS = {
  login: '/login',
  logout: '/logout',
  everywhere: '/logout/everywhere',
} as const;

/** A form post is a few fields: anything bigger is not one of ours. */
const MAX_BODY_BYTES = 8 * 1024;

type Answer = { readonly status: number; readonly location?: string; readonly text?: string };

/**
 * The handler of the auth routes; resolves false for any other request (left to the caller).
 */
export function authRoutes(
  sessions: AppSessions,
  app: { readonly system: ActorSystem; readonly pubsub: PubSub },
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const paths: readonly string[] = Object.values(AUTH_PATHS);
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'POST' || !paths.includes(path)) return false;
    const answer = await handle(req, res, path, sessions, app).catch((error: unknown): Answer => {
      app.system.logger.error({ err: error, path }, 'an auth route failed');
      return { status: 500, text: 'Something went wrong; please try again.' };
    });
    res.writeHead(answer.status, {
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      ...(answer.location !== undefined && { location: answer.location }),
    });
    res.end(answer.text ?? '');
    return true;
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  sessions: AppSessions,
  app: { readonly system: ActorSystem; readonly pubsub: PubSub },
): Promise<Answer> {
  if (!isSameOrigin(req)) return { status: 403, text: 'Cross-site form posts are refused.' };
  const form = await readForm(req);
  if (form === undefined) return { status: 400, text: 'Expected a small form post.' };
  const session = await sessions.open(req, res);
  if (!AppSessions.isCsrfValid(session, form.get('_csrf_token'))) {
    return { status: 403, text: 'This form has expired: go back, reload the page and try again.' };
  }
  if (path === AUTH_PATHS.login) return login(session, form, app.system);
  const everywhere = path === AUTH_PATHS.everywhere;
  if (session.token !== undefined) {
    for (const token of await signOut(app.system, session.token, everywhere)) {
      disconnectSockets(app.pubsub, socketIdOf(token));
    }
  }
  delete session.token;
  AppSessions.renewCsrf(session);
  await session.save();
  return see(`/login?signed-out=${everywhere ? 'everywhere' : 'here'}`);
}

async function login(
  session: IronSession<AppSession>,
  form: URLSearchParams,
  system: ActorSystem,
): Promise<Answer> {
  const user = await checkCredentials(system, form.get('email') ?? '', form.get('password') ?? '');
  // The live view checked these a moment ago; failing now means they changed meanwhile.
  if (typeof user === 'string') return see(`/login?failed=${user}`);
  // A new browser identity: a token of its own, and a CSRF secret the old page never saw.
  session.token = await signIn(system, user);
  AppSessions.renewCsrf(session);
  await session.save();
  return see('/tickets');
}

function see(location: string): Answer {
  return { status: 303, location };
}

/**
 * Browsers send `Origin` with every POST; one naming another site is a cross-site post. A
 * request without it (a non-browser client) still needs the CSRF token.
 */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The urlencoded body, or undefined for another type or one over the limit. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
