/**
 * What a `phx_join` on `lv:<id>` must prove before a view is started (PROTOCOL.md 2.2-2.6):
 *
 *   session token  signed by us (salt 'session'), not older than tokenMaxAgeMs, id = topic id
 *                  -> otherwise {reason: "stale"} (the client reloads the page)
 *   CSRF token     params._csrf_token is the page's own (csrf.ts) -> otherwise "stale"
 *   size           params at most maxJoinParamsBytes as JSON, url/redirect at most
 *                  MAX_URL_LENGTH characters: they live as long as the view
 *                  -> otherwise {reason: "join too large"}
 *   static token   same rules when present (salt 'static'); its flash is used on the first
 *                  mount only (`_mounts` 0), as the official server does
 *   url            a plain (re)join must route to the route the session token names
 *                  -> otherwise {reason: "unauthorized"}
 *   redirect       live navigation: a route of the page's live session (the token names it),
 *                  mounted with the old session -> otherwise {reason: "unauthorized"}: the
 *                  client loads the page afresh (live-session.ts)
 *   flash          a token from a live_redirect reply (salt 'flash'); a bad one is ignored
 */
import type { OnMount } from '../views/lifecycle.js';
import type { Flash, Params, Session } from '../views/live-view.js';
import type { LiveContext } from './context.js';
import { isJoinCsrfValid } from './csrf.js';
import { isPlainObject } from './event-params.js';
import { LIVE_TOPIC_PREFIX } from './frame.js';
import { MAX_URL_LENGTH, parseUrl } from './http-util.js';
import type { LiveRoute } from './options.js';

/**
 * The part of a ViewStart a join decides.
 * @internal
 */
export interface JoinGrant {
  readonly view: LiveRoute['view'];
  readonly params: Params;
  readonly session: Session;
  readonly url: string;
  readonly connectParams: Params;
  readonly flash: Flash;
  /** The matched route's pattern, for logs and telemetry. */
  readonly route: string;
  /** Its live session's hooks, run before `mount`. */
  readonly onMount: readonly OnMount[] | undefined;
}

/**
 * A join's verdict.
 * @internal
 */
export type JoinVerdict =
  | { readonly ok: true; readonly grant: JoinGrant }
  | { readonly ok: false; readonly reason: 'stale' | 'unauthorized' | 'join too large' };

/**
 * What the session token of a page holds (signed at dead render).
 * @internal
 */
export interface SessionClaims {
  readonly id: string;
  readonly route: string;
  readonly session: Session;
  /** The nonce of the page's CSRF token (csrf.ts); absent in tokens of earlier versions. */
  readonly csrf?: string;
  /** The name of the route's live session; absent for a route outside any. */
  readonly liveSession?: string;
}

const STALE = { ok: false, reason: 'stale' } as const;
const UNAUTHORIZED = { ok: false, reason: 'unauthorized' } as const;
const TOO_LARGE = { ok: false, reason: 'join too large' } as const;

/**
 * Checks a join payload against the server's tokens and routes.
 * @internal
 */
export function verifyJoin(
  topic: string,
  payload: Readonly<Record<string, unknown>>,
  context: LiveContext,
): JoinVerdict {
  const id = topic.slice(LIVE_TOPIC_PREFIX.length);
  if (!isWithinBounds(payload, context.options.maxJoinParamsBytes)) return TOO_LARGE;
  const claims = verifySession(payload.session, context);
  if (claims === undefined || claims.id !== id) return STALE;
  if (!isJoinCsrfValid(payload.params, claims.csrf, context)) return STALE;
  const staticFlash = verifyStatic(payload.static, id, context);
  if (staticFlash === undefined) return STALE;
  const isRedirect = typeof payload.redirect === 'string';
  const url = parseUrl(isRedirect ? payload.redirect : payload.url);
  // Views resolve patches against their URL (inputs.ts assumes an http(s) one).
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) return STALE;
  const match = context.router.match(url);
  if (match === undefined) return UNAUTHORIZED;
  if (!isRedirect && match.route.path !== claims.route) return UNAUTHORIZED;
  // Live navigation stays within the page's live session; another's layout and hooks need a
  // page of their own.
  if (match.route.liveSession?.name !== claims.liveSession) return UNAUTHORIZED;
  const connectParams = isPlainObject(payload.params) ? payload.params : {};
  const firstMount = connectParams._mounts === undefined || connectParams._mounts === 0;
  const flash = {
    ...(firstMount ? staticFlash : {}),
    ...verifyFlash(payload.flash, context),
  };
  return {
    ok: true,
    grant: {
      view: match.route.view,
      params: match.params,
      session: claims.session,
      url: url.href,
      connectParams,
      flash,
      route: match.route.path,
      onMount: match.route.liveSession?.onMount,
    },
  };
}

/**
 * What a join keeps for the life of its view (params, url) is small. Measured before anything
 * else, so an oversized join costs one serialization and no signature check.
 * @internal
 */
export function isWithinBounds(payload: Readonly<Record<string, unknown>>, maxParamsBytes: number) {
  for (const key of ['url', 'redirect'] as const) {
    const value = payload[key];
    if (typeof value === 'string' && value.length > MAX_URL_LENGTH) return false;
  }
  const params = payload.params;
  if (params === undefined) return true;
  return Buffer.byteLength(JSON.stringify(params)) <= maxParamsBytes;
}

function verifySession(token: unknown, context: LiveContext): SessionClaims | undefined {
  const data = verifyQuietly(context.tokens.session, token, context.options.tokenMaxAgeMs);
  if (!isPlainObject(data)) return undefined;
  const { id, route, session, csrf, liveSession } = data;
  if (typeof id !== 'string' || typeof route !== 'string' || !isPlainObject(session)) {
    return undefined;
  }
  return {
    id,
    route,
    session,
    ...(typeof csrf === 'string' && { csrf }),
    ...(typeof liveSession === 'string' && { liveSession }),
  };
}

/** The static token's flash; `{}` when there is no token; undefined when it is not valid. */
function verifyStatic(token: unknown, id: string, context: LiveContext): Flash | undefined {
  if (token === null || token === undefined || token === '') return {};
  const data = verifyQuietly(context.tokens.static, token, context.options.tokenMaxAgeMs);
  if (!isPlainObject(data) || data.id !== id) return undefined;
  return toFlash(data.flash);
}

/**
 * A flash token from a navigation, or the `__phoenix_flash__` cookie; `{}` when absent or bad
 * (a lost flash message is not worth refusing a page for).
 * @internal
 */
export function verifyFlash(token: unknown, context: LiveContext): Flash {
  if (typeof token !== 'string' || token === '') return {};
  return toFlash(verifyQuietly(context.tokens.flash, token, FLASH_MAX_AGE_MS));
}

/** Flash tokens are short-lived: they only cross one redirect (the client keeps the cookie 60 s). */
const FLASH_MAX_AGE_MS = 60_000;

function verifyQuietly(
  signer: LiveContext['tokens']['session'],
  token: unknown,
  maxAgeMs: number,
): unknown {
  try {
    return signer.verify(token, maxAgeMs);
  } catch {
    return undefined;
  }
}

function toFlash(value: unknown): Flash {
  if (!isPlainObject(value)) return {};
  const flash: Record<string, string> = {};
  for (const [kind, message] of Object.entries(value)) {
    if (typeof message === 'string') flash[kind] = message;
  }
  return flash;
}
