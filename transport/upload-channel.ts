/**
 * Upload topics on a port (`lvu:<entry ref>`, PROTOCOL.md 9): one per entry being uploaded,
 * answered by an upload process (views/uploads/upload-process.ts) that the port spawns linked
 * to itself when the client joins with the entry's token.
 *
 *   phx_join {token}   token signed by this server (salt 'upload'), younger than a minute, for
 *                      this socket's port and this topic's entry -> spawn; the process then
 *                      registers with its view and answers the join (ok {} or an error reason)
 *                      otherwise -> error {reason: "invalid_token"}
 *   binary chunk       -> the process (its bytes held on the connection until written)
 *   phx_leave          -> ok {}, and the upload is cancelled (its writer cleans up)
 *   process exit       -> normal: phx_close; crashed (or its view did): phx_error
 *
 * The preflight's grants become tokens here too ({@link signGrants}), so a token names the view
 * (and the live component, for a component's upload), the upload, the entry and the port: it
 * opens that one entry on that one socket, once.
 */
import { isNormalish, type Pid } from '../actors/index.js';
import {
  UploadGrant,
  type UploadPort,
  type UploadStart,
} from '../views/uploads/upload-messages.js';
import { uploadBehaviour } from '../views/uploads/upload-process.js';
import type { Connection } from './connection.js';
import type { LiveContext } from './context.js';
import { isPlainObject } from './event-params.js';
import { type BinaryFrame, CHANNEL_EVENTS, type Frame, UPLOAD_TOPIC_PREFIX } from './frame.js';
import type { PortState } from './port-state.js';

/** How long a preflight's token may wait for its join: the client joins at once. */
export const UPLOAD_TOKEN_MAX_AGE_MS = 60_000;

/** What an upload token carries: view, port, upload (config) ref, entry ref, component cid. */
interface UploadClaims {
  readonly v: string;
  readonly p: string;
  readonly c: string;
  readonly e: string;
  readonly k?: number;
}

/**
 * One upload topic of a port, and the {@link UploadPort} its process answers through.
 * @internal
 */
export class UploadChannel implements UploadPort {
  readonly topic: string;
  readonly joinRef: string;
  pid: Pid | undefined = undefined;
  status: 'joining' | 'joined' | 'refused' | 'closed' = 'joining';
  /** Chunk bytes sent to the process and not released by it yet. */
  #held = 0;
  readonly #conn: Connection;

  constructor(topic: string, joinRef: string, conn: Connection) {
    this.topic = topic;
    this.joinRef = joinRef;
    this.#conn = conn;
  }

  joined(): void {
    if (this.status !== 'joining') return;
    this.status = 'joined';
    this.#conn.acceptChunks(this.topic, true);
    this.#conn.reply(this.joinRef, this.joinRef, this.topic, 'ok', {});
  }

  refused(reason: string): void {
    if (this.status !== 'joining') return;
    this.status = 'refused';
    this.#conn.reply(this.joinRef, this.joinRef, this.topic, 'error', { reason });
  }

  reply(ref: string | null, status: 'ok' | 'error', response: Readonly<Record<string, unknown>>) {
    if (this.status === 'joined') {
      this.#conn.replyToChunk(this.joinRef, ref, this.topic, status, response);
    }
  }

  released(bytes: number): void {
    if (this.status === 'closed') return;
    this.#held -= bytes;
    this.#conn.releaseChunk(bytes);
  }

  /** A chunk of `bytes` goes to the process. */
  hold(bytes: number): void {
    this.#held += bytes;
  }

  /** The topic ends: what it held is released; the client hears `how` unless it left. */
  close(how: 'close' | 'error' | 'silent'): void {
    if (this.status === 'closed') return;
    const joined = this.status === 'joined';
    this.status = 'closed';
    this.#conn.acceptChunks(this.topic, false);
    this.#conn.releaseChunk(this.#held);
    this.#held = 0;
    if (!joined || how === 'silent') return;
    const event = how === 'close' ? CHANNEL_EVENTS.close : CHANNEL_EVENTS.error;
    const payload = how === 'close' ? {} : { reason: 'upload_failed' };
    this.#conn.push(this.joinRef, this.joinRef, this.topic, event, payload);
  }
}

/**
 * A text frame on an `lvu:` topic: a join, a leave, or something no upload answers.
 * @internal
 */
export function onUploadFrame(frame: Frame, state: PortState): void {
  const { conn } = state;
  if (frame.event === CHANNEL_EVENTS.join) {
    joinUpload(frame, state);
    return;
  }
  const channel = uploadOf(state, frame.topic, frame.joinRef);
  if (frame.event === CHANNEL_EVENTS.leave) {
    if (channel !== undefined) end(channel, state, 'silent');
    conn.replyTo(frame, 'ok', {});
    return;
  }
  conn.replyTo(frame, 'error', { reason: 'unmatched topic' });
}

