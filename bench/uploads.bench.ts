/**
 * Uploads against the targets, each server in a child process of its own
 * (bench/uploads-server.ts, the library from `dist/`), the uploading client here
 * (bench/upload-driver.ts), over 127.0.0.1:
 *
 * - throughput of one 100 MB upload (64 kB chunks, LiveView's default, as the official client
 *   sends them: one in flight, a progress report per whole percent, written to a temp file and
 *   consumed) vs. the same bytes as binary frames of the same size to plain `ws`, each appended
 *   to a file and acknowledged before the next is sent;
 * - the same with 1 MB chunks (info);
 * - the server's memory (used heap plus array buffers, above its idle level) at its peak during
 *   ten concurrent 50 MB uploads, on ten sockets, against the plain `ws` server doing the same
 *   (one chunk in flight per socket): a few chunks per upload more at most, never the files.
 *
 * Both servers run at once and take turns, so a loaded machine slows both alike. Medians of
 * several runs; "±" is the spread (max - min) / median.
 * Run alone: `npm run bench -- uploads`.
 *
 * @example
 * const rows = await run();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './bench-child.js';
import { buildDist } from './dist.js';
import type { BenchRow } from './report.js';
import { formatRatio, type Sample, summarize } from './stats.js';
import { uploadOverLiveactor, uploadOverPlainWs } from './upload-driver.js';

const MB = 1024 * 1024;
const RUNS = 7;
const CONCURRENT = 10;

type Kind = 'liveactor' | 'ws';
type Servers = Record<Kind, { readonly port: number; readonly child: BenchChild }>;
const UPLOAD = { liveactor: uploadOverLiveactor, ws: uploadOverPlainWs } as const;

/** Both servers at once, so that each run of one is next to a run of the other. */
async function withServers<T>(body: (servers: Servers) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'liveactor-bench-uploads-'));
  const children = (['liveactor', 'ws'] as const).map(
    (kind) => [kind, new BenchChild('./uploads-server.ts', [kind, dir])] as const,
  );
  try {
    const started = await Promise.all(
      children.map(async ([kind, child]) => {
        const { port } = await child.first<{ port: number }>();
        return [kind, { port, child }] as const;
      }),
    );
    return await body(Object.fromEntries(started) as Servers);
  } finally {
    await Promise.all(children.map(([, child]) => child.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `measure` for each server in turn, `runs` times, after a warm-up of each: the machine's
 * load then weighs on both alike.
 */
async function alternate(
  runs: number,
  warmUp: (kind: Kind) => Promise<unknown>,
  measure: (kind: Kind) => Promise<number>,
): Promise<Record<Kind, Sample>> {
  await warmUp('liveactor');
  await warmUp('ws');
  const values: Record<Kind, number[]> = { liveactor: [], ws: [] };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['liveactor', 'ws'] as const) values[kind].push(await measure(kind));
  }
  return { liveactor: summarize(values.liveactor), ws: summarize(values.ws) };
}

/** MB/s of uploads of `size` bytes in `chunk`-byte frames. */
function throughput(servers: Servers, size: number, chunk: number, runs: number) {
  return alternate(
    runs,
    (kind) => UPLOAD[kind](servers[kind].port, 8 * MB, chunk),
    async (kind) => size / MB / (await UPLOAD[kind](servers[kind].port, size, chunk)),
  );
}

/** The server's retained memory at its peak during `CONCURRENT` 50 MB uploads. */
function peakMemory(servers: Servers) {
  return alternate(
    3,
    (kind) => UPLOAD[kind](servers[kind].port, 4 * MB, 64_000),
    async (kind) => {
      const { port, child } = servers[kind];
      await child.ask({ cmd: 'watch' });
      await Promise.all(
        Array.from({ length: CONCURRENT }, () => UPLOAD[kind](port, 50 * MB, 64_000)),
      );
      return child.ask<number>({ cmd: 'peak' });
    },
  );
}

const rate = (s: Sample) => `${s.median.toFixed(0)} MB/s ±${s.spreadPct.toFixed(0)}%`;
const mb = (s: Sample) => `${(s.median / MB).toFixed(1)} MB ±${s.spreadPct.toFixed(0)}%`;
/** Chunks per upload the server may hold beyond what the plain `ws` server holds. */
const EXTRA_CHUNKS = 4;

/** Measures every scenario; one row per (figure, baseline) pair. */
export async function run(): Promise<BenchRow[]> {
  await buildDist();
  return withServers(async (servers) => {
    const rows: BenchRow[] = [];
    for (const chunk of [64_000, MB]) {
      const main = chunk === 64_000;
      const { liveactor: ours, ws: plain } = await throughput(
        servers,
        100 * MB,
        chunk,
        main ? RUNS : 3,
      );
      rows.push({
        name: `one 100 MB upload, ${main ? '64 kB' : '1 MB'} chunks`,
        figure: rate(ours),
        baseline: `ws frames, acked ${rate(plain)}`,
        ratio: formatRatio(ours.median, plain.median),
        target: main ? '>= 0.7x' : 'info',
        pass: !main || ours.median >= 0.7 * plain.median,
      });
    }
    const { liveactor: peak, ws: plainPeak } = await peakMemory(servers);
    const extra = (peak.median - plainPeak.median) / CONCURRENT / 64_000;
    rows.push({
      name: `server memory peak, ${CONCURRENT} concurrent 50 MB uploads (64 kB chunks)`,
      figure: `${mb(peak)} (${extra.toFixed(1)} chunks per upload over ws)`,
      baseline: `ws frames, acked ${mb(plainPeak)}`,
      ratio: formatRatio(peak.median, plainPeak.median),
      target: `<= ws + ${EXTRA_CHUNKS} chunks per upload`,
      pass: extra <= EXTRA_CHUNKS,
    });
    return rows;
  });
}
