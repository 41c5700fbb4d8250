/**
 * The client bundle in memory, in every encoding it is served in: as built, brotli and gzip.
 *
 * `npm run build:client` writes `liveactor.js.br` and `liveactor.js.gz` beside the bundle, so
 * serving costs no compression. A sibling is used only if it decompresses to exactly the
 * bundle's bytes (a rebuild may have replaced one and not yet the other, or a custom
 * `clientBundle` may come without them); otherwise the bundle is compressed here, once per
 * change of the file, on libuv's thread pool rather than the event loop.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import type { StoredEncoding } from './accept-encoding.js';

/** One encoding of the bundle, with the ETag that names it. */
export interface BundleVariant {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * The bundle as loaded: a hash of its bytes (its URL carries it) and its three variants.
 * @internal
 */
export interface LoadedBundle {
  /** 16 hex digits of the bundle's SHA-256. */
  readonly hash: string;
  readonly identity: BundleVariant;
  readonly br: BundleVariant;
  readonly gzip: BundleVariant;
}

const compressors: Record<StoredEncoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => promisify(gzip)(body, { level: constants.Z_BEST_COMPRESSION }),
};

const decompressors: Record<StoredEncoding, (body: Buffer) => Promise<Buffer>> = {
  br: promisify(brotliDecompress),
  gzip: promisify(gunzip),
};

/** The file name suffix of each precompressed sibling. */
export const ENCODING_SUFFIX: Readonly<Record<StoredEncoding, string>> = {
  br: '.br',
  gzip: '.gz',
};

/**
 * The bundle's bytes compressed as `npm run build:client` stores them.
 * @internal
 *
 * @example
 * await writeFile('dist/liveactor.js.br', await compressBundle(bytes, 'br'));
 */
export function compressBundle(body: Buffer, encoding: StoredEncoding): Promise<Buffer> {
  return compressors[encoding](body);
}

/**
 * Reads `file` and its precompressed siblings; rejects when `file` cannot be read.
 * @internal
 *
 * @example
 * const bundle = await loadBundle('dist/liveactor.js');
 * res.end(bundle.br.body);
 */
export async function loadBundle(file: string): Promise<LoadedBundle> {
  const body = await readFile(file);
  const digest = createHash('sha256').update(body).digest();
  const hash = digest.toString('hex').slice(0, 16);
  const tag = digest.toString('base64url').slice(0, 27);
  const [br, gzipped] = await Promise.all([encoded(file, body, 'br'), encoded(file, body, 'gzip')]);
  return {
    hash,
    identity: { body, etag: `"${tag}"` },
    br: { body: br, etag: `"${tag}-br"` },
    gzip: { body: gzipped, etag: `"${tag}-gz"` },
  };
}

/** The sibling of `file` in `encoding` if it holds `body`, else `body` compressed here. */
async function encoded(file: string, body: Buffer, encoding: StoredEncoding): Promise<Buffer> {
  try {
    const stored = await readFile(file + ENCODING_SUFFIX[encoding]);
    if ((await decompressors[encoding](stored)).equals(body)) return stored;
  } catch {
    // Missing or corrupt: compressed below.
  }
  return compressors[encoding](body);
}