/**
 * A binary chunk the connection let through: to the topic's process, or answered and released.
 * @internal
 */
export function onUploadChunk(frame: BinaryFrame, state: PortState): void {
  const bytes = frame.payload.byteLength;
  const channel = uploadOf(state, frame.topic, frame.joinRef);
  if (channel?.status !== 'joined' || channel.pid === undefined) {
    state.conn.releaseChunk(bytes);
    const { joinRef, ref, topic } = frame;
    state.conn.replyToChunk(joinRef, ref, topic, 'error', { reason: 'unmatched topic' });
    return;
  }
  channel.hold(bytes);
  state.context.system.send(channel.pid, {
    type: 'lvu:chunk',
    ref: frame.ref,
    data: frame.payload,
  });
}

/**
 * An exit of one of the port's upload processes: its topic closes (or errors). False for a pid
 * that is not one.
 * @internal
 */
export function onUploadExit(
  pid: Pid,
  reason: Parameters<typeof isNormalish>[0],
  state: PortState,
): boolean {
  const channel = state.uploads?.find((u) => u.pid === pid);
  if (channel === undefined) return false;
  forgetUpload(state, channel);
  channel.close(isNormalish(reason) ? 'close' : 'error');
  return true;
}

/**
 * Replaces each {@link UploadGrant} in a preflight reply's `entries` by its token, bound to the
 * port `port`; any other response is returned as it is.
 * @internal
 */
export function signGrants<T>(response: T, port: Pid, context: LiveContext): T {
  if (!isPlainObject(response) || !isPlainObject(response.entries) || !('config' in response)) {
    return response;
  }
  const entries: Record<string, unknown> = {};
  for (const [ref, grant] of Object.entries(response.entries)) {
    entries[ref] =
      grant instanceof UploadGrant
        ? context.tokens.upload.sign({
            v: grant.view,
            p: port,
            c: grant.configRef,
            e: grant.entryRef,
            ...(grant.cid !== undefined && { k: grant.cid }),
          } satisfies UploadClaims)
        : grant;
  }
  return { ...response, entries } as T;
}

function joinUpload(frame: Frame, state: PortState): void {
  const { conn, context } = state;
  const { topic, ref } = frame;
  if (ref === null) return;
  const old = state.uploads?.find((u) => u.topic === topic);
  if (old !== undefined) end(old, state, 'close');
  const claims = verifyClaims(frame.payload.token, context);
  if (claims === undefined || claims.p !== state.self || topic !== UPLOAD_TOPIC_PREFIX + claims.e) {
    conn.reply(ref, ref, topic, 'error', { reason: 'invalid_token' });
    return;
  }
  const channel = new UploadChannel(topic, ref, conn);
  state.uploads = [...(state.uploads ?? []), channel];
  const start: UploadStart = {
    view: claims.v as Pid,
    cid: claims.k,
    configRef: claims.c,
    entryRef: claims.e,
    link: channel,
    owner: state.self,
  };
  channel.pid = context.system.spawn(uploadBehaviour, start, { link: state.self });
}

function verifyClaims(token: unknown, context: LiveContext): UploadClaims | undefined {
  let data: unknown;
  try {
    data = context.tokens.upload.verify(token, UPLOAD_TOKEN_MAX_AGE_MS);
  } catch {
    return undefined;
  }
  if (!isPlainObject(data)) return undefined;
  const { v, p, c, e, k } = data;
  if (
    typeof v !== 'string' ||
    typeof p !== 'string' ||
    typeof c !== 'string' ||
    typeof e !== 'string' ||
    (k !== undefined && !Number.isSafeInteger(k))
  ) {
    return undefined;
  }
  return k === undefined ? { v, p, c, e } : { v, p, c, e, k: k as number };
}

/** Lets a topic go from the port's side: its process is cancelled. */
function end(channel: UploadChannel, state: PortState, how: 'close' | 'silent'): void {
  forgetUpload(state, channel);
  channel.close(how);
  if (channel.pid !== undefined) state.context.system.send(channel.pid, { type: 'lvu:cancel' });
}

function forgetUpload(state: PortState, channel: UploadChannel): void {
  const rest = state.uploads?.filter((u) => u !== channel);
  state.uploads = rest === undefined || rest.length === 0 ? undefined : rest;
}

function uploadOf(
  state: PortState,
  topic: string,
  joinRef: string | null,
): UploadChannel | undefined {
  return state.uploads?.find((u) => u.topic === topic && (joinRef ?? u.joinRef) === u.joinRef);
}
