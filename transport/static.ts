import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The URL path the client bundle is served at.
 *
 * @example
 * html`<script defer src=${CLIENT_PATH}></script>`;
 */
export const CLIENT_PATH = '/liveactor.js';

interface Cached {
  readonly mtimeMs: number;
  readonly size: number;
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * Serves one JavaScript file (the client bundle) with an ETag, `no-cache` revalidation and a
 * 304 for a matching `If-None-Match`; 404 while the file does not exist (issue 5 builds it).
 * The file is read again only when its mtime or size changed, so a rebuild is picked up.
 * @internal
 */
export function createBundleServer(
  file: string,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let cached: Cached | undefined;
  return async (req, res) => {
    let info: { mtimeMs: number; size: number; isFile(): boolean };
    try {
      info = await stat(file);
    } catch {
      info = { mtimeMs: 0, size: 0, isFile: () => false };
    }
    if (!info.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : 'Not Found');
      return;
    }
    if (cached === undefined || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
      const body = await readFile(file);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      cached = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
    }
    const headers = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=0, must-revalidate',
      etag: cached.etag,
    };
    if (req.headers['if-none-match'] === cached.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': cached.body.length });
    res.end(req.method === 'HEAD' ? undefined : cached.body);
  };
}
