/**
 * The server side of the uploads benchmark, a child process with a heap of its own:
 * `node --expose-gc --import tsx bench/uploads-server.ts <kind> <dir>`.
 *
 * - `liveactor`: createLiveServer (from `dist/`) with one view at `/?chunk=<bytes>` allowing one
 *   upload of any file up to 200 MB in chunks of that size, written to `dir` by the default
 *   temp-file writer; the `save` event consumes the entries (and so deletes their files).
 * - `ws`: the baseline, plain `ws` with no protocol: every binary message is appended to a file
 *   of that socket in `dir` and acknowledged with a short text message; the file goes with the
 *   socket.
 *
 * Reports `{ port }` once listening. `{ cmd: 'watch' }` starts sampling what the server holds
 * (used heap plus array buffers, where chunk bytes live) every 50 ms, each sample right after a
 * full GC, so it counts what is retained, not garbage waiting for a collection; `{ cmd: 'peak' }`
 * answers the highest sample above the idle level, in bytes.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { BENCH_SERVER_OPTIONS } from './bench-views.js';
import { loadDist } from './dist.js';

const { transport, views } = await loadDist();
const { defineLiveView, html, liveFileInput, tempFileWriter } = views;

const MB = 1024 * 1024;
const [kind = 'liveactor', dir = '.'] = process.argv.slice(2);

const UploadView = defineLiveView<{ uploads: import('../views/index.js').Uploads<'file'> }>({
  mount(params, _session, socket) {
    socket.allowUpload('file', {
      accept: 'any',
      maxFileSize: 200 * MB,
      chunkSize: Number(params.chunk ?? 64_000),
      chunkTimeout: 60_000,
      writer: () => tempFileWriter({ dir }),
    });
  },
  async handleEvent(_event, _value, socket) {
    await socket.consumeUploadedEntries('file', () => true);
  },
  render: (a) =>
    html`<form phx-change="v" phx-submit="save">${liveFileInput(a.uploads.file)}</form>`,
});

async function startLiveactor(): Promise<number> {
  const app = transport.createLiveServer({
    ...BENCH_SERVER_OPTIONS,
    routes: [{ path: '/', view: UploadView }],
    maxFrameBytes: 4 * MB,
  });
  return (await app.listen({ port: 0, host: '127.0.0.1' })).port;
}

async function startPlainUploads(): Promise<number> {
  const server = createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server, maxPayload: 4 * MB });
  wss.on('connection', (socket) => {
    const path = join(dir, `plain-${randomUUID()}`);
    const file: Promise<FileHandle> = open(path, 'wx', 0o600);
    let writes = Promise.resolve();
    socket.on('message', (data: Buffer) => {
      writes = writes.then(async () => {
        await (await file).write(data);
        socket.send('ok');
      });
    });
    socket.on('close', () => {
      void writes.then(async () => {
        await (await file).close();
        await rm(path, { force: true });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

let base = 0;
let peak = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const port = kind === 'ws' ? await startPlainUploads() : await startLiveactor();
process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'watch') {
    globalThis.gc?.();
    globalThis.gc?.();
    base = used();
    peak = 0;
    clearInterval(timer);
    timer = setInterval(() => {
      globalThis.gc?.();
      peak = Math.max(peak, used() - base);
    }, 50);
    process.send?.({ result: 0 });
  } else if (msg.cmd === 'peak') {
    clearInterval(timer);
    process.send?.({ result: peak });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port });
