/**
 * The uploading clients of the uploads benchmark, speaking the wire as the official client does
 * (one chunk in flight per entry, a progress report each time the whole percent grows), or
 * sending plain binary frames to the `ws` baseline, each waiting for its acknowledgement.
 *
 * @example
 * const seconds = await uploadOverLiveactor(port, 100 * MB, 64_000);
 */
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { encodeBinaryPush } from '../transport/frame.js';

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/** A socket whose replies are awaited by ref. */
class Wire {
  readonly ws: WebSocket;
  #ref = 0;
  readonly #waiting = new Map<string, (frame: Frame) => void>();

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(String(data)) as Frame;
      if (frame[3] !== 'phx_reply' || frame[1] === null) return;
      this.#waiting.get(frame[1])?.(frame);
      this.#waiting.delete(frame[1]);
    });
  }

  static async open(port: number, csrf: string): Promise<Wire> {
    const query = `_csrf_token=${encodeURIComponent(csrf)}&vsn=2.0.0`;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/live/websocket?${query}`);
    await once(ws, 'open');
    return new Wire(ws);
  }

  nextRef(): string {
    return String(++this.#ref);
  }

  reply(ref: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) =>
      this.#waiting.set(ref, (frame) => {
        const payload = frame[4] as { status: string; response: Record<string, unknown> };
        if (payload.status === 'ok') resolve(payload.response);
        else reject(new Error(`refused: ${JSON.stringify(payload.response)}`));
      }),
    );
  }

  request(joinRef: string | null, topic: string, event: string, payload: object) {
    const ref = this.nextRef();
    const reply = this.reply(ref);
    this.ws.send(JSON.stringify([joinRef, ref, topic, event, payload]));
    return reply;
  }

  binary(joinRef: string, topic: string, bytes: Uint8Array) {
    const ref = this.nextRef();
    const reply = this.reply(ref);
    this.ws.send(encodeBinaryPush(joinRef, ref, topic, 'chunk', bytes));
    return reply;
  }
}

/** Joins the upload page's view; resolves with its socket, topic, join ref and upload ref. */
async function joinView(port: number, chunk: number) {
  const url = `http://127.0.0.1:${port}/?chunk=${chunk}`;
  const page = await (await fetch(url)).text();
  const [, id, session, statics] =
    /<div id="([^"]+)" data-phx-main data-phx-session="([^"]*)" data-phx-static="([^"]*)"/.exec(
      page,
    ) ?? [];
  const csrf = /<meta name="csrf-token" content="([^"]*)"/.exec(page)?.[1] ?? '';
  const wire = await Wire.open(port, csrf);
  const topic = `lv:${id}`;
  const joinRef = wire.nextRef();
  const joined = wire.reply(joinRef);
  wire.ws.send(
    JSON.stringify([
      joinRef,
      joinRef,
      topic,
      'phx_join',
      { url, session, static: statics, params: { _csrf_token: csrf, _mounts: 0 } },
    ]),
  );
  const rendered = JSON.stringify((await joined).rendered);
  const uploadRef = /upload-ref=\\"(phx-[\w-]+)/.exec(rendered)?.[1] ?? '';
  return { wire, topic, joinRef, uploadRef };
}

/** Uploads `size` bytes as one entry through the live protocol; resolves with the seconds taken. */
export async function uploadOverLiveactor(
  port: number,
  size: number,
  chunk: number,
): Promise<number> {
  const { wire, topic, joinRef, uploadRef } = await joinView(port, chunk);
  const data = new Uint8Array(chunk).fill(7);
  const started = performance.now();
  const entry = { ref: '0', name: 'bench.bin', size, type: 'application/octet-stream' };
  const pre = await wire.request(joinRef, topic, 'allow_upload', {
    ref: uploadRef,
    entries: [entry],
  });
  const token = (pre.entries as Record<string, string>)['0'];
  const entryTopic = 'lvu:0';
  const entryJoin = wire.nextRef();
  const joined = wire.reply(entryJoin);
  wire.ws.send(JSON.stringify([entryJoin, entryJoin, entryTopic, 'phx_join', { token }]));
  await joined;
  let sent = 0;
  let reported = 0;
  while (sent < size) {
    const n = Math.min(chunk, size - sent);
    await wire.binary(entryJoin, entryTopic, n === chunk ? data : data.subarray(0, n));
    sent += n;
    const percent = Math.floor((sent / size) * 100);
    if (percent > reported) {
      reported = percent;
      const progress = { event: null, ref: uploadRef, entry_ref: '0', progress: percent };
      await wire.request(joinRef, topic, 'progress', progress);
    }
  }
  await wire.request(joinRef, topic, 'event', { type: 'form', event: 'save', value: '' });
  const seconds = (performance.now() - started) / 1000;
  wire.ws.close();
  await once(wire.ws, 'close');
  return seconds;
}

/** Sends `size` bytes as binary frames of `chunk` bytes, each acknowledged; seconds taken. */
export async function uploadOverPlainWs(
  port: number,
  size: number,
  chunk: number,
): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  await once(ws, 'open');
  const data = new Uint8Array(chunk).fill(7);
  const started = performance.now();
  let sent = 0;
  while (sent < size) {
    const n = Math.min(chunk, size - sent);
    const acked = once(ws, 'message');
    ws.send(n === chunk ? data : data.subarray(0, n));
    await acked;
    sent += n;
  }
  const seconds = (performance.now() - started) / 1000;
  ws.close();
  await once(ws, 'close');
  return seconds;
}
