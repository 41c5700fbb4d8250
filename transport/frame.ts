/**
 * The Phoenix channel v2 text frame (PROTOCOL.md 1.2): every message in both directions is a
 * JSON array of exactly five elements, `[join_ref, ref, topic, event, payload]`.
 *
 * - `join_ref`: the `ref` of the `phx_join` that opened the channel instance, or `null`
 *   (heartbeats). The server echoes it on every reply and push of that channel.
 * - `ref`: unique per client push (`"1"`, `"2"`, ...); `null` on server pushes. A reply echoes it.
 *   Both refs are at most 32 characters: what the server echoes stays small.
 * - `topic`: `"phoenix"` for heartbeats, `"lv:<container id>"` for a live view.
 * - `event`: `"phx_join"`, `"event"`, `"heartbeat"`, `"phx_reply"`, `"diff"`, ...
 *   Topics and events are 1 to 256 characters.
 * - `payload`: a JSON object (never an array or `null` on the text protocol).
 *
 * Worked example, a click and its reply:
 *
 *     in:  ["4","7","lv:phx-GBsi","event",{"type":"click","event":"inc","value":{"value":""}}]
 *     decodeFrame(in) => { ok: true, frame: { joinRef: "4", ref: "7", topic: "lv:phx-GBsi",
 *                          event: "event", payload: { type: "click", event: "inc", value: { value: "" } } } }
 *     encodeReply("4", "7", "lv:phx-GBsi", "ok", { diff: { "0": "4" } })
 *     out: ["4","7","lv:phx-GBsi","phx_reply",{"status":"ok","response":{"diff":{"0":"4"}}}]
 *
 * Protocol spelling (`join_ref`) lives only in this file; everything else uses {@link Frame}.
 * This file imports nothing, so the browser client can share it.
 */

/**
 * Channel control events of the Phoenix socket layer (PROTOCOL.md 1.3).
 */
export const CHANNEL_EVENTS = {
  join: 'phx_join',
  leave: 'phx_leave',
  reply: 'phx_reply',
  close: 'phx_close',
  error: 'phx_error',
  heartbeat: 'heartbeat',
} as const;

/**
 * The topic heartbeats travel on.
 */
export const PHOENIX_TOPIC = 'phoenix';

/**
 * Live view topics are `lv:` + the container's DOM id.
 */
export const LIVE_TOPIC_PREFIX = 'lv:';

/**
 * The longest `join_ref` or `ref` a frame may carry. Clients count refs up from 1, so real ones
 * are a few digits; a longer one is refused, because every reply and push echoes it.
 */
export const MAX_REF_LENGTH = 32;

/**
 * The longest topic or event name a frame may carry (UTF-16 units). Topics are `lv:` + a DOM id
 * and events a protocol word, so real ones are far shorter.
 */
export const MAX_NAME_LENGTH = 256;

/**
 * One decoded frame, with protocol fields converted to camelCase.
 */
