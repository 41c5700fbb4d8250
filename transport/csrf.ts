/**
 * The CSRF check of a join, as Phoenix makes it: the page's `<meta name="csrf-token">` travels
 * back in the join's `params._csrf_token`, and a join without the right one is refused with
 * `{reason: "stale"}` (the client reloads the page, which brings a fresh token).
 *
 * "Right" means made by this server for this page. The dead render draws a random nonce, signs
 * `{ csrf: nonce }` into the page's CSRF token (salt 'csrf') and the same nonce into the page's
 * session token (`SessionClaims.csrf`), so a token is only good with the session token it was
 * rendered next to: one fetched from another page, or another user's, does not pass. Session
 * tokens that carry no nonce (signed by an earlier version) need a valid token of this server.
 */
import { randomBytes } from 'node:crypto';
import type { LiveContext } from './context.js';
import { isPlainObject } from './event-params.js';

/**
 * A page's CSRF token and the nonce its session token carries.
 * @internal
 */
export interface PageCsrf {
  readonly token: string;
  readonly nonce: string;
}

/**
 * Draws the CSRF token and nonce of one page.
 * @internal
 */
export function issuePageCsrf(context: LiveContext): PageCsrf {
  const nonce = randomBytes(16).toString('base64url');
  return { token: context.tokens.csrf.sign({ csrf: nonce }), nonce };
}

/** Servers that were told once that their pages send no CSRF token. */
const warned = new WeakSet<LiveContext>();

/**
 * True if the join `params` carry this server's CSRF token for the page whose session token
 * holds `nonce`.
 * @internal
 */
export function isJoinCsrfValid(
  params: unknown,
  nonce: string | undefined,
  context: LiveContext,
): boolean {
  const token = isPlainObject(params) ? params._csrf_token : undefined;
  if (typeof token !== 'string' || token === '') {
    warnMissing(context);
    return false;
  }
  let data: unknown;
  try {
    data = context.tokens.csrf.verify(token, context.options.tokenMaxAgeMs);
  } catch {
    return false;
  }
  if (!isPlainObject(data) || typeof data.csrf !== 'string') return false;
  return nonce === undefined || data.csrf === nonce;
}

/** A layout without the meta tag makes every join fail: say so once, where the operator looks. */
function warnMissing(context: LiveContext): void {
  if (warned.has(context)) return;
  warned.add(context);
  context.system.logger.warn(
    { during: 'phx_join' },
    'a join without params._csrf_token was refused (stale); does the layout put ' +
      'LayoutProps.csrfToken in <meta name="csrf-token"> and the client send it?',
  );
}
