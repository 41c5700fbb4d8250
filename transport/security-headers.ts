/**
 * The security headers of every response a live server sends itself (pages, the client bundle,
 * its 4xx/5xx); a request passed on to `next()` is left to the application.
 *
 *   Content-Security-Policy   pages only; by default no inline code at all (no 'unsafe-inline',
 *                             no 'unsafe-eval'): scripts, styles, sockets from the page's origin,
 *                             plus whatever carries the page's nonce (LayoutProps.nonce)
 *   X-Content-Type-Options    nosniff
 *   Referrer-Policy           strict-origin-when-cross-origin
 *   X-Frame-Options           SAMEORIGIN / DENY, mirroring `frame-ancestors` for old browsers
 *
 * The nonce is fresh for every page, so a layout may inline a script or a style by giving it
 * `nonce=${page.nonce}` (`<script nonce=...>window.liveactorOptions = ...</script>`).
 *
 * What the default policy asks of a page: no `<script>` or `<style>` without the nonce, no
 * `style="..."` attribute and no `on*=` handler in the HTML (a template that needs inline style
 * attributes adds `style-src-attr 'unsafe-inline'` to its own policy: beside a nonce, `style-src`
 * ignores `'unsafe-inline'`), and no script that sets a
 * `style` attribute with `setAttribute` (setting `el.style.x` is fine). Both clients satisfy it.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * The `securityHeaders` option of a live server. Every field is optional; `false` drops that
 * header.
 *
 * @example
 * createLiveServer({ routes, secret, securityHeaders: {
 *   contentSecurityPolicy: (nonce) => `${defaultContentSecurityPolicy(nonce)}; img-src 'self' https://cdn.example`,
 *   frameAncestors: "'none'",
 * } });
 */
export interface SecurityHeaders {
  /**
   * The page's policy, or a function of the page's nonce that returns it; default
   * {@link defaultContentSecurityPolicy}.
   */
  readonly contentSecurityPolicy?: string | ((nonce: string) => string) | false | undefined;
  /**
   * Who may frame the pages: the sources of CSP `frame-ancestors`, added to the policy unless it
   * has that directive already. Default `'self'`; `"'none'"` forbids framing.
   */
  readonly frameAncestors?: string | false | undefined;
  /** Default `strict-origin-when-cross-origin`. */
  readonly referrerPolicy?: string | false | undefined;
  /** `X-Content-Type-Options: nosniff`; default true. */
  readonly noSniff?: boolean | undefined;
}

/**
 * The default Content-Security-Policy of a page with this nonce.
 *
 * @example
 * defaultContentSecurityPolicy('r4nd0m');
 * // "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'; ..."
 */
export function defaultContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    // blob: is how both clients preview a picked image (liveImgPreview) before it uploads.
    "img-src 'self' data: blob:",
    // 'self' covers ws: and wss: to the page's own host and port (CSP Level 3).
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The headers of one server, worked out once.
 * @internal
 */
export interface ResolvedSecurityHeaders {
  /** Sent on every response of the server's own. */
  readonly common: readonly (readonly [string, string])[];
  /** The page policy for a nonce; undefined to send none. */
  readonly policy: ((nonce: string) => string) | undefined;
}

/**
 * Applies the defaults to the `securityHeaders` option (`false`: none at all).
 * @internal
 */
export function resolveSecurityHeaders(
  option: SecurityHeaders | false | undefined,
): ResolvedSecurityHeaders {
  if (option === false) return { common: [], policy: undefined };
  const common: [string, string][] = [];
  if (option?.noSniff ?? true) common.push(['x-content-type-options', 'nosniff']);
  const referrer = option?.referrerPolicy ?? 'strict-origin-when-cross-origin';
  if (referrer !== false) common.push(['referrer-policy', checked('referrerPolicy', referrer)]);
  const ancestors = option?.frameAncestors ?? "'self'";
  const frameOptions = ancestors === false ? undefined : X_FRAME_OPTIONS[ancestors.trim()];
  if (frameOptions !== undefined) common.push(['x-frame-options', frameOptions]);
  const policy = pagePolicy(option?.contentSecurityPolicy, ancestors);
  // A policy that cannot be sent fails at startup rather than on the first page.
  policy?.('startup-check');
  return { common, policy };
}

const X_FRAME_OPTIONS: Readonly<Record<string, string>> = {
  "'self'": 'SAMEORIGIN',
  "'none'": 'DENY',
};

function pagePolicy(
  csp: SecurityHeaders['contentSecurityPolicy'],
  ancestors: string | false,
): ((nonce: string) => string) | undefined {
  if (csp === false) return undefined;
  const base =
    csp === undefined ? defaultContentSecurityPolicy : typeof csp === 'string' ? () => csp : csp;
  const frame = ancestors === false ? undefined : checked('frameAncestors', ancestors);
  return (nonce) => {
    const policy = checked('contentSecurityPolicy', base(nonce));
    if (frame === undefined || /(^|;)\s*frame-ancestors\s/i.test(policy)) return policy;
    return `${policy}; frame-ancestors ${frame}`;
  };
}

/** A header value with a line break would split the response: refuse it loudly. */
function checked(name: string, value: string): string {
  if (typeof value !== 'string' || /[\r\n]/.test(value)) {
    throw new TypeError(`createLiveServer: securityHeaders.${name} must be a one-line string`);
  }
  return value;
}

/**
 * Sets the common headers on a response the server answers itself.
 * @internal
 */
export function setCommonHeaders(res: ServerResponse, headers: ResolvedSecurityHeaders): void {
  for (const [name, value] of headers.common) res.setHeader(name, value);
}

/**
 * Sets every header of a page and returns its fresh nonce, for the layout.
 * @internal
 */
export function setPageHeaders(res: ServerResponse, headers: ResolvedSecurityHeaders): string {
  const nonce = randomBytes(16).toString('base64');
  setCommonHeaders(res, headers);
  if (headers.policy !== undefined) res.setHeader('content-security-policy', headers.policy(nonce));
  return nonce;
}
