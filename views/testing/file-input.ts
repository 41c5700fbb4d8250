/**
 * Uploads in a `views/testing` test (LiveView's `file_input` and `render_upload`): files picked
 * for one upload, announced in a form change, preflighted, and sent chunk by chunk to the same
 * upload processes a browser's chunks reach, with the progress reports a client sends.
 *
 * @example
 * const photos = lv.fileInput('photos', [{ name: 'a.png', type: 'image/png', content: png }]);
 * await photos.change('validate');
 * await photos.upload();                 // every file, 100 %
 * await lv.event('save');
 */
import type { ActorSystem, Pid } from '../../actors/index.js';
import type { ClientUploadEntry, PreflightResponse, ReplyResponse, ViewInput } from '../port.js';
import { UploadGrant, type UploadPort, type UploadStart } from '../uploads/upload-messages.js';
import { uploadBehaviour } from '../uploads/upload-process.js';
import type { WireDiff } from '../wire.js';
import { LiveViewTestError } from './errors.js';
import { type Deferred, deferred } from './test-port.js';

/**
 * A file a test picks.
 *
 * @example
 * const file: TestFile = { name: 'notes.txt', content: 'hello', type: 'text/plain' };
 */
export interface TestFile {
  readonly name: string;
  readonly content: string | Uint8Array;
  /** Default `application/octet-stream`. */
  readonly type?: string;
  /** The size the client declares; default the content's. A test of a lying client sets it. */
  readonly size?: number;
}

/**
 * Files picked for one upload of a view under test (see the module doc).
 *
 * @example
 * const input: FileInputTest = lv.fileInput('avatar', [file]);
 */
export interface FileInputTest {
  /** The entries as announced: their client refs and names. */
  readonly entries: readonly { readonly ref: string; readonly name: string }[];
  /** A form change event carrying the files (the view's `handleEvent(event, value)` runs). */
  change(event: string, value?: Readonly<Record<string, unknown>>): Promise<WireDiff>;
  /** The `allow_upload` preflight, once; resolves with its reply. */
  preflight(): Promise<PreflightResponse>;
  /**
   * Preflights if not yet, then sends `percent` of the file `name` (default: every file), each
   * followed by its progress report; resolves with the page HTML. Rejects with the server's
   * reason when the upload refuses a chunk or the join.
   */
  upload(percent?: number, name?: string): Promise<string>;
}

/**
 * What a file input test needs of its view.
 * @internal
 */
export interface FileInputHost {
  readonly system: ActorSystem;
  readonly port: Pid;
  /** The upload's ref, read from the page. */
  uploadRef(name: string): string;
  request(input: RequestInput): Promise<ReplyResponse>;
  render(): Promise<string>;
}

type RequestInput = ViewInput extends infer T
  ? T extends { ref: string }
    ? Omit<T, 'ref'>
    : never
  : never;

let nextRef = 0;

/**
 * The {@link FileInputTest} `lv.fileInput` returns.
 * @internal
 */
export class FileInput implements FileInputTest {
  readonly entries: readonly { readonly ref: string; readonly name: string }[];
  readonly #host: FileInputHost;
  readonly #name: string;
  readonly #files: readonly (ClientUploadEntry & { readonly bytes: Uint8Array })[];
  #preflight: Promise<PreflightResponse> | undefined;
  readonly #uploads = new Map<string, EntryUpload>();

