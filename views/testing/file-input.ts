/**
 * Uploads in a `views/testing` test (LiveView's `file_input` and `render_upload`): files picked
 * for one upload, announced in a form change, preflighted, and sent chunk by chunk to the same
 * upload processes a browser's chunks reach, with the progress reports a client sends. As the
 * official client does, the upload belongs to a live component when its input's form targets
 * one (`phx-target`: its cid, or a selector, which names the component the form sits in): the
 * change, preflight and progress then carry that cid.
 *
 * @example
 * const photos = lv.fileInput('photos', [{ name: 'a.png', type: 'image/png', content: png }]);
 * await photos.change('validate');
 * await photos.upload();                 // every file, 100 %
 * await lv.event('save');
 */
import type { Element } from 'domhandler';
import type { ActorSystem, Pid } from '../../actors/index.js';
import type { ClientUploadEntry, PreflightResponse, ReplyResponse, ViewInput } from '../port.js';
import { UploadGrant, type UploadPort, type UploadStart } from '../uploads/upload-messages.js';
import { uploadBehaviour } from '../uploads/upload-process.js';
import type { WireDiff } from '../wire.js';
import { LiveViewTestError } from './errors.js';
import { attr, closest, type Page } from './page-query.js';
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
  /** The page once everything sent so far was handled, live components tagged with cids. */
  page(): Promise<Page>;
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
  readonly #form: string | undefined;
  readonly #files: readonly (ClientUploadEntry & { readonly bytes: Uint8Array })[];
  #preflight: Promise<PreflightResponse> | undefined;
  /** Whose upload the preflight was for: progress reports go there too. */
  #cid: number | undefined;
  readonly #uploads = new Map<string, EntryUpload>();

  /** @param form A selector for the input's form, when several inputs are for `name`. */
  constructor(host: FileInputHost, name: string, files: readonly TestFile[], form?: string) {
    this.#host = host;
    this.#name = name;
    this.#form = form;
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
    const { ref, cid } = await this.#target();
    const uploads = { [ref]: this.#announced() };
    const input = { type: 'lv:event', event, value, uploads, ...cidOf(cid) } as const;
    const response = await this.#host.request(input);
    await this.#host.render();
    return 'diff' in response ? response.diff : {};
  }

  preflight(): Promise<PreflightResponse> {
    this.#preflight ??= this.#target().then(async ({ ref, cid }) => {
      this.#cid = cid;
      const entries = this.#announced();
      const input = { type: 'lv:allow_upload', uploadRef: ref, entries, ...cidOf(cid) } as const;
      return (await this.#host.request(input)) as PreflightResponse;
    });
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
      const entryRef = file.ref;
      const cid = cidOf(this.#cid);
      await this.#host.request({ type: 'lv:progress', uploadRef, entryRef, progress, ...cid });
    }
  }

  #announced(): ClientUploadEntry[] {
    return this.#files.map(({ bytes: _bytes, ...entry }) => entry);
  }

  /** The upload's ref on the page, and the component its form targets (none for the view). */
  async #target(): Promise<{ ref: string; cid: number | undefined }> {
    const page = await this.#host.page();
    const name = this.#name;
    const forms = this.#form === undefined ? undefined : page.select(this.#form);
    const inputs = page
      .select('input[type="file"][data-phx-upload-ref]')
      .filter((el) => attr(el, 'name') === name)
      .filter((el) => forms === undefined || forms.some((form) => form === formOf(el)));
    if (inputs.length !== 1) {
      const where = this.#form === undefined ? '' : ` in ${this.#form}`;
      const found = inputs.length === 0 ? 'no file input' : `${inputs.length} file inputs`;
      const hint = inputs.length === 0 ? '' : '; name its form: fileInput(name, files, { form })';
      throw new LiveViewTestError(
        'ERR_NO_ELEMENT',
        `fileInput: the page has ${found} for the upload "${name}"${where}${hint}`,
      );
    }
    const ref = attr(inputs[0]!, 'data-phx-upload-ref')!;
    const form = formOf(inputs[0]!);
    const target = form === undefined ? undefined : attr(form, 'phx-target');
    if (form === undefined || target === undefined || target === '') return { ref, cid: undefined };
    if (/^\d+$/.test(target)) return { ref, cid: Number(target) };
    const component = closest(form, (el) => attr(el, 'data-phx-component') !== undefined);
    const cid = component && attr(component, 'data-phx-component');
    return { ref, cid: cid === undefined ? undefined : Number(cid) };
  }
}

function formOf(input: Element): Element | undefined {
  return closest(input, (el) => el.name === 'form');
}

function cidOf(cid: number | undefined): { cid?: number } {
  return cid === undefined ? {} : { cid };
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
      cid: grant.cid,
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
