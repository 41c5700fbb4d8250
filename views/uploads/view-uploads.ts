/**
 * A view's uploads, or a live component's: the `uploads` assign (one {@link UploadConfig} per
 * name) and what the view process keeps beside it: each upload's setup by ref, and each
 * registered entry's process. The socket's upload methods and the view process's upload
 * messages land here. A component's grants name its cid, so its entries' processes register
 * with it, and none outlives it ({@link ViewUploads.dispose}).
 *
 * An entry is `done` when its client reported 100 % *and* (for an upload to this server) its
 * process said every declared byte arrived: a client that claims progress it did not make
 * gets 99 % until the bytes are in.
 *
 * Crossing a client's say-so never throws here: a preflight for an upload that is not allowed is
 * answered with an error, a progress report or cancel for an unknown entry is ignored.
 */
import { randomBytes } from 'node:crypto';
import type { ActorSystem, DownMessage, MonitorRef, Pid } from '../../actors/index.js';
import type { ClientUploadEntry, ClientUploads, PreflightResponse } from '../port.js';
import {
  dropEntry,
  entryOf,
  newConfig,
  putEntries,
  putError,
  type UploadConfig,
  type UploadEntry,
  updateEntry,
} from './upload-config.js';
import { UploadGrant, type UploadRegistration, type ViewUploadMessage } from './upload-messages.js';
import {
  resolveUploadOptions,
  type UploadOptions,
  type UploadSetup,
  wireConfig,
} from './upload-options.js';

type Uploads = Readonly<Record<string, UploadConfig>>;

/**
 * Where the `uploads` assign lives: a view's socket state, or a live component's assigns.
 * @internal
 */
export interface UploadsAssign {
  readonly assigns: Readonly<Record<string, unknown>>;
  set(key: 'uploads', value: Uploads): void;
}

/**
 * The view process the entries' processes register with; undefined in the dead render.
 * @internal
 */
export interface UploadsProcess {
  readonly self: Pid;
  readonly system: ActorSystem;
}

/**
 * The upload state of one view or live component (see the module doc).
 * @internal
 */
export class ViewUploads {
  readonly #state: UploadsAssign;
  readonly #ctx: UploadsProcess | undefined;
  readonly #maxChunkBytes: number | undefined;
  readonly #cid: number | undefined;
  readonly #setups = new Map<string, UploadSetup>();
  /** Registered entries: entry ref -> its process, and each process's monitor. */
  readonly #pids = new Map<string, Pid>();
  readonly #monitors = new Map<MonitorRef, string>();
  /** Entries whose process has every byte; entries whose client already reported 100 %. */
  readonly #received = new Set<string>();
  readonly #claimed = new Set<string>();
  /** External entries' uploader metadata. */
  readonly #metas = new Map<string, Readonly<Record<string, unknown>>>();

  /**
   * @param maxChunkBytes The largest chunk the transport takes (ViewStart.maxChunkBytes).
   * @param cid The live component these uploads belong to; undefined for the view's.
   */
  constructor(
    state: UploadsAssign,
    ctx: UploadsProcess | undefined,
    maxChunkBytes: number | undefined,
    cid?: number,
  ) {
    this.#state = state;
    this.#ctx = ctx;
    this.#maxChunkBytes = maxChunkBytes;
    this.#cid = cid;
  }