export interface Frame {
  readonly joinRef: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Which part of a frame was wrong, for callers (and tests) that need more than a message.
 */
export type FrameFault = 'json' | 'shape' | 'join_ref' | 'ref' | 'topic' | 'event' | 'payload';

/**
 * The outcome of {@link decodeFrame}: a frame, or why the text is not one.
 */
export type FrameDecode =
  | { readonly ok: true; readonly frame: Frame }
  | { readonly ok: false; readonly fault: FrameFault; readonly reason: string };

const FRAME_LENGTH = 5;

function fail(fault: FrameFault, reason: string): FrameDecode {
  return { ok: false, fault, reason };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length}`;
  return typeof value;
}

function isRef(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && value.length <= MAX_REF_LENGTH);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= MAX_NAME_LENGTH;
}

/**
 * Parses and validates one text frame. Never throws: untrusted bytes come back as
 * `{ ok: false, fault, reason }` for the connection to answer or close on.
 *
 * @example
 * decodeFrame('[null,"1","phoenix","heartbeat",{}]');
 * // { ok: true, frame: { joinRef: null, ref: '1', topic: 'phoenix', event: 'heartbeat', payload: {} } }
 * decodeFrame('[1,2,3]'); // { ok: false, fault: 'shape', reason: '...' }
 */
export function decodeFrame(text: string): FrameDecode {
  if (typeof text !== 'string') return fail('json', 'a frame must be text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('json', 'frame is not valid JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== FRAME_LENGTH) {
    return fail(
      'shape',
      `a frame is a JSON array of ${FRAME_LENGTH} elements; got ${kindOf(parsed)}`,
    );
  }
  const [joinRef, ref, topic, event, payload] = parsed as unknown[];
  if (!isRef(joinRef)) {
    return fail(
      'join_ref',
      `join_ref must be null or a string of at most ${MAX_REF_LENGTH} characters; got ${kindOf(joinRef)}`,
    );
  }
  if (!isRef(ref)) {
    return fail(
      'ref',
      `ref must be null or a string of at most ${MAX_REF_LENGTH} characters; got ${kindOf(ref)}`,
    );
  }
  if (!isName(topic)) {
    return fail('topic', `topic must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (!isName(event)) {
    return fail('event', `event must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  // JSON.parse only builds plain objects, so "object, not array, not null" is "plain object".
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail('payload', `payload must be a JSON object; got ${kindOf(payload)}`);
  }
  return {
    ok: true,
    frame: { joinRef, ref, topic, event, payload: payload as Record<string, unknown> },
  };
}

/**
 * Serializes one frame. An `undefined` payload is sent as `{}` (the text protocol has no
 * other empty payload).
 *
 * @example
 * encodeFrame('4', null, 'lv:phx-GBsi', 'diff', { '0': '5' });
 * // '["4",null,"lv:phx-GBsi","diff",{"0":"5"}]'
 */
export function encodeFrame(
  joinRef: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payload: unknown,
): string {
  return JSON.stringify([joinRef, ref, topic, event, payload === undefined ? {} : payload]);
}

/**
 * Serializes a `phx_reply` to the push `ref`: payload `{ status, response }`, with an
 * `undefined` response sent as `{}`.
 *
 * @example
 * encodeReply(null, '5', 'phoenix', 'ok', {});
 * // '[null,"5","phoenix","phx_reply",{"status":"ok","response":{}}]'
 * encodeReply('4', '4', 'lv:phx-GBsi', 'error', { reason: 'stale' });
 */
export function encodeReply(
  joinRef: string | null,
  ref: string,
  topic: string,
  status: 'ok' | 'error',
  response: unknown,
): string {
  return encodeFrame(joinRef, ref, topic, CHANNEL_EVENTS.reply, {
    status,
    response: response === undefined ? {} : response,
  });
}

/**
 * Upload entry topics are `lvu:` + the entry's client ref (PROTOCOL.md 9).
 */
export const UPLOAD_TOPIC_PREFIX = 'lvu:';

/**
 * One decoded binary frame (PROTOCOL.md 1.4): a client push whose payload is raw bytes, as the
 * upload `chunk` event sends them.
 */
export interface BinaryFrame {
  readonly joinRef: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  /** The raw payload bytes (a view into the received buffer, not a copy). */
  readonly payload: Uint8Array;
}

/**
 * The outcome of {@link decodeBinaryFrame}.
 */
export type BinaryFrameDecode =
  | { readonly ok: true; readonly frame: BinaryFrame }
  | { readonly ok: false; readonly reason: string };

/** `kind` byte of a client push; 1 (reply) and 2 (broadcast) only ever go to a client. */
const BINARY_PUSH = 0;
/** kind, then the four field lengths. */
const BINARY_HEADER = 5;
const MAX_FIELD_BYTES = 255;

/**
 * The most a binary push's header can take besides its payload: five bytes and four fields of
 * at most 255 bytes each.
 */
export const MAX_BINARY_HEADER_BYTES = BINARY_HEADER + 4 * MAX_FIELD_BYTES;

/** The largest upload chunk a binary frame of `maxFrameBytes` surely carries. */
export function maxChunkBytes(maxFrameBytes: number): number {
  return maxFrameBytes - MAX_BINARY_HEADER_BYTES;
}

// `fatal`: a field that is not UTF-8 is a bad frame, not a string with U+FFFD in it. Made on
// first use, so a bundle that only encodes (the browser client) leaves it out.
let strictUtf8: { decode(bytes: Uint8Array): string } | undefined;

/**
 * Parses one binary frame from a client. Never throws. Worked example, the chunk `hi` of
 * upload entry 0 (join ref "12", push ref "13"):
 *
 *     bytes:  00 02 02 05 05 "12" "13" "lvu:0" "chunk" 68 69
 *     decodeBinaryFrame(bytes)
 *     // { ok: true, frame: { joinRef: '12', ref: '13', topic: 'lvu:0', event: 'chunk', payload: <68 69> } }
 *
 * An empty `join_ref` or `ref` field is `null` (a client that has none sends a zero length).
 */
export function decodeBinaryFrame(bytes: Uint8Array): BinaryFrameDecode {
  if (bytes.byteLength < BINARY_HEADER) return { ok: false, reason: 'binary frame too short' };
  if (bytes[0] !== BINARY_PUSH) {
    return { ok: false, reason: `binary frame kind ${bytes[0]} is not a push` };
  }
  const fields: string[] = [];
  let at = BINARY_HEADER;
  for (let i = 1; i < BINARY_HEADER; i++) {
    const length = bytes[i]!;
    if (at + length > bytes.byteLength) return { ok: false, reason: 'binary frame truncated' };
    try {
      strictUtf8 ??= new TextDecoder('utf-8', { fatal: true });
      fields.push(strictUtf8.decode(bytes.subarray(at, at + length)));
    } catch {
      return { ok: false, reason: 'binary frame field is not UTF-8' };
    }
    at += length;
  }
  const [joinRef, ref, topic, event] = fields as [string, string, string, string];
  if (topic === '' || event === '')
    return { ok: false, reason: 'binary frame without topic or event' };
  return {
    ok: true,
    frame: {
      joinRef: joinRef === '' ? null : joinRef,
      ref: ref === '' ? null : ref,
      topic,
      event,
      payload: bytes.subarray(at),
    },
  };
}

/**
 * Serializes a client push with a binary payload (what a browser sends for an upload chunk).
 * Throws `RangeError` when a field is longer than 255 UTF-8 bytes.
 *
 * @example
 * socket.send(encodeBinaryPush('12', '13', 'lvu:0', 'chunk', await blob.arrayBuffer()));
 */
export function encodeBinaryPush(
  joinRef: string | null,
  ref: string | null,
  topic: string,
  event: string,
  payload: ArrayBuffer | Uint8Array,
): Uint8Array<ArrayBuffer> {
  const utf8 = new TextEncoder();
  const fields = [joinRef ?? '', ref ?? '', topic, event].map((f) => utf8.encode(f));
  const body = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
  let size = BINARY_HEADER + body.byteLength;
  for (const f of fields) {
    if (f.byteLength > MAX_FIELD_BYTES) {
      throw new RangeError(`binary push: a field is ${f.byteLength} bytes; at most 255`);
    }
    size += f.byteLength;
  }
  const out = new Uint8Array(size);
  out[0] = BINARY_PUSH;
  let at = BINARY_HEADER;
  fields.forEach((f, i) => {
    out[i + 1] = f.byteLength;
    out.set(f, at);
    at += f.byteLength;
  });
  out.set(body, at);
  return out;
}
