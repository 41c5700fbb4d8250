/**
 * One file on its way to the server (or, with an external uploader, elsewhere), after its
 * preflight: it reports its progress on the view's channel (whole percents, only upward, 100
 * once) and ends exactly once: done (the server acknowledged 100 %), failed, or cancelled.
 *
 * {@link channelUpload} is the default uploader: the entry's `lvu:` topic, joined with the
 * preflight's token, takes the file in `chunk_size` slices as binary pushes, one at a time, each
 * sent when the last was acknowledged (PROTOCOL.md 9).
 */
import type { PhoenixSocket } from '../phoenix-socket.js';
import type { Payload } from '../push.js';
import { clearFiles, fileRef, untrack } from './files.js';

/** What an entry needs of its view: a progress report, answered once the server has it. */
export interface EntryHost {
  progress(
    input: HTMLInputElement,
    ref: string,
    progress: number | { error: string },
  ): Promise<void>;
}

/**
 * An entry as an external uploader (LiveSocket's `uploaders`) sees it: the file, what the
 * server's `external` function returned for it, and how to report.
 *
 * @example
 * const S3 = (entries: UploadEntryHandle[]) => entries.forEach((entry) => {
 *   const xhr = new XMLHttpRequest();
 *   xhr.upload.onprogress = (e) => entry.progress(Math.round((e.loaded / e.total) * 100));
 *   xhr.onload = () => (xhr.status < 300 ? entry.progress(100) : entry.error());
 *   xhr.open('PUT', String(entry.meta.url));
 *   xhr.send(entry.file);
 * });
 */
export interface UploadEntryHandle {
  readonly ref: string;
  readonly file: File;
  /** The server's metadata for this entry (for an external uploader: `uploader` and the rest). */
  readonly meta: Payload;
  /** Reports progress in percent; 100 ends the entry. */
  progress(percent: number): void;
  /** Gives up on the entry; the server hears `reason`. */
  error(reason?: string): void;
}

/**
 * An entry being uploaded.
 * @internal
 */
export class EntryUpload implements UploadEntryHandle {
  readonly ref: string;
  readonly file: File;
  readonly input: HTMLInputElement;
  meta: Payload = {};
  /** The preflight's token, for an upload to the server. */
  token: string | undefined;
  /** Ended: done, failed or cancelled. */
  ended = false;
  #last = -1;
  readonly #host: EntryHost;
  readonly #onEnd: (entry: EntryUpload) => void;
  /** Stops the transfer under way (an uploader sets it). */
  stop: (() => void) | undefined;

  constructor(
    input: HTMLInputElement,
    file: File,
    host: EntryHost,
    onEnd: (e: EntryUpload) => void,
  ) {
    this.input = input;
    this.file = file;
    this.ref = fileRef(file);
    this.#host = host;
    this.#onEnd = onEnd;
  }

  progress(percent: number): void {
    const p = Math.min(100, Math.floor(percent));
    if (this.ended || p <= this.#last) return;
    this.#last = p;
    const sent = this.#host.progress(this.input, this.ref, p);
    if (p < 100) return;
    this.ended = true;
    void sent.then(() => {
      untrack(this.input, this.file);
      this.#onEnd(this);
    });
  }

  error(reason = 'failed'): void {
    if (this.#end()) return;
    void this.#host.progress(this.input, this.ref, { error: reason });
    if (!this.input.hasAttribute('data-phx-auto-upload')) clearFiles(this.input);
  }

  /** The server dropped the entry, or its view went: stop, report nothing. */
  cancel(): void {
    this.#end();
  }

  /** True if it had ended already. */
  #end(): boolean {
    if (this.ended) return true;
    this.ended = true;
    this.stop?.();
    this.#onEnd(this);
    return false;
  }
}

/**
 * Sends the entries' files over their `lvu:` topics, each joined with its token.
 * @internal
 */
export function channelUpload(
  entries: readonly EntryUpload[],
  socket: PhoenixSocket,
  config: Payload,
): void {
  const size = Number(config.chunk_size) || 64_000;
  const timeout = Number(config.chunk_timeout) || 10_000;
  for (const entry of entries) {
    const channel = socket.channel(`lvu:${entry.ref}`, () => ({ token: entry.token }));
    entry.stop = () => channel.leave();
    const fail = (resp: Payload) => entry.error(String(resp.reason ?? 'failed'));
    let offset = 0;
    const next = (): void => {
      const slice = entry.file.slice(offset, offset + size);
      void slice.arrayBuffer().then((bytes) => {
        if (entry.ended || !channel.isJoined()) return;
        channel
          .push('chunk', bytes, timeout)
          .receive('ok', () => {
            offset += bytes.byteLength;
            entry.progress((offset / entry.file.size) * 100);
            if (offset < entry.file.size) next();
          })
          .receive('error', fail)
          .receive('timeout', fail);
      }, fail);
    };
    channel.onError((resp) => {
      // Never rejoined: the token was for the socket that is gone.
      channel.leave();
      fail(resp);
    });
    channel.join().receive('ok', next).receive('error', fail);
  }
}
