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
 *   ten concurrent 50 MB uploads, on ten sockets: a few chunks per upload, not the files.
 *
 * Medians of several runs; "±" is the spread (max - min) / median.
 * Run alone: `npm run bench -- uploads`.
 *
 * @example
 * const rows = await run();
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BenchChild } from './bench-child.js';
import type { BenchRow } from './report.js';
import { formatRatio, type Sample, sample } from './stats.js';
import { uploadOverLiveactor, uploadOverPlainWs } from './upload-driver.js';

const MB = 1024 * 1024;
const RUNS = 5;
const CONCURRENT = 10;

type Kind = 'liveactor' | 'ws';

async function withServer<T>(kind: Kind, body: (port: number, server: BenchChild) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), 'liveactor-bench-uploads-'));
  const server = new BenchChild('./uploads-server.ts', [kind, dir]);
  try {
    const { port } = await server.first<{ port: number }>();
    return await body(port, server);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** MB/s of `runs` uploads of `size` bytes in `chunk`-byte frames, after one warm-up. */
function throughput(kind: Kind, size: number, chunk: number, runs: number): Promise<Sample> {
  const upload = kind === 'ws' ? uploadOverPlainWs : uploadOverLiveactor;
  return withServer(kind, async (port) => {
    await upload(port, 8 * MB, chunk);
    return sample(runs, async () => size / MB / (await upload(port, size, chunk)));
  });
}

const rate = (s: Sample) => `${s.median.toFixed(0)} MB/s ±${s.spreadPct.toFixed(0)}%`;

/** The server's retained memory at its peak during `CONCURRENT` 50 MB uploads, per run. */
function peakMemory(kind: Kind): Promise<Sample> {
  const upload = kind === 'ws' ? uploadOverPlainWs : uploadOverLiveactor;
  return withServer(kind, async (port, server) => {
    await upload(port, 4 * MB, 64_000);
    return sample(3, async () => {
      await server.ask({ cmd: 'watch' });
      await Promise.all(Array.from({ length: CONCURRENT }, () => upload(port, 50 * MB, 64_000)));
      return server.ask<number>({ cmd: 'peak' });
    });
  });
}

/** Measures every scenario; one row per (figure, baseline) pair. */
export async function run(): Promise<BenchRow[]> {
  await promisify(execFile)('npm', ['run', 'build', '--silent'], {
    cwd: new URL('..', import.meta.url).pathname,
  });
  const rows: BenchRow[] = [];
  for (const chunk of [64_000, MB]) {
    const main = chunk === 64_000;
    const runs = main ? RUNS : 3;
    const ours = await throughput('liveactor', 100 * MB, chunk, runs);
    const plain = await throughput('ws', 100 * MB, chunk, runs);
    rows.push({
      name: `one 100 MB upload, ${main ? '64 kB' : '1 MB'} chunks`,
      figure: rate(ours),
      baseline: `ws frames, acked ${rate(plain)}`,
      ratio: formatRatio(ours.median, plain.median),
      target: main ? '>= 0.7x' : 'info',
      pass: !main || ours.median >= 0.7 * plain.median,
    });
  }
  const peak = await peakMemory('liveactor');
  const plainPeak = await peakMemory('ws');
  const perUpload = peak.median / CONCURRENT;
  const mb = (s: Sample) => `${(s.median / MB).toFixed(1)} MB ±${s.spreadPct.toFixed(0)}%`;
  rows.push({
    name: `server memory peak, ${CONCURRENT} concurrent 50 MB uploads (64 kB chunks)`,
    figure: `${mb(peak)} (${(perUpload / 64_000).toFixed(1)} chunks per upload)`,
    baseline: `ws frames, acked ${mb(plainPeak)}`,
    ratio: formatRatio(peak.median, plainPeak.median),
    target: '<= 8 chunks per upload',
    pass: perUpload <= 8 * 64_000,
  });
  return rows;
}
