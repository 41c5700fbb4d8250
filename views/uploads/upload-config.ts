/**
 * An upload as a view renders it (LiveView's `%UploadConfig{}` and `%UploadEntry{}`): what
 * `allowUpload` set up and the entries the client announced, with their progress and errors.
 * `a.uploads.<name>` is one of these. Every change makes a new object, so a render sees it
 * changed; everything here is plain data.
 *
 * Worked example: `allowUpload('avatar', { accept: ['.png'], maxEntries: 1 })`, then the client
 * selects `me.png` (2 kB) and `notes.txt`:
 *
 * ```
 * { name: 'avatar', ref: 'phx-F_x1', accept: ['.png'], maxEntries: 1, ...,
 *   entries: [{ ref: '0', clientName: 'me.png', valid: true, progress: 0, done: false, ... },
 *             { ref: '1', clientName: 'notes.txt', valid: false, ... }],
 *   errors: [['1', 'not_accepted'], ['phx-F_x1', 'too_many_files']] }
 * ```
 *
 * The operations below are pure: the view's upload state (view-uploads.ts) applies them and
 * does what they imply (cancelling an upload's process, say).
 */
import { randomUUID } from 'node:crypto';
import type { ClientUploadEntry } from '../port.js';
import { type AcceptRule, isAccepted } from './accept.js';

/**
 * Why an entry (or, for `too_many_files`, the whole upload) is refused: LiveView's errors, and
 * whatever reason an `external` function refused an entry with.
 *
 * @example
 * const text = { too_large: 'Too large', not_accepted: 'Not an image' }[reason] ?? reason;
 */
export type UploadErrorReason =
  | 'too_large'
  | 'not_accepted'
  | 'too_many_files'
  | 'external_client_failure'
  | 'writer_failure'
  | (string & {});

/**
 * One file the client announced.
 *
 * @example
 * html`<li>${entry.clientName}: <progress value=${entry.progress} max="100"></progress></li>`
 */
export interface UploadEntry {
  /** The client's ref for the file (unique on the page). */
  readonly ref: string;
  /** The ref of the upload it belongs to. */
  readonly uploadRef: string;
  /** The name of the upload it belongs to. */
  readonly uploadConfig: string;
  /** A server-made id, for valid entries (a safe file name to store it under). */
  readonly uuid: string | undefined;
  /** 0-100. */
  readonly progress: number;
  readonly preflighted: boolean;
  /** Passed the limits (size, type); an invalid entry is never uploaded. */
  readonly valid: boolean;
  /** Fully uploaded: ready to consume. */
  readonly done: boolean;
  readonly cancelled: boolean;
  readonly clientName: string;
  readonly clientRelativePath: string;
  /** The size the client declared; the server counts the bytes it actually receives. */
  readonly clientSize: number;
  readonly clientType: string;
  readonly clientLastModified: number | undefined;
  readonly clientMeta: Readonly<Record<string, unknown>> | undefined;
}

/**
 * An upload: its limits and its entries, as `a.uploads.<name>`.
 *
 * @example
 * html`<form phx-change="validate">${liveFileInput(a.uploads.avatar)}</form>`
 */
export interface UploadConfig {
  readonly name: string;
  /** Unique per `allowUpload` call; the file input's id. */
  readonly ref: string;
  readonly accept: readonly string[] | 'any';
  readonly maxEntries: number;
  readonly maxFileSize: number;
  readonly chunkSize: number;
  readonly chunkTimeout: number;
  readonly autoUpload: boolean;
  /** Uploaded by the client to elsewhere (an `external` function), not to this server. */
  readonly external: boolean;
  /** False after `disallowUpload`. */
  readonly allowed: boolean;
  readonly entries: readonly UploadEntry[];
  /** `[entry ref, reason]`; `too_many_files` is keyed by the upload's own ref. */
  readonly errors: readonly (readonly [ref: string, reason: UploadErrorReason])[];
}

/**
 * The `uploads` assign of a view (or live component) with uploads named `N`: declare it in its
 * assigns to read `a.uploads.<name>` typed, and to have `allowUpload` check the names.
 *
 * @example
 * defineLiveView<{ uploads: Uploads<'avatar'> }>({ ..., render: (a) => liveFileInput(a.uploads.avatar) });
 */
export type Uploads<N extends string = string> = { readonly [K in N]: UploadConfig };

/**
 * The upload names a view's (or component's) assigns declare (`uploads: Uploads<'a' | 'b'>`),
 * else any string.
 *
 * @example
 * type N = UploadName<{ uploads: Uploads<'avatar'> }>; // 'avatar'
 */
export type UploadName<A> = A extends { readonly uploads: infer U } ? keyof U & string : string;

/**
 * The limits of a new upload, defaults applied (LiveView's: 1 entry, 8 MB, 64 kB chunks, 10 s).
 * @internal
 */
export type UploadLimits = Pick<
  UploadConfig,
  'accept' | 'maxEntries' | 'maxFileSize' | 'chunkSize' | 'chunkTimeout' | 'autoUpload' | 'external'
>;

