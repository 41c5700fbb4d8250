/**
 * The browser client's size as a browser receives it: our whole bundle (`dist/liveactor.js`,
 * morphdom included, built fresh by this run) next to what a page loads for the official client
 * (the minified `phoenix_live_view` 1.2 and `phoenix` 1.8 builds). Each file is served by a live
 * server (`clientBundle`) on 127.0.0.1 and fetched with a GET that says
 * `Accept-Encoding: br, gzip`, as browsers do; the figure is every byte that GET receives on its
 * socket, headers included. The official files are served the same way: they have no
 * precompressed siblings, so the server compresses them with the settings our build uses.
 * Size is a figure, not a timing, so one build is the measurement; it does not vary by run.
 *
 * Run alone: `node --import tsx bench/client.bench.ts`.
 *
 * @example
 * const rows = await run();
 */
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildClient } from '../scripts/build-client.js';
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

/** Builds the bundle and compares what each client costs a browser to load. */
export async function run(): Promise<BenchRow[]> {
  const ours = [(await buildClient()).outfile];
  const require = createRequire(import.meta.url);
  const official = [
    join(dirname(require.resolve('phoenix_live_view')), 'phoenix_live_view.min.js'),
    join(dirname(require.resolve('phoenix')), 'phoenix.min.js'),
  ];
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
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable('client', await run());
}