  constructor(host: FileInputHost, name: string, files: readonly TestFile[]) {
    this.#host = host;
    this.#name = name;
    this.#files = files.map((file) => {
      const bytes =
        typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content;
      return {
        ref: `test-${nextRef++}`,
        name: file.name,
        relativePath: '',
        size: file.size ?? bytes.byteLength,
        type: file.type ?? 'application/octet-stream',
        lastModified: 0,
        meta: undefined,
        bytes,
      };
    });
    this.entries = this.#files.map(({ ref, name: fileName }) => ({ ref, name: fileName }));
  }

  async change(event: string, value: Readonly<Record<string, unknown>> = {}): Promise<WireDiff> {
    const uploads = { [this.#host.uploadRef(this.#name)]: this.#announced() };
    const response = await this.#host.request({ type: 'lv:event', event, value, uploads });
    await this.#host.render();
    return 'diff' in response ? response.diff : {};
  }

  preflight(): Promise<PreflightResponse> {
    this.#preflight ??= this.#host
      .request({
        type: 'lv:allow_upload',
        uploadRef: this.#host.uploadRef(this.#name),
        entries: this.#announced(),
      })
      .then((response) => response as PreflightResponse);
    return this.#preflight;
  }

  async upload(percent = 100, name?: string): Promise<string> {
    const reply = await this.preflight();
    for (const file of this.#files) {
      if (name !== undefined && file.name !== name) continue;
      const grant = 'entries' in reply ? reply.entries[file.ref] : undefined;
      if (!(grant instanceof UploadGrant)) {
        throw new LiveViewTestError(
          'ERR_UPLOAD_REFUSED',
          `${file.name} was not granted an upload: ${JSON.stringify('error' in reply ? reply.error : reply.errors[file.ref])}`,
        );
      }
      let upload = this.#uploads.get(file.ref);
      if (upload === undefined) {
        upload = new EntryUpload(this.#host.system, grant, this.#host.port);
        this.#uploads.set(file.ref, upload);
      }
      await this.#send(upload, reply.ref, file, percent);
    }
    return this.#host.render();
  }

  async #send(
    upload: EntryUpload,
    uploadRef: string,
    file: ClientUploadEntry & { readonly bytes: Uint8Array },
    percent: number,
  ): Promise<void> {
    const reply = await this.preflight();
    const chunkSize = 'config' in reply ? reply.config.chunk_size : 64_000;
    const until = Math.floor((file.bytes.byteLength * Math.min(100, percent)) / 100);
    await upload.ready;
    while (upload.sent < until) {
      const end = Math.min(until, upload.sent + chunkSize);
      await upload.chunk(file.bytes.subarray(upload.sent, end));
      upload.sent = end;
      const progress = Math.floor((upload.sent / Math.max(1, file.bytes.byteLength)) * 100);
      await this.#host.request({ type: 'lv:progress', uploadRef, entryRef: file.ref, progress });
    }
  }

  #announced(): ClientUploadEntry[] {
    return this.#files.map(({ bytes: _bytes, ...entry }) => entry);
  }
}

/** One entry's upload process, with the test as its client. */
class EntryUpload implements UploadPort {
  sent = 0;
  /** Settles when the upload answered its join. */
  readonly ready: Promise<void>;
  readonly #join: Deferred<void> = deferred();
  #chunk: Deferred<void> | undefined;
  readonly #pid: Pid;
  readonly #system: ActorSystem;
  #refs = 0;

  constructor(system: ActorSystem, grant: UploadGrant, owner: Pid) {
    this.#system = system;
    this.ready = this.#join.promise;
    const start: UploadStart = {
      view: grant.view,
      configRef: grant.configRef,
      entryRef: grant.entryRef,
      link: this,
      owner,
    };
    this.#pid = system.spawn(uploadBehaviour, start, { link: owner });
  }

  chunk(data: Uint8Array): Promise<void> {
    this.#chunk = deferred();
    this.#system.send(this.#pid, { type: 'lvu:chunk', ref: String(++this.#refs), data });
    return this.#chunk.promise;
  }

  joined(): void {
    this.#join.resolve();
  }

  refused(reason: string): void {
    this.#join.reject(
      new LiveViewTestError('ERR_UPLOAD_REFUSED', `upload join refused: ${reason}`),
    );
  }

  reply(_ref: string | null, status: 'ok' | 'error', response: Readonly<Record<string, unknown>>) {
    if (status === 'ok') this.#chunk?.resolve();
    else {
      // As a browser does when a chunk is refused: leave the entry's topic.
      this.#system.send(this.#pid, { type: 'lvu:cancel' });
      const reason = String(response.reason);
      this.#chunk?.reject(new LiveViewTestError('ERR_UPLOAD_REFUSED', `chunk refused: ${reason}`));
    }
  }

  released(): void {}
}
