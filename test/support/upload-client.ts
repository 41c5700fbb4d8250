/**
 * The upload protocol from a test client's side (PROTOCOL.md 9), over a {@link LiveClient}: a
 * preflight, the entry topic's join with its token, binary chunks, progress reports. Each step
 * resolves with what the server answered, so a test can lie at any step and see the answer.
 *
 * @example
 * const up = new RawUpload(client, view, uploadRefIn(view.rendered));
 * const pre = await up.preflight([fileEntry('0', 'a.txt', 5)]);
 * const entry = await up.join('0', tokenOf(pre, '0'));
 * await entry.chunk(Buffer.from('hello'));
 * await up.progress('0', 100);
 */
import { encodeBinaryPush } from '../../transport/frame.js';
import type { JoinedView, LiveClient, Reply } from './live-client.js';

/**
 * A client entry as the official client announces it.
 *
 * @example
 * fileEntry('0', 'notes.txt', 12, 'text/plain');
 */
export function fileEntry(
  ref: string,
  name: string,
  size: number,
  type = 'text/plain',
): Record<string, unknown> {
  return { ref, name, size, type, last_modified: 1_700_000_000_000, relative_path: '' };
}

/**
 * The first upload ref (`phx-...`, what `liveFileInput` renders) found in a render or a diff.
 *
 * @example
 * const ref = uploadRefIn(view.rendered);
 */
export function uploadRefIn(rendered: unknown): string {
  const found = /upload-ref=\\"(phx-[\w-]{11})/.exec(JSON.stringify(rendered));
  if (!found?.[1]) throw new Error('no upload ref in this render');
  return found[1];
}

/**
 * The token a preflight reply granted entry `ref`.
 *
 * @example
 * const token = tokenOf(await up.preflight(entries), '0');
 */
export function tokenOf(reply: Reply, ref: string): string {
  const token = (reply.response.entries as Record<string, unknown> | undefined)?.[ref];
  if (typeof token !== 'string') {
    throw new Error(`no token for entry ${ref} in ${JSON.stringify(reply.response)}`);
  }
  return token;
}

/**
 * One upload of a joined view, or of its live component `cid`, as a client drives it: with a
 * cid, its form change, preflight and progress name the component, as a form that targets it
 * makes the official client do.
 *
 * @example
 * const up = new RawUpload(client, view, ref);
 * const inComponent = new RawUpload(client, view, ref, 1);
 */
export class RawUpload {
  readonly client: LiveClient;
  readonly view: JoinedView;
  readonly uploadRef: string;
  readonly #cid: { readonly cid?: number };

  constructor(client: LiveClient, view: JoinedView, uploadRef: string, cid?: number) {
    this.client = client;
    this.view = view;
    this.uploadRef = uploadRef;
    this.#cid = cid === undefined ? {} : { cid };
  }

  /** A form change carrying the tracked entries. */
  change(event: string, entries: readonly Record<string, unknown>[]): Promise<Reply> {
    return this.view.request('event', {
      type: 'form',
      event,
      value: '',
      meta: { _target: 'files' },
      uploads: { [this.uploadRef]: entries },
      ...this.#cid,
    });
  }

  /** `allow_upload` for `entries`. */
  preflight(entries: readonly Record<string, unknown>[]): Promise<Reply> {
    return this.view.request('allow_upload', { ref: this.uploadRef, entries, ...this.#cid });
  }

  /** A progress report for entry `ref`. */
  progress(ref: string, progress: number | { error: string }): Promise<Reply> {
    return this.view.request('progress', {
      event: null,
      ref: this.uploadRef,
      entry_ref: ref,
      progress,
      ...this.#cid,
    });
  }

  /** Joins `lvu:<ref>` with `token`; resolves with the join's reply and the entry's topic. */
  async join(ref: string, token: unknown): Promise<RawEntry> {
    const topic = `lvu:${ref}`;
    const joinRef = this.client.nextRef();
    this.client.send([joinRef, joinRef, topic, 'phx_join', { token }]);
    return new RawEntry(this.client, topic, joinRef, await this.client.replyTo(joinRef));
  }
}

/**
 * One joined (or refused) `lvu:` topic.
 *
 * @example
 * const entry = await up.join('0', token);
 * expect((await entry.chunk(bytes)).status).toBe('ok');
 */
export class RawEntry {
  readonly client: LiveClient;
  readonly topic: string;
  readonly joinRef: string;
  readonly joinReply: Reply;

  constructor(client: LiveClient, topic: string, joinRef: string, joinReply: Reply) {
    this.client = client;
    this.topic = topic;
    this.joinRef = joinRef;
    this.joinReply = joinReply;
  }

  /** Sends one binary chunk and resolves with its reply. */
  chunk(bytes: Uint8Array): Promise<Reply> {
    const ref = this.sendChunk(bytes);
    return this.client.replyTo(ref);
  }

  /** Sends one binary chunk without waiting; returns its ref. */
  sendChunk(bytes: Uint8Array): string {
    const ref = this.client.nextRef();
    this.client.sendRaw(
      Buffer.from(encodeBinaryPush(this.joinRef, ref, this.topic, 'chunk', bytes)),
      {
        binary: true,
      },
    );
    return ref;
  }

  /** The next `phx_close` or `phx_error` of this topic. */
  async ended(): Promise<string> {
    const frame = await this.client.take(
      (f) => f[2] === this.topic && (f[3] === 'phx_close' || f[3] === 'phx_error'),
    );
    return frame[3];
  }
}
