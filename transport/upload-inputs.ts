/**
 * The upload parts of the client's frames on an `lv:` topic (PROTOCOL.md 9), checked and turned
 * into view inputs:
 *
 *   allow_upload {ref, entries: [entry], cid?}                 -> lv:allow_upload
 *   progress {ref, entry_ref, progress: 0-100 | {error}, ...}  -> lv:progress
 *   event {..., uploads: {ref: [entry]}}                       -> lv:event's `uploads`
 *
 * where an entry is `{ref, name, size, type, relative_path?, last_modified?, meta?}`. A field of
 * the wrong type makes the whole frame a bad event (an error reply); a client that declares a
 * size it then exceeds is the upload process's to catch.
 */
import type { ClientUploadEntry, ClientUploads } from '../views/port.js';
import type { RefInput } from './channel.js';
import { decodeCid, isPlainObject } from './event-params.js';
import type { Frame } from './frame.js';

/** Entries a preflight or a form change may announce at once; more is not a browser's doing. */
const MAX_ENTRIES = 1000;

/**
 * `allow_upload` -> `lv:allow_upload`, or the reason it is refused.
 * @internal
 */
export function decodePreflight(ref: string, payload: Frame['payload']): RefInput | string {
  const entries = decodeEntries(payload.entries);
  if (typeof payload.ref !== 'string' || entries === undefined) return 'bad event';
  const cid = decodeCid(payload.cid);
  const input = { type: 'lv:allow_upload', ref, uploadRef: payload.ref, entries } as const;
  return cid === undefined ? input : { ...input, cid };
}

/**
 * `progress` -> `lv:progress`, or the reason it is refused.
 * @internal
 */
export function decodeProgress(ref: string, payload: Frame['payload']): RefInput | string {
  const { ref: uploadRef, entry_ref: entryRef, progress } = payload;
  if (typeof uploadRef !== 'string' || typeof entryRef !== 'string') return 'bad event';
  let value: number | { error: string };
  if (typeof progress === 'number' && Number.isFinite(progress)) value = progress;
  else if (isPlainObject(progress) && typeof progress.error === 'string') {
    value = { error: progress.error };
  } else return 'bad event';
  const cid = decodeCid(payload.cid);
  const input = { type: 'lv:progress', ref, uploadRef, entryRef, progress: value } as const;
  return cid === undefined ? input : { ...input, cid };
}

/**
 * An event's `uploads`: undefined when absent, null when malformed.
 * @internal
 */
export function decodeUploads(value: unknown): ClientUploads | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return null;
  const uploads: Record<string, readonly ClientUploadEntry[]> = {};
  for (const [ref, list] of Object.entries(value)) {
    const entries = decodeEntries(list);
    if (entries === undefined) return null;
    uploads[ref] = entries;
  }
  return uploads;
}

function decodeEntries(value: unknown): ClientUploadEntry[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_ENTRIES) return undefined;
  const entries: ClientUploadEntry[] = [];
  for (const item of value) {
    const entry = decodeEntry(item);
    if (entry === undefined) return undefined;
    entries.push(entry);
  }
  return entries;
}

function decodeEntry(value: unknown): ClientUploadEntry | undefined {
  if (!isPlainObject(value)) return undefined;
  const { ref, name, size, type, relative_path, last_modified, meta } = value;
  if (typeof ref !== 'string' || ref === '' || typeof name !== 'string') return undefined;
  if (typeof size !== 'number' || typeof type !== 'string') return undefined;
  if (relative_path !== undefined && relative_path !== null && typeof relative_path !== 'string') {
    return undefined;
  }
  if (meta !== undefined && meta !== null && !isPlainObject(meta)) return undefined;
  return {
    ref,
    name,
    relativePath: typeof relative_path === 'string' ? relative_path : '',
    size,
    type,
    lastModified: typeof last_modified === 'number' ? last_modified : undefined,
    meta: isPlainObject(meta) ? meta : undefined,
  };
}
