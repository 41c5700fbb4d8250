import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { preferredEncoding } from './accept-encoding.js';
import { type BundleVariant, type LoadedBundle, loadBundle } from './client-bundle.js';

/**
 * The URL path the client bundle is always served at. Pages link its content-hashed URL
 * (`LayoutProps.clientSrc`, `/liveactor.<hash>.js`), which browsers keep for a year; this one
 * stays for pages that link it by name, revalidated on each use.
 *
 * @example
 * html`<script defer src=${CLIENT_PATH}></script>`;
 */
export const CLIENT_PATH = '/liveactor.js';

/** `/liveactor.<16 hex digits>.js`: the bundle under a name that changes with its bytes. */
const HASHED_PATH = /^\/liveactor\.([0-9a-f]{16})\.js$/;
const REVALIDATE = 'public, max-age=0, must-revalidate';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the client bundle at {@link CLIENT_PATH} and at its hashed URL.
 * @internal
 */
export interface BundleServer {
  /** The URL a page should load the bundle from: hashed, or {@link CLIENT_PATH} while missing. */
  src(): Promise<string>;
  /** Whether `pathname` is one of the bundle's URLs. */
  handles(pathname: string): boolean;
  /** Answers a GET or HEAD for a path {@link handles} accepted. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
}

/**
 * Serves one JavaScript file (the client bundle): brotli or gzip by `Accept-Encoding` (with
 * `Vary`), an ETag per encoding and a 304 for a matching `If-None-Match`; 404 while the file
 * does not exist. The file is loaded again when its mtime or size changed, so a rebuild is
 * picked up, and a hashed URL of an earlier build redirects to the current one (a page
 * rendered before a deploy still gets a client).
 * @internal
 */
export function createBundleServer(file: string): BundleServer {
  let cached: { readonly key: string; readonly bundle: Promise<LoadedBundle> } | undefined;
  const current = async (): Promise<LoadedBundle | undefined> => {
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    const key = `${info.mtimeMs}:${info.size}`;
    if (cached?.key !== key) {
      const bundle = loadBundle(file);
      cached = { key, bundle };
      // A failed load (the file went away meanwhile) is tried again by the next request.
      bundle.catch(() => {
        if (cached?.bundle === bundle) cached = undefined;
      });
    }
    return cached.bundle;
  };

  return {
    async src() {
      const bundle = await current().catch(() => undefined);
      return bundle === undefined ? CLIENT_PATH : `/liveactor.${bundle.hash}.js`;
    },
    handles: (pathname) => pathname === CLIENT_PATH || HASHED_PATH.test(pathname),
    async serve(req, res, pathname) {
      const bundle = await current();
      if (bundle === undefined) {
        send(req, res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not Found');
        return;
      }
      const hash = HASHED_PATH.exec(pathname)?.[1];
      if (hash !== undefined && hash !== bundle.hash) {
        const location = `/liveactor.${bundle.hash}.js`;
        send(req, res, 302, { location, 'cache-control': 'no-cache' }, '');
        return;
      }
      const encoding = preferredEncoding(req.headers['accept-encoding']);
      const variant: BundleVariant = encoding === undefined ? bundle.identity : bundle[encoding];
      const headers: Record<string, string> = {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': hash === undefined ? REVALIDATE : IMMUTABLE,
        vary: 'Accept-Encoding',
        'x-content-type-options': 'nosniff',
        etag: variant.etag,
      };
      if (encoding !== undefined) headers['content-encoding'] = encoding;
      if (matchesEtag(req.headers['if-none-match'], variant.etag)) {
        send(req, res, 304, headers, undefined);
        return;
      }
      send(req, res, 200, headers, variant.body);
    },
  };
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Whether an `If-None-Match` list names `etag` (weakly, as RFC 9110 13.1.2 compares). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
