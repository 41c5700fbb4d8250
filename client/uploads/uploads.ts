/**
 * A view's uploads in flight (PROTOCOL.md 9): it preflights the files a form's live file inputs
 * hold (`allow_upload`), hands each granted entry to its uploader (the `lvu:` channel, or an
 * external uploader the app registered), and holds a submit back until its form's uploads are
 * done. An entry the server no longer lists in the input's `data-phx-active-refs` is cancelled.
 *
 * When: an auto-upload input after each change of it; any other on submit (the submit goes when
 * every entry is done, and not at all while a picked file is still refused by the server).
 */
import type { PhoenixSocket } from '../phoenix-socket.js';
import type { Payload } from '../push.js';
import { channelUpload, type EntryHost, EntryUpload, type UploadEntryHandle } from './entry.js';
import { activeFiles, entryOf, fileRef, refsOf, uploadInputs, uploadRefOf } from './files.js';

/**
 * An external uploader (LiveSocket's `uploaders`): called with the entries the server gave to
 * it, and a way to hear that the view failed meanwhile.
 *
 * @example
 * new LiveSocket('/live', { uploaders: { S3: (entries, onViewError) => { ... } } });
 */
export type Uploader = (
  entries: UploadEntryHandle[],
  onViewError: (callback: () => void) => void,
) => void;

/** What uploads need of their view. @internal */
export interface UploadsHost extends EntryHost {
  readonly socket: PhoenixSocket;
  readonly uploaders: Readonly<Record<string, Uploader>>;
  /** Pushes on the view's channel; resolves with the ok reply (its diff applied), else undefined. */
  request(
    event: string,
    payload: Payload,
    form: HTMLFormElement | null,
  ): Promise<Payload | undefined>;
  /** Calls `callback` when the view's channel errors. */
  onViewError(callback: () => void): void;
}

/** Files whose preflight is under way, so a second change does not preflight them again. */
const preflighting = new WeakSet<File>();

/**
 * The files of `input` waiting for a preflight: active, not preflighted, not being preflighted.
 * @internal
 */
export function awaitingPreflight(input: HTMLInputElement): File[] {
  const done = refsOf(input, 'data-phx-preflighted-refs');
  return activeFiles(input).filter((f) => !preflighting.has(f) && !done.includes(fileRef(f)));
}

/** True while a file of `form` waits for a preflight (or was refused one). */
function awaiting(form: HTMLFormElement): boolean {
  return uploadInputs(form).some((i) => awaitingPreflight(i).length > 0);
}

/**
 * The uploads of one view.
 * @internal
 */
export class Uploads {
  readonly #host: UploadsHost;
  readonly #entries = new Set<EntryUpload>();
  /** Submits waiting for their form's uploads. */
  readonly #held = new Map<HTMLFormElement, () => void>();

  constructor(host: UploadsHost) {
    this.#host = host;
  }

  /** Uploads what `form`'s inputs hold; `done` runs once every entry ended. */
  start(form: HTMLFormElement, done?: () => void): void {
    const inputs = uploadInputs(form).filter((i) => awaitingPreflight(i).length > 0);
    let left = inputs.length;
    if (left === 0) done?.();
    for (const input of inputs) this.#preflight(input, form, () => --left === 0 && done?.());
  }

  /**
   * A submit of `form`: true when it has to wait (it is sent through `send` once the form's
   * uploads are done, and dropped if the server refuses a picked file).
   */
  holdSubmit(form: HTMLFormElement, send: () => void): boolean {
    if (this.#inFlight(form)) {
      this.#held.set(form, send);
      return true;
    }
    if (!awaiting(form)) return false;
    this.start(form, () => awaiting(form) || send());
    return true;
  }

  /** The server patched `input`: entries it no longer lists are cancelled. */
  inputUpdated(input: HTMLInputElement): void {
    const active = refsOf(input, 'data-phx-active-refs');
    for (const entry of this.#entries) {
      if (entry.input === input && !active.includes(entry.ref)) entry.cancel();
    }
    if (active.join() === '') input.value = '';
  }

  /** The view is going: every entry stops. */
  destroy(): void {
    for (const entry of [...this.#entries]) entry.cancel();
  }

  #preflight(input: HTMLInputElement, form: HTMLFormElement, done: () => void): void {
    const files = awaitingPreflight(input);
    let left = files.length;
    const ended = (entry: EntryUpload): void => {
      preflighting.delete(entry.file);
      this.#entries.delete(entry);
      if (!this.#inFlight(form)) {
        const send = this.#held.get(form);
        this.#held.delete(form);
        send?.();
      }
      if (--left === 0) done();
    };
    const entries = files.map((file) => {
      preflighting.add(file);
      const entry = new EntryUpload(input, file, this.#host, ended);
      this.#entries.add(entry);
      return entry;
    });
    const payload = { ref: uploadRefOf(input), entries: files.map((f) => entryOf(input, f)) };
    void this.#host.request('allow_upload', payload, form).then((resp) => {
      const granted = (resp?.entries ?? {}) as Payload;
      for (const entry of entries) {
        // A token, or an external uploader's metadata; an entry without either was refused.
        const grant = granted[entry.ref];
        if (typeof grant === 'string') entry.token = grant;
        else if (typeof grant === 'object' && grant !== null) entry.meta = grant as Payload;
        else entry.cancel();
      }
      this.#dispatch(
        entries.filter((e) => !e.ended),
        resp ?? {},
      );
    });
  }

  /** Hands each entry to its uploader: the `lvu:` channel, or the one its meta names. */
  #dispatch(entries: readonly EntryUpload[], resp: Payload): void {
    const groups = new Map<string, EntryUpload[]>();
    for (const entry of entries) {
      const name = entry.token === undefined ? String(entry.meta.uploader ?? '') : '';
      groups.set(name, [...(groups.get(name) ?? []), entry]);
    }
    for (const [name, group] of groups) {
      if (name === '') {
        channelUpload(group, this.#host.socket, (resp.config ?? {}) as Payload);
        continue;
      }
      const uploader = this.#host.uploaders[name];
      if (uploader === undefined) {
        console.error(`liveactor: no uploader "${name}" in the LiveSocket's uploaders`);
        for (const entry of group) entry.error('no_uploader');
      } else uploader(group, (callback) => this.#host.onViewError(callback));
    }
  }

  #inFlight(form: HTMLFormElement): boolean {
    for (const entry of this.#entries) if (entry.input.form === form) return true;
    return false;
  }
}
