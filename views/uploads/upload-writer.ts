/**
 * Where the chunks of one upload entry go (LiveView's `Phoenix.LiveView.UploadWriter`). The
 * upload's own process drives it, one call at a time, in this order:
 *
 *   open() -> write(chunk)* -> close('done' | 'cancel' | { error }) -> ... -> dispose()
 *
 * `write` is awaited before the chunk is acknowledged, so a slow disk (or a slow remote store)
 * slows the client down instead of filling memory. `meta()` is what `consumeUploadedEntries`
 * hands the app once the entry is done. `dispose()` runs when the entry's process ends (it was
 * consumed or cancelled, it timed out, its view or its socket went away): whatever the upload
 * left behind goes. The default writer, {@link tempFileWriter}, streams to a temporary file.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How a writer's upload ended: all bytes arrived, it was cancelled (or timed out), or a write
 * failed.
 *
 * @example
 * close(reason) { if (reason !== 'done') abortMultipart(); }
 */
export type UploadCloseReason = 'done' | 'cancel' | { readonly error: unknown };

/**
 * A destination for one entry's chunks.
 *
 * @example
 * const sizeOnly: UploadWriter<{ bytes: number }> = {
 *   bytes: 0,
 *   write(chunk) { this.bytes += chunk.byteLength; },
 *   close() {},
 *   meta() { return { bytes: this.bytes }; },
 * } as UploadWriter<{ bytes: number }> & { bytes: number };
 */
export interface UploadWriter<Meta = unknown> {
  /** Runs before the first chunk; a throw refuses the upload (`writer_error`). */
  open?(): void | Promise<void>;
  /** Takes one chunk; the client sends the next only after it settles. A throw fails the entry. */
  write(chunk: Uint8Array): void | Promise<void>;
  close(reason: UploadCloseReason): void | Promise<void>;
  /** What the consumer gets for a done entry. */
  meta(): Meta;
  /** Releases what is left; runs once, when the entry's process ends. */
  dispose?(): void | Promise<void>;
}

/**
 * The default writer's meta: the temporary file holding the upload. It is deleted once the entry
 * is consumed, unless the consumer moved it elsewhere.
 *
 * @example
 * await socket.consumeUploadedEntries('avatar', async ({ path }, entry) => {
 *   await rename(path, join(avatars, `${entry.uuid}.png`));
 * });
 */
export interface TempFileMeta {
  readonly path: string;
}

/**
 * Options of {@link tempFileWriter}.
 *
 * @example
 * tempFileWriter({ dir: '/var/tmp/myapp-uploads' });
 */
export interface TempFileWriterOptions {
  /** Default `os.tmpdir()`; created if missing. */
  readonly dir?: string | undefined;
}

/**
 * A writer streaming to a new file (mode 0600) in `dir`, named `liveactor-upload-<uuid>`.
 * Cancelled, failed or unconsumed uploads leave nothing behind.
 *
 * @example
 * socket.allowUpload('csv', { accept: ['.csv'], writer: () => tempFileWriter({ dir: spool }) });
 */
export function tempFileWriter(opts: TempFileWriterOptions = {}): UploadWriter<TempFileMeta> {
  const dir = opts.dir ?? tmpdir();
  const path = join(dir, `liveactor-upload-${randomUUID()}`);
  let handle: FileHandle | undefined;
  const shut = async () => {
    const h = handle;
    handle = undefined;
    await h?.close();
  };
  return {
    async open() {
      await mkdir(dir, { recursive: true });
      handle = await open(path, 'wx', 0o600);
    },
    async write(chunk) {
      if (handle === undefined) throw new Error('tempFileWriter: write before open or after close');
      let at = 0;
      while (at < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, at, chunk.byteLength - at);
        at += bytesWritten;
      }
    },
    async close(reason) {
      await shut();
      if (reason !== 'done') await rm(path, { force: true });
    },
    meta: () => ({ path }),
    async dispose() {
      await shut();
      await rm(path, { force: true });
    },
  };
}
