/**
 * The browser client's size as a browser receives it: our whole bundle (`dist/liveactor.js`,
 * morphdom included, built fresh by this run) next to what a page loads for the official client
 * (the minified `phoenix_live_view` 1.2 and `phoenix` 1.8 builds). Each file is served by a live
 * server (`clientBundle`) on 127.0.0.1 and fetched with a GET that says
 * `Accept-Encoding: br, gzip`, as browsers do; the figure is every byte that GET receives on its
 * socket, headers included. The official files are served the same way, from a temporary copy
 * given the precompressed siblings our build would give them (`compressForBuild`), so both
 * clients are compressed alike.
 * Size is a figure, not a timing, so one build is the measurement; it does not vary by run.
 *
 * Run alone: `node --import tsx bench/client.bench.ts`.
 *
 * @example
 * const rows = await run();
 */
import { once } from 'node:events';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildClient, compressForBuild } from '../scripts/build-client.js';
import { ENCODING_SUFFIX } from '../transport/client-bundle.js';
import { createLiveServer } from '../transport/index.js';
import { type BenchRow, printTable } from './report.js';

const TARGET_KB = 15;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

/** What one GET received: every byte on its socket, and the body as sent. */
interface Received {
  readonly wire: number;
  readonly body: number;
  readonly encoding: string;
}

/** Serves `file` as the client bundle and GETs it with `acceptEncoding`. */
async function fetchBundle(file: string, acceptEncoding: string): Promise<Received> {
  const live = createLiveServer({ routes: [], secret: SECRET, clientBundle: file });
  try {
    const { url } = await live.listen();
    const headers = acceptEncoding === '' ? {} : { 'accept-encoding': acceptEncoding };
    const request = get(`${url}/liveactor.js`, { headers, agent: false });
    const [res] = (await once(request, 'response')) as [IncomingMessage];
    let body = 0;
    for await (const chunk of res) body += (chunk as Buffer).length;
    if (res.statusCode !== 200) throw new Error(`bench: GET ${file}: ${res.statusCode}`);
    const encoding = res.headers['content-encoding'] ?? 'identity';
    return { wire: res.socket.bytesRead, body, encoding };
  } finally {
    await live.close();
  }
}

/** The bytes every file of a client takes over one GET each. */
async function received(files: readonly string[], acceptEncoding: string): Promise<Received> {
  let wire = 0;
  let body = 0;
  const encodings = new Set<string>();
  for (const file of files) {
    const one = await fetchBundle(file, acceptEncoding);
    wire += one.wire;
    body += one.body;
    encodings.add(one.encoding);
  }
  return { wire, body, encoding: [...encodings].join('+') };
}

/** Copies `file` into `dir` with the `.br` and `.gz` siblings the build would give it. */
async function precompressed(file: string, dir: string): Promise<string> {
  const copy = join(dir, basename(file));
  await copyFile(file, copy);
  const bytes = await readFile(copy);
  for (const encoding of ['br', 'gzip'] as const) {
    await writeFile(copy + ENCODING_SUFFIX[encoding], await compressForBuild(bytes, encoding));
  }
  return copy;
}

/** Builds the bundle and compares what each client costs a browser to load. */
export async function run(): Promise<BenchRow[]> {
  const ours = [(await buildClient()).outfile];
  const require = createRequire(import.meta.url);
  const dir = await mkdtemp(join(tmpdir(), 'liveactor-client-bench-'));
  try {
    const official = [
      await precompressed(
        join(dirname(require.resolve('phoenix_live_view')), 'phoenix_live_view.min.js'),
        dir,
      ),
      await precompressed(join(dirname(require.resolve('phoenix')), 'phoenix.min.js'), dir),
    ];
    return await compare(ours, official);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function compare(ours: readonly string[], official: readonly string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [accept, label, target] of [
    ['br, gzip', 'client bundle over HTTP, Accept-Encoding: br, gzip', TARGET_KB],
    ['gzip', 'client bundle over HTTP, Accept-Encoding: gzip', undefined],
    ['', 'client bundle over HTTP, minified, no encoding', undefined],
  ] as const) {
    const [a, b] = [await received(ours, accept), await received(official, accept)];
    rows.push({
      name: `${label} (${a.encoding}; morphdom included)`,
      figure: kb(a.wire),
      baseline: `official LiveView 1.2 + phoenix 1.8 ${kb(b.wire)} (${b.encoding})`,
      ratio: `${(a.wire / b.wire).toFixed(2)}x`,
      target: target === undefined ? 'info' : `<= ${target} KB`,
      pass: target === undefined || a.wire <= target * 1024,
    });
  }
  return rows;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(2)} KB`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('client', await run());
}