/** A fresh, empty upload. @internal */
export function newConfig(name: string, ref: string, limits: UploadLimits): UploadConfig {
  return { name, ref, ...limits, allowed: true, entries: [], errors: [] };
}

/**
 * What `putEntries` made of the client's list: the new config, whether it is acceptable as a
 * whole (for a preflight), and an entry it replaced (an upload of one file takes the new pick).
 * @internal
 */
export interface PutResult {
  readonly config: UploadConfig;
  readonly ok: boolean;
  readonly replaced: UploadEntry | undefined;
}

/**
 * Adds the entries the config does not know yet, each checked against the limits; marks the
 * upload `too_many_files` past `maxEntries`. With auto upload the result is ok anyway: the valid
 * entries go ahead, the others show their errors.
 * @internal
 */
export function putEntries(
  config: UploadConfig,
  clientEntries: readonly ClientUploadEntry[],
  rule: AcceptRule,
): PutResult {
  let replaced: UploadEntry | undefined;
  let next = config;
  const [sole] = config.entries;
  const [pick] = clientEntries;
  if (
    config.maxEntries === 1 &&
    config.entries.length === 1 &&
    clientEntries.length === 1 &&
    sole!.ref !== pick!.ref
  ) {
    replaced = sole;
    next = dropEntry(next, sole!.ref);
  }
  for (const client of clientEntries) {
    if (next.entries.some((e) => e.ref === client.ref)) continue;
    next = addEntry(next, client, rule);
  }
  if (next.entries.length > next.maxEntries) {
    next = putError(next, next.ref, 'too_many_files');
    return { config: next, ok: next.autoUpload, replaced };
  }
  return { config: next, ok: next.autoUpload || next.errors.length === 0, replaced };
}

function addEntry(config: UploadConfig, client: ClientUploadEntry, rule: AcceptRule): UploadConfig {
  const reason =
    !Number.isSafeInteger(client.size) || client.size > config.maxFileSize
      ? 'too_large'
      : isAccepted(rule, client.name, client.type)
        ? undefined
        : 'not_accepted';
  const entry: UploadEntry = {
    ref: client.ref,
    uploadRef: config.ref,
    uploadConfig: config.name,
    uuid: reason === undefined ? randomUUID() : undefined,
    progress: 0,
    preflighted: false,
    valid: reason === undefined,
    done: false,
    cancelled: false,
    clientName: client.name,
    clientRelativePath: client.relativePath,
    clientSize: client.size,
    clientType: client.type,
    clientLastModified: client.lastModified,
    clientMeta: client.meta,
  };
  const added = { ...config, entries: [...config.entries, entry] };
  return reason === undefined ? added : putError(added, entry.ref, reason);
}

/**
 * Adds an error; `too_many_files` is kept once, last.
 * @internal
 */
export function putError(
  config: UploadConfig,
  ref: string,
  reason: UploadErrorReason,
): UploadConfig {
  const errors = config.errors.filter(([r, why]) => !(r === ref && why === reason));
  if (reason !== 'too_many_files' && errors.length < config.errors.length) return config;
  return { ...config, errors: [...errors, [ref, reason]] };
}

/**
 * Removes an entry and its errors; `too_many_files` goes when the count is back within limits.
 * @internal
 */
export function dropEntry(config: UploadConfig, ref: string): UploadConfig {
  if (!config.entries.some((e) => e.ref === ref)) return config;
  const entries = config.entries.filter((e) => e.ref !== ref);
  const errors = config.errors.filter(
    ([r, reason]) =>
      r !== ref && !(reason === 'too_many_files' && entries.length <= config.maxEntries),
  );
  return { ...config, entries, errors };
}

/**
 * Changes one entry; the same config if there is no such entry or nothing changed.
 * @internal
 */
export function updateEntry(
  config: UploadConfig,
  ref: string,
  change: Partial<Pick<UploadEntry, 'progress' | 'done' | 'preflighted' | 'cancelled'>>,
): UploadConfig {
  const at = config.entries.findIndex((e) => e.ref === ref);
  if (at < 0) return config;
  const entry = config.entries[at]!;
  let same = true;
  for (const key in change) {
    if (entry[key as keyof typeof change] !== change[key as keyof typeof change]) same = false;
  }
  if (same) return config;
  return { ...config, entries: config.entries.with(at, { ...entry, ...change }) };
}

/**
 * The entry `ref`, if the upload has it.
 * @internal
 */
export function entryOf(config: UploadConfig, ref: string): UploadEntry | undefined {
  return config.entries.find((e) => e.ref === ref);
}

/**
 * The reasons `upload` (or one of its entries) is refused, for rendering: LiveView's
 * `upload_errors/1,2`.
 *
 * @example
 * html`${uploadErrors(a.uploads.avatar, entry).map((r) => html`<p class="error">${r}</p>`)}`
 */
export function uploadErrors(upload: UploadConfig, entry?: UploadEntry): UploadErrorReason[] {
  const ref = entry === undefined ? upload.ref : entry.ref;
  return upload.errors.filter(([r]) => r === ref).map(([, reason]) => reason);
}
