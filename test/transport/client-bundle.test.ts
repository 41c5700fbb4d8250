/**
 * The client bundle over HTTP as a browser meets it: compressed by `Accept-Encoding`, under a
 * URL carrying its hash that may be cached for a year, and at `/liveactor.js` for pages that
 * link it by name. Requests go through `node:http`, which (unlike fetch) shows the bytes as sent.
 */
import { once } from 'node:events';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { get, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { preferredEncoding } from '../../transport/accept-encoding.js';
import { getPage, startLiveServer } from '../support/live-client.js';
import { counterView } from './fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];
const SOURCE = `console.log(${JSON.stringify('live '.repeat(200))});`;

interface Raw {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A GET (or HEAD) with exactly `headers`, its body as received. */
async function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const request = get(url, { headers, method, agent: false });
  const [res] = (await once(request, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } as Raw;
}

/** A server whose bundle is a file of the test's own, written before it starts (null: not yet). */
async function bundleServer(source: string | null = SOURCE) {
  const dir = await mkdtemp(join(tmpdir(), 'liveactor-bundle-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'liveactor.js');
  if (source !== null) await writeFile(file, source);
  const { url } = await startLiveServer({ routes, clientBundle: file });
  const scriptSrc = async () =>
    /<script defer type="text\/javascript" src="([^"]+)">/.exec(
      (await getPage(url, '/counter')).html,
    )?.[1];
  return { url, file, scriptSrc };
}

describe('the client bundle over HTTP', () => {
  it('sends brotli, gzip or the plain file by Accept-Encoding, each with Vary and its own ETag', async () => {
    const { url } = await bundleServer();
    const br = await rawGet(`${url}/liveactor.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(SOURCE);
    expect(br.body.length).toBeLessThan(SOURCE.length / 5);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);

    const gz = await rawGet(`${url}/liveactor.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SOURCE);

    const plain = await rawGet(`${url}/liveactor.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SOURCE);

    for (const res of [br, gz, plain]) {
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    }
    const etags = [br, gz, plain].map((res) => res.headers.etag);
    expect(new Set(etags).size).toBe(3);
    const again = await rawGet(`${url}/liveactor.js`, {
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag!,
    });
    expect(again.status).toBe(304);
    expect(again.headers.vary).toBe('Accept-Encoding');
    // The ETag of another encoding does not validate this one.
    const other = await rawGet(`${url}/liveactor.js`, {
      'accept-encoding': 'br',
      'if-none-match': gz.headers.etag!,
    });
    expect(other.status).toBe(200);
  });

  it('pages link a URL carrying the hash, cached for a year; a rebuild gets a new one and the old one redirects', async () => {
    const { url, file, scriptSrc } = await bundleServer();
    const first = await scriptSrc();
    expect(first).toMatch(/^\/liveactor\.[0-9a-f]{16}\.js$/);
    const hashed = await rawGet(`${url}${first}`, { 'accept-encoding': 'br' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(hashed.body).toString()).toBe(SOURCE);

    await writeFile(file, `${SOURCE}\n// rebuilt`);
    const second = await scriptSrc();
    expect(second).toMatch(/^\/liveactor\.[0-9a-f]{16}\.js$/);
    expect(second).not.toBe(first);
    const stale = await rawGet(`${url}${first}`);
    expect(stale.status).toBe(302);
    expect(stale.headers.location).toBe(second);
    expect(stale.headers['cache-control']).toBe('no-cache');
    expect((await rawGet(`${url}${second}`)).body.toString()).toBe(`${SOURCE}\n// rebuilt`);
    expect((await rawGet(`${url}/liveactor.js`)).body.toString()).toBe(`${SOURCE}\n// rebuilt`);
  });

  it('sends the precompressed files beside the bundle when they hold it, and compresses it itself when not', async () => {
    const { url, file } = await bundleServer();
    // A brotli of the same bytes that the server would not make itself (quality 1, not 11).
    const stored = brotliCompressSync(SOURCE, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 1 },
    });
    await writeFile(`${file}.br`, stored);
    await touch(file);
    const used = await rawGet(`${url}/liveactor.js`, { 'accept-encoding': 'br' });
    expect(used.body.equals(stored)).toBe(true);

    // A stale file (an earlier build) is never sent for the current bundle.
    await writeFile(`${file}.br`, brotliCompressSync('console.log("an older build")'));
    await writeFile(file, `${SOURCE}//2`);
    const fresh = await rawGet(`${url}/liveactor.js`, { 'accept-encoding': 'br' });
    expect(brotliDecompressSync(fresh.body).toString()).toBe(`${SOURCE}//2`);
    await writeFile(`${file}.gz`, 'not gzip at all');
    await touch(file);
    const gz = await rawGet(`${url}/liveactor.js`, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gz.body).toString()).toBe(`${SOURCE}//2`);
  });

  it('answers HEAD with the headers only, and 404 at either URL while there is no bundle; pages then link /liveactor.js', async () => {
    const { url, file, scriptSrc } = await bundleServer(null);
    expect(await scriptSrc()).toBe('/liveactor.js');
    expect((await rawGet(`${url}/liveactor.js`)).status).toBe(404);
    expect((await rawGet(`${url}/liveactor.0123456789abcdef.js`)).status).toBe(404);
    await writeFile(file, SOURCE);
    const head = await rawGet(`${url}/liveactor.js`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
  });
});

describe('preferredEncoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['BR;Q=0.9, GZIP;Q=0.9', 'br'],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['gzip;q=0, br;q=0', undefined],
    ['br;q=nonsense, gzip;q=0.1', 'gzip'],
    ['br;q=2', undefined],
    ['deflate', undefined],
  ] as const)('%j -> %j', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});

let touches = 0;

/** Moves the file's mtime to a time it never had, so the server loads it again. */
async function touch(file: string): Promise<void> {
  touches += 1;
  const later = new Date(Date.now() + touches * 60_000);
  await utimes(file, later, later);
}
