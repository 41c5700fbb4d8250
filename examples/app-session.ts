/**
 * The examples app's own session: an encrypted, signed cookie (iron-session), holding the
 * browser's sign-in token and its CSRF secret. The live server reads it through `session(req)`,
 * for every page and for every live connection's opening request, and puts in what the views
 * need: the token (checked against the accounts by the onMount hook), a CSRF token for the
 * forms that post to the app's own routes (@fastify/csrf: a salted token per page, verified
 * against the secret), and the `live_socket_id` that lets "log out everywhere" close this
 * browser's live connections.
 *
 * A session starts with the first page (`prepareSession`, before the live server answers),
 * so the first form already has its CSRF token. The cookie is HttpOnly, SameSite=Lax, and
 * Secure over https.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Tokens from '@fastify/csrf';
import { parse } from 'cookie';
import { getIronSession, type SessionOptions, unsealData } from 'iron-session';
import type { Session } from '../views/index.js';
import { socketIdOf } from './accounts.js';

/** What the cookie holds. */
export interface AppSession {
  /** The CSRF secret of this browser; a new one with each sign-in and sign-out. */
  csrfSecret?: string | undefined;
  /** The sign-in token (accounts.ts), while signed in. */
  token?: string | undefined;
}

const COOKIE = 'examples_session';
const csrf = Tokens();

/** The app's session, with its cookie sealed by a key derived from the app's secret. */
export class AppSessions {
  readonly #password: string;
  /** Sessions started by this very request, which its cookie does not carry yet. */
  readonly #fresh = new WeakMap<IncomingMessage, AppSession>();

  constructor(secret: string) {
    // Its own key: a leak of one (the page tokens' or the cookie's) does not give the other.
    this.#password = createHmac('sha256', secret).update('examples session cookie').digest('hex');
  }

  /**
   * The session of `req`, for the live server's `session(req)`: what the views see (never the
   * CSRF secret itself).
   */
  readonly forLiveServer = async (req: IncomingMessage): Promise<Session> => {
    const data = this.#fresh.get(req) ?? (await this.#read(req));
    const view: Record<string, unknown> = {};
    if (data.csrfSecret !== undefined) view.csrf_token = csrf.create(data.csrfSecret);
    if (data.token !== undefined) {
      view.token = data.token;
      view.live_socket_id = socketIdOf(data.token);
    }
    return view;
  };

  /** Starts a session for a page request that has none, so its forms get a CSRF token. */
  async prepare(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = await this.open(req, res);
    if (session.csrfSecret !== undefined) return;
    const csrfSecret = csrf.secretSync();
    session.csrfSecret = csrfSecret;
    await session.save();
    this.#fresh.set(req, { csrfSecret });
  }

  /** The session of a request that may change it (the cookie goes out with `res`). */
  open(req: IncomingMessage, res: ServerResponse) {
    return getIronSession<AppSession>(req, res, this.#options(req));
  }

  /** True if `token` is a CSRF token of this browser's session. */
  static isCsrfValid(session: AppSession, token: unknown): boolean {
    return (
      typeof token === 'string' &&
      session.csrfSecret !== undefined &&
      csrf.verify(session.csrfSecret, token)
    );
  }

  /** A fresh CSRF secret, as a sign-in or sign-out changes who the browser is. */
  static renewCsrf(session: AppSession): void {
    session.csrfSecret = csrf.secretSync();
  }

  /** Reads the cookie without a response to write to (a WebSocket upgrade has none). */
  async #read(req: IncomingMessage): Promise<AppSession> {
    const sealed = parse(req.headers.cookie ?? '')[COOKIE];
    if (sealed === undefined) return {};
    return unsealData<AppSession>(sealed, { password: this.#password });
  }

  #options(req: IncomingMessage): SessionOptions {
    const https = (req.socket as { encrypted?: boolean }).encrypted === true;
    return {
      cookieName: COOKIE,
      password: this.#password,
      // Sign in again after a week.
      ttl: 7 * 24 * 3600,
      cookieOptions: { httpOnly: true, sameSite: 'lax', secure: https, path: '/' },
    };
  }
}
