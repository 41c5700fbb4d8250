/**
 * `allowUpload`'s options, checked once, and what each upload keeps of them besides its
 * rendered config: the accept rule and the app's functions.
 */
import type { AcceptRule } from './accept.js';
import { parseAccept } from './accept.js';
import type {
  UploadConfig,
  UploadEntry,
  UploadErrorReason,
  UploadLimits,
} from './upload-config.js';
import { type TempFileMeta, tempFileWriter, type UploadWriter } from './upload-writer.js';

/**
 * What an `external` function returns for an entry the client uploads elsewhere: the
 * `uploader` (a name in the client's `uploaders`) and whatever that uploader needs (a signed
 * URL, say); or the reason the entry is refused.
 *
 * @example
 * external: (entry) => ({ uploader: 'S3', url: presign(entry.uuid!) })
 */
export type ExternalUploadResult =
  | ({ readonly uploader: string } & Readonly<Record<string, unknown>>)
  | { readonly error: UploadErrorReason };

/**
 * Options of `socket.allowUpload` (LiveView's `allow_upload/3`). `Socket` is the view's socket
 * type, `Meta` what its writer's `meta()` gives the consumer.
 *
 * @example
 * socket.allowUpload('photos', { accept: ['.jpg', '.png'], maxEntries: 3, maxFileSize: 5_000_000 });
 */
export interface UploadOptions<Socket = unknown, Meta = TempFileMeta> {
  /** Extensions (`.pdf`) and MIME types (`image/png`, `image/*`), or `'any'`. */
  readonly accept: readonly string[] | 'any';
  /** Default 1: a new pick replaces the file. */
  readonly maxEntries?: number | undefined;
  /** In bytes; default 8 000 000. Checked at preflight and counted on the bytes received. */
  readonly maxFileSize?: number | undefined;
  /** Bytes per chunk frame; default 64 000. */
  readonly chunkSize?: number | undefined;
  /** An upload silent for this long is cancelled; default 10 000 ms. */
  readonly chunkTimeout?: number | undefined;
  /** Upload as soon as files are picked, rather than on submit. */
  readonly autoUpload?: boolean | undefined;
  /** Runs on each progress report of an entry (and once it is done): LiveView's `progress`. */
  readonly progress?:
    | ((name: string, entry: UploadEntry, socket: Socket) => void | Promise<void>)
    | undefined;
  /** The writer of each entry; default {@link tempFileWriter}. */
  readonly writer?:
    | ((name: string, entry: UploadEntry, socket: Socket) => UploadWriter<Meta>)
    | undefined;
  /** Makes the client upload elsewhere (direct to cloud storage): see {@link ExternalUploadResult}. */
  readonly external?:
    | ((entry: UploadEntry, socket: Socket) => ExternalUploadResult | Promise<ExternalUploadResult>)
    | undefined;
}

/**
 * One allowed upload's functions and accept rule, by its config ref.
 * @internal
 */
export interface UploadSetup {
  readonly name: string;
  readonly rule: AcceptRule;
  readonly progress: UploadOptions['progress'];
  readonly writer: NonNullable<UploadOptions['writer']>;
  readonly external: UploadOptions['external'];
}

const DEFAULTS = { maxEntries: 1, maxFileSize: 8_000_000, chunkSize: 64_000, chunkTimeout: 10_000 };

/**
 * Checks the options (a TypeError or RangeError names the bad one) and splits them into the
 * rendered limits and the setup.
 * @internal
 */
export function resolveUploadOptions(
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: any socket, any meta
  opts: UploadOptions<any, any>,
  maxChunkBytes: number | undefined,
): { readonly limits: UploadLimits; readonly setup: UploadSetup } {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('allowUpload: the upload needs a non-empty name');
  }
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError('allowUpload: options with at least `accept` are required');
  }
  const rule = parseAccept(opts.accept);
  const limits: UploadLimits = {
    accept: opts.accept === 'any' ? 'any' : [...opts.accept],
    maxEntries: positive('maxEntries', opts.maxEntries ?? DEFAULTS.maxEntries),
    maxFileSize: positive('maxFileSize', opts.maxFileSize ?? DEFAULTS.maxFileSize),
    chunkSize: positive('chunkSize', opts.chunkSize ?? DEFAULTS.chunkSize),
    chunkTimeout: positive('chunkTimeout', opts.chunkTimeout ?? DEFAULTS.chunkTimeout),
    autoUpload: opts.autoUpload === true,
    external: opts.external !== undefined,
  };
  if (maxChunkBytes !== undefined && limits.chunkSize > maxChunkBytes) {
    throw new RangeError(
      `allowUpload: chunkSize ${limits.chunkSize} is above the ${maxChunkBytes} bytes a frame may carry on this server (maxFrameBytes)`,
    );
  }
  for (const key of ['progress', 'writer', 'external'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'function') {
      throw new TypeError(`allowUpload: \`${key}\` must be a function`);
    }
  }
  const setup: UploadSetup = {
    name,
    rule,
    progress: opts.progress,
    writer: opts.writer ?? (() => tempFileWriter()),
    external: opts.external,
  };
  return { limits, setup };
}

function positive(key: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new TypeError(`allowUpload: \`${key}\` must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

/**
 * The preflight reply's `config`, in wire spelling.
 * @internal
 */
export function wireConfig(config: UploadConfig) {
  return {
    max_file_size: config.maxFileSize,
    max_entries: config.maxEntries,
    chunk_size: config.chunkSize,
    chunk_timeout: config.chunkTimeout,
  };
}
