/**
 * The HTTP shapes of Phoenix's long-poll transport (Phoenix 1.8 `Phoenix.Transports.LongPoll`,
 * PROTOCOL.md 1.5), as its official client expects them.
 *
 * Every answer is HTTP 200 with a JSON body whose `status` says what happened:
 *
 *   GET  /live/longpoll?vsn=2.0.0&<params>          -> {"status":410,"token":"T","messages":[]}
 *        (no token: a session is opened; its token comes back, the transport is open)
 *   GET  /live/longpoll?...&token=T                 -> {"status":200,"token":"T","messages":["[..]", ...]}
 *        (held until there is something to send)     or {"status":204,"token":"T","messages":[]}
 *        (held for the window, nothing came)
 *   POST /live/longpoll?...&token=T                 -> {"status":200}
 *        Content-Type: application/x-ndjson, one frame per line; a line that does not start
 *        with `[` is a binary frame in base64 (what the client does with an upload chunk)
 *   DELETE /live/longpoll?...&token=T              -> {"status":200}, the session is closed
 *        (liveactor's own: its client says goodbye; Phoenix's client never sends it)
 *   a token of no session (expired, closed, another server's) -> {"status":410}
 *   an Origin the policy refuses, a bad `vsn`                  -> {"status":403}
 *   the server cannot take a session now                      -> {"status":500}
 *
 * Each message is the text of one v2 frame, so the JSON holds JSON in strings, as Phoenix's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Where the long-poll transport answers: the socket path with `/longpoll` for `/websocket`.
 *
 * @example
 * await fetch(`http://127.0.0.1:4000${LONG_POLL_PATH}?vsn=2.0.0`); // {"status":410,"token":...}
 */
export const LONG_POLL_PATH = '/live/longpoll';

/**
 * Answers a long-poll request: HTTP 200, the JSON body above, never cached by a proxy.
 * @internal
 */
export function answer(
  res: ServerResponse,
  status: number,
  token?: string,
  messages?: readonly string[],
): void {
  let body = `{"status":${status}`;
  if (token !== undefined) body += `,"token":${JSON.stringify(token)}`;
  if (messages !== undefined) body += `,"messages":[${messages.map(quote).join(',')}]`;
  body += '}';
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/**
 * One frame of a POSTed batch: its bytes, and whether it was sent as a binary frame.
 * @internal
 */
export interface BatchFrame {
  readonly data: Buffer;
  readonly binary: boolean;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const OPEN_BRACKET = 0x5b;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The frames of a POST body: one per non-empty line with `ndjson` (a trailing `\r` dropped),
 * else the whole body as one text frame (Phoenix's older single-message POST). A line not
 * starting with `[` is base64 of a binary frame. `'too large'` when a frame is over `maxBytes`,
 * `'bad base64'` when a binary line is not base64.
 * @internal
 */
export function splitBatch(
  body: Buffer,
  ndjson: boolean,
  maxBytes: number,
): BatchFrame[] | 'too large' | 'bad base64' {
  if (!ndjson) return body.length > maxBytes ? 'too large' : [{ data: body, binary: false }];
  const frames: BatchFrame[] = [];
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end < 0) end = body.length;
    const stop = end > start && body[end - 1] === RETURN ? end - 1 : end;
    const line = body.subarray(start, stop);
    start = end + 1;
    if (line.length === 0) continue;
    if (line[0] === OPEN_BRACKET) {
      if (line.length > maxBytes) return 'too large';
      frames.push({ data: line, binary: false });
      continue;
    }
    const text = line.toString('latin1');
    if (!BASE64.test(text)) return 'bad base64';
    // Three bytes per four characters: refuse before decoding what would be too large.
    if (Math.floor((text.length * 3) / 4) > maxBytes + 2) return 'too large';
    const data = Buffer.from(text, 'base64');
    if (data.length > maxBytes) return 'too large';
    frames.push({ data, binary: true });
  }
  return frames;
}

/**
 * The request body, or undefined once it passes `maxBytes` (the rest is not read) or the
 * request is aborted.
 * @internal
 */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) return undefined;
      chunks.push(chunk as Buffer);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks, size);
}
