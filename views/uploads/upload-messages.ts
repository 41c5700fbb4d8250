/**
 * What the three parties of an upload say to each other. Per entry there is one upload process
 * (LiveView's upload channel, `lvu:<entry ref>`), started by the port when the client joins that
 * topic with the token its view's preflight granted:
 *
 *   view  --preflight reply-->  port: an {@link UploadGrant} per entry; the port signs it into
 *                               the entry's token (bound to this view, this entry, this socket)
 *   port  --spawns, linked-->   upload process, handing it an {@link UploadPort} to answer with
 *   upload --call register-->   view: the entry's declared size, chunk limits and writer
 *   port  --lvu:chunk-->        upload: one binary chunk (acknowledged through the UploadPort)
 *   upload --complete-->        view: every declared byte arrived and the writer closed
 *   view  --consume/cancel-->   upload: hand over the meta, then end (the writer disposes)
 *
 * The upload process monitors its view and traps its link to the port: when either goes, it
 * ends and its writer cleans up. The view monitors each registered upload process.
 */
import type { Pid } from '../../actors/index.js';
import { hasTypeIn } from '../message-kind.js';
import type { UploadWriter } from './upload-writer.js';

/**
 * A preflight's permission for one entry, before the port signs it into a token: the view, and
 * the live component (`cid`) whose upload it is, if one's.
 *
 * @example
 * new UploadGrant(viewPid, 'phx-F1', '0');
 * new UploadGrant(viewPid, 'phx-F2', '1', 3); // an upload of component 3
 */
export class UploadGrant {
  readonly view: Pid;
  readonly configRef: string;
  readonly entryRef: string;
  readonly cid: number | undefined;

  constructor(view: Pid, configRef: string, entryRef: string, cid?: number) {
    this.view = view;
    this.configRef = configRef;
    this.entryRef = entryRef;
    this.cid = cid;
  }
}

/**
 * How an upload process answers its client, and gives back the bytes it was holding: the
 * transport's upload channel implements it (views/testing has one of its own).
 *
 * @example
 * link.reply(ref, 'error', { reason: 'file_size_limit_exceeded', limit: 1024 });
 */
export interface UploadPort {
  /** The join succeeded. */
  joined(): void;
  /** The join is refused: `invalid_token`, `disallowed`, `already_registered`, `writer_error`. */
  refused(reason: string): void;
  /** Answers the chunk push `ref`. */
  reply(
    ref: string | null,
    status: 'ok' | 'error',
    response: Readonly<Record<string, unknown>>,
  ): void;
  /** A chunk of `bytes` is written or dropped: the socket may read more. */
  released(bytes: number): void;
}

/**
 * What an upload process is started with.
 *
 * @example
 * system.spawn(uploadBehaviour, { view, configRef, entryRef, link, owner: port } satisfies UploadStart, { link: port });
 */
export interface UploadStart {
  readonly view: Pid;
  /** The live component whose upload it is; undefined for the view's own. */
  readonly cid?: number | undefined;
  readonly configRef: string;
  readonly entryRef: string;
  readonly link: UploadPort;
  /** The process whose exit ends the upload (the socket's port); it is linked to it. */
  readonly owner: Pid;
}

/**
 * The view's answer to an upload's registration.
 * @internal
 */
export type UploadRegistration =
  | {
      readonly ok: true;
      /** The entry's declared size: the most the upload may receive, and what completes it. */
      readonly size: number;
      readonly chunkSize: number;
      readonly chunkTimeout: number;
      readonly writer: UploadWriter;
    }
  | { readonly ok: false; readonly reason: 'disallowed' | 'already_registered' | 'writer_error' };

/**
 * Messages to a view about its uploads, or those of its live component `cid`.
 * @internal
 */
export type ViewUploadMessage = {
  /** `lv:upload_register` is a call, answered with an {@link UploadRegistration}. */
  readonly type: 'lv:upload_register' | 'lv:upload_complete' | 'lv:upload_failed';
  readonly cid?: number | undefined;
  readonly configRef: string;
  readonly entryRef: string;
  readonly from: Pid;
};

/**
 * Messages to an upload process: a chunk from its client, or its view's cancel.
 *
 * @example
 * system.send(upload, { type: 'lvu:chunk', ref: '13', data: bytes } satisfies UploadProcessMessage);
 */
export type UploadProcessMessage =
  | { readonly type: 'lvu:chunk'; readonly ref: string | null; readonly data: Uint8Array }
  | { readonly type: 'lvu:cancel' };

/**
 * Calls an upload process answers: `consume_start` -> `{ ok: true, meta }` once done, else
 * `{ ok: false }`; `consume_done` -> `true`, and the process ends.
 * @internal
 */
export type UploadProcessCall =
  | { readonly type: 'lvu:consume_start' }
  | { readonly type: 'lvu:consume_done' };

const VIEW_UPLOAD_TYPES: ReadonlySet<unknown> = new Set([
  'lv:upload_register',
  'lv:upload_complete',
  'lv:upload_failed',
]);

/**
 * True for a {@link ViewUploadMessage}.
 * @internal
 */
export function isViewUploadMessage(msg: unknown): msg is ViewUploadMessage {
  return hasTypeIn(msg, VIEW_UPLOAD_TYPES);
}