  // biome-ignore lint/suspicious/noExplicitAny: any socket, any meta
  allow(name: string, opts: UploadOptions<any, any>): void {
    const { limits, setup } = resolveUploadOptions(name, opts, this.#maxChunkBytes);
    const old = this.#uploads[name];
    if (old !== undefined && old.entries.length > 0) {
      throw new TypeError(
        `allowUpload: "${name}" still has entries; cancel or consume them before allowing it again`,
      );
    }
    if (old !== undefined) this.#setups.delete(old.ref);
    const ref = `phx-${randomBytes(8).toString('base64url')}`;
    this.#setups.set(ref, setup);
    this.#put(newConfig(name, ref, limits));
  }

  disallow(name: string): void {
    const config = this.config(name);
    if (config.entries.length > 0) {
      throw new TypeError(`disallowUpload: "${name}" still has entries`);
    }
    this.#setups.delete(config.ref);
    this.#put({ ...config, allowed: false });
  }

  /** The upload `name`; a TypeError when it was never allowed (a programming error). */
  config(name: string): UploadConfig {
    const config = this.#uploads[name];
    if (config === undefined) throw new TypeError(`no upload named "${name}" was allowed`);
    return config;
  }

  /** Drops the entry and stops its upload (its writer cleans up); unknown refs are ignored. */
  cancel(name: string, ref: string): void {
    const config = this.config(name);
    if (entryOf(config, ref) === undefined) return;
    this.#release(ref, true);
    this.#put(dropEntry(config, ref));
  }

  /** A form change's tracked files: added to their uploads, errors and all. */
  track(uploads: ClientUploads): void {
    for (const [ref, entries] of Object.entries(uploads)) {
      const setup = this.#setups.get(ref);
      if (setup !== undefined) this.#add(setup, entries);
    }
  }

  /** Answers an `allow_upload`: grants (or external metas) for the entries that may upload. */
  async preflight(
    uploadRef: string,
    clientEntries: readonly ClientUploadEntry[],
    socket: unknown,
  ): Promise<PreflightResponse> {
    const setup = this.#setups.get(uploadRef);
    if (setup === undefined) return { ref: uploadRef, error: [[uploadRef, 'disallowed']] };
    const put = this.#add(setup, clientEntries);
    if (!put.ok) {
      return { ref: uploadRef, error: put.config.errors.map(([r, why]) => [r, why] as const) };
    }
    const asked = new Set(clientEntries.map((e) => e.ref));
    let config = put.config;
    const chosen = config.entries.filter(
      (e, i) => asked.has(e.ref) && i < config.maxEntries && !e.preflighted,
    );
    for (const e of chosen) config = updateEntry(config, e.ref, { preflighted: true });
    this.#put(config);
    const entries: Record<string, UploadGrant | Readonly<Record<string, unknown>>> = {};
    const errors: Record<string, unknown[]> = {};
    const reasonsOf = (ref: string) => config.errors.filter(([r]) => r === ref).map(([, w]) => w);
    for (const e of chosen.map((c) => entryOf(config, c.ref)!)) {
      if (!e.valid) {
        errors[e.ref] = reasonsOf(e.ref);
      } else if (setup.external === undefined) {
        entries[e.ref] = new UploadGrant(this.#ctx!.self, config.ref, e.ref, this.#cid);
      } else {
        const result = await setup.external(e, socket);
        if ('uploader' in result) {
          this.#metas.set(e.ref, result);
          entries[e.ref] = result;
        } else if (config.autoUpload) {
          errors[e.ref] = [result.error];
        } else {
          this.#put(putError(this.config(setup.name), e.ref, result.error));
          return { ref: config.ref, error: [[e.ref, result.error]] };
        }
      }
    }
    return { ref: config.ref, config: wireConfig(config), entries, errors };
  }

  /** An upload process asks for its entry: its limits and writer, or why not. */
  register(msg: ViewUploadMessage, socket: unknown): UploadRegistration {
    const { from } = msg;
    const setup = this.#setups.get(msg.configRef);
    const config = setup && this.#uploads[setup.name];
    const entry = config && entryOf(config, msg.entryRef);
    if (!setup || !entry?.valid || !entry.preflighted || setup.external) {
      return { ok: false, reason: 'disallowed' };
    }
    if (this.#pids.has(entry.ref)) return { ok: false, reason: 'already_registered' };
    let writer: ReturnType<UploadSetup['writer']>;
    try {
      writer = setup.writer(setup.name, entry, socket);
    } catch (error) {
      this.#ctx!.system.logger.warn(
        { err: error, upload: setup.name, ...(this.#cid !== undefined && { cid: this.#cid }) },
        'upload writer factory threw',
      );
      return { ok: false, reason: 'writer_error' };
    }
    const ctx = this.#ctx!;
    this.#pids.set(entry.ref, from);
    this.#monitors.set(ctx.system.monitor(ctx.self, from), entry.ref);
    const { chunkSize, chunkTimeout } = config!;
    return { ok: true, size: entry.clientSize, chunkSize, chunkTimeout, writer };
  }

  /**
   * A client's progress report; runs the upload's `progress` function when the entry exists.
   * A failure report (its uploader, or the client's chunk upload, gave up) marks the entry
   * `external_client_failure`, as LiveView's does, so the page can say so; an entry that shows
   * why it failed already (`writer_failure`) keeps just that.
   */
  async progress(
    uploadRef: string,
    entryRef: string,
    progress: number | { error: string },
    socket: unknown,
  ): Promise<void> {
    const setup = this.#setups.get(uploadRef);
    const config = setup && this.#uploads[setup.name];
    if (!setup || !config || entryOf(config, entryRef) === undefined) return;
    if (typeof progress !== 'number') {
      if (!config.errors.some(([ref]) => ref === entryRef)) {
        this.#put(putError(config, entryRef, 'external_client_failure'));
      }
      return;
    }
    let percent = Math.min(100, Math.max(0, Math.floor(progress)));
    if (percent === 100 && !setup.external && !this.#received.has(entryRef)) {
      this.#claimed.add(entryRef);
      percent = 99;
    }
    await this.#setProgress(setup, entryRef, percent, socket);
  }

  /** The entry's process has every byte: done, if its client said so already. */
  async complete(msg: ViewUploadMessage, socket: unknown): Promise<void> {
    if (this.#pids.get(msg.entryRef) !== msg.from) return;
    this.#received.add(msg.entryRef);
    const setup = this.#setups.get(msg.configRef);
    if (setup && this.#claimed.delete(msg.entryRef)) {
      await this.#setProgress(setup, msg.entryRef, 100, socket);
    }
  }

  /** The entry's writer failed: it shows `writer_failure` until cancelled. */
  failed(msg: ViewUploadMessage): void {
    const setup = this.#setups.get(msg.configRef);
    const config = setup && this.#uploads[setup.name];
    if (config && this.#pids.get(msg.entryRef) === msg.from) {
      this.#put(putError(config, msg.entryRef, 'writer_failure'));
    }
  }

  /**
   * An entry's process ended: the entry goes, unless it failed (its error stays on the page
   * until the view cancels it; the process took its file along). False for another monitor.
   */
  down(msg: DownMessage): boolean {
    const entryRef = this.#monitors.get(msg.ref);
    if (entryRef === undefined) return false;
    this.#monitors.delete(msg.ref);
    if (this.#pids.get(entryRef) !== msg.pid) return true;
    this.#release(entryRef, false);
    for (const config of Object.values(this.#uploads)) {
      const failed = config.errors.some(([ref]) => ref === entryRef);
      if (entryOf(config, entryRef) !== undefined && !failed) {
        this.#put(dropEntry(config, entryRef));
      }
    }
    return true;
  }

  /**
   * Its owner is gone (a live component the client removed): every entry's upload stops, and
   * its writer deletes what it wrote. No DOWN of theirs reaches the view afterwards; a token
   * granted before registers nothing.
   */
  dispose(): void {
    const system = this.#ctx?.system;
    for (const ref of this.#monitors.keys()) system?.demonitor(ref);
    this.#monitors.clear();
    for (const ref of [...this.#pids.keys()]) this.#release(ref, true);
    this.#setups.clear();
  }

  /** The entries of `name`: done ones, and the others. */
  uploaded(name: string): { completed: UploadEntry[]; inProgress: UploadEntry[] } {
    const entries = this.config(name).entries;
    return { completed: entries.filter((e) => e.done), inProgress: entries.filter((e) => !e.done) };
  }

  /**
   * Hands each done entry's meta to `fn` and drops the entry; its process then ends and its
   * writer disposes of what the callback left (the temporary file, unless it was moved).
   * Entries not done yet stay. Resolves with the callbacks' results, in entry order.
   */
  async consume<R>(
    name: string,
    fn: (meta: never, entry: UploadEntry) => R | Promise<R>,
  ): Promise<R[]> {
    const done = this.uploaded(name).completed;
    const results: R[] = [];
    const gone: string[] = [];
    try {
      for (const entry of done) {
        const meta = await this.#metaOf(entry, gone);
        if (meta === undefined) continue;
        gone.push(entry.ref);
        try {
          results.push(await fn(meta.value as never, entry));
        } finally {
          await this.#finish(entry.ref);
        }
      }
    } finally {
      let config = this.config(name);
      for (const ref of gone) config = dropEntry(config, ref);
      this.#put(config);
    }
    return results;
  }

  async #metaOf(entry: UploadEntry, gone: string[]): Promise<{ value: unknown } | undefined> {
    const external = this.#metas.get(entry.ref);
    if (external !== undefined) return { value: external };
    const pid = this.#pids.get(entry.ref);
    const reply = pid
      ? await this.#ctx!.system.call<{ ok: boolean; meta?: unknown }>(pid, {
          type: 'lvu:consume_start',
        }).catch(() => undefined)
      : undefined;
    if (reply?.ok) return { value: reply.meta };
    // Its process is gone (and its file with it): nothing to hand over.
    if (reply === undefined) gone.push(entry.ref);
    return undefined;
  }

  async #finish(ref: string): Promise<void> {
    const pid = this.#pids.get(ref);
    this.#release(ref, false);
    if (pid !== undefined) {
      await this.#ctx!.system.call(pid, { type: 'lvu:consume_done' }).catch(() => {});
    }
  }

  async #setProgress(
    setup: UploadSetup,
    ref: string,
    percent: number,
    socket: unknown,
  ): Promise<void> {
    const config = updateEntry(this.config(setup.name), ref, {
      progress: percent,
      ...(percent === 100 && { done: true }),
    });
    this.#put(config);
    const entry = entryOf(config, ref);
    if (entry !== undefined) await setup.progress?.(setup.name, entry, socket);
  }

  #add(setup: UploadSetup, entries: readonly ClientUploadEntry[]) {
    const put = putEntries(this.config(setup.name), entries, setup.rule);
    if (put.replaced !== undefined) this.#release(put.replaced.ref, true);
    this.#put(put.config);
    return put;
  }

  /** Forgets an entry's process (stopping it when `cancel`) and its bookkeeping. */
  #release(ref: string, cancel: boolean): void {
    const pid = this.#pids.get(ref);
    this.#pids.delete(ref);
    this.#received.delete(ref);
    this.#claimed.delete(ref);
    this.#metas.delete(ref);
    if (pid !== undefined && cancel) this.#ctx?.system.send(pid, { type: 'lvu:cancel' });
  }

  get #uploads(): Uploads {
    return (this.#state.assigns.uploads as Uploads | undefined) ?? {};
  }

  #put(config: UploadConfig): void {
    const uploads = this.#uploads;
    if (uploads[config.name] === config) return;
    this.#state.set('uploads', { ...uploads, [config.name]: config });
  }
}
