/**
 * The examples app's own files: its stylesheet and icon (examples/assets/) and the examples'
 * source files, which the index links. All are read once when the app starts, from a fixed
 * list, so no request path ever reaches the file system.
 *
 * An asset is linked under a URL that carries a hash of its bytes (`/assets/app.1a2b3c4d.css`):
 * a browser keeps it for a year without asking again, and a changed file gets a new URL. The
 * plain URLs (`/assets/app.css`, `/source/chat.ts`) are revalidated by ETag on every use.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';

/** What {@link loadStaticFiles} reads. */
export interface StaticFileList {
  /** File names in examples/assets/, served under /assets/. */
  readonly assets: readonly string[];
  /** File names in examples/, served as text under /source/. */
  readonly sources: readonly string[];
}

/** The app's files, in memory. */
export interface StaticFiles {
  /** The URL to link an asset by: its name with a hash of its bytes. */
  assetUrl(name: string): string;
  /** Answers a GET or HEAD for one of the files and returns true; false for anything else. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};
const REVALIDATE = 'public, max-age=0, must-revalidate';
const FOREVER = 'public, max-age=31536000, immutable';
const EXAMPLES_DIR = new URL('./', import.meta.url);
const ASSETS_DIR = new URL('./assets/', import.meta.url);

/**
 * Reads the listed files and returns their server.
 *
 * @example
 * const files = await loadStaticFiles({ assets: ['app.css'], sources: ['chat.ts'] });
 * files.assetUrl('app.css'); // '/assets/app.1a2b3c4d.css'
 */
export async function loadStaticFiles(list: StaticFileList): Promise<StaticFiles> {
  const byPath = new Map<string, StaticFile>();
  const hashed = new Map<string, string>();
  for (const name of list.assets) {
    const body = await readFile(new URL(name, ASSETS_DIR));
    const hash = digest(body);
    const ext = extname(name);
    const url = `/assets/${name.slice(0, -ext.length)}.${hash.slice(0, 8)}${ext}`;
    hashed.set(name, url);
    byPath.set(`/assets/${name}`, file(name, body, hash, REVALIDATE));
    byPath.set(url, file(name, body, hash, FOREVER));
  }
  for (const name of list.sources) {
    const body = await readFile(new URL(name, EXAMPLES_DIR));
    byPath.set(`/source/${name}`, file(name, body, digest(body), REVALIDATE));
  }
  // Browsers ask for /favicon.ico when a page links no icon (an error page, a plain file).
  const icon = byPath.get('/assets/favicon.svg');
  if (icon !== undefined) byPath.set('/favicon.ico', icon);

  return {
    assetUrl(name) {
      const url = hashed.get(name);
      if (url === undefined) throw new Error(`examples: no asset named ${name}`);
      return url;
    },
    serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const found = byPath.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (found === undefined) return false;
      send(req, res, found);
      return true;
    },
  };
}

function file(name: string, body: Buffer, hash: string, cacheControl: string): StaticFile {
  const type = TYPES[extname(name)];
  if (type === undefined) throw new Error(`examples: no content type for ${name}`);
  return { body, type, etag: `"${hash.slice(0, 27)}"`, cacheControl };
}

function digest(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

function send(req: IncomingMessage, res: ServerResponse, found: StaticFile): void {
  const headers = {
    'content-type': found.type,
    'cache-control': found.cacheControl,
    'x-content-type-options': 'nosniff',
    etag: found.etag,
  };
  if (req.headers['if-none-match'] === found.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': found.body.length });
  res.end(req.method === 'HEAD' ? undefined : found.body);
}
