/**
 * The files a live file input holds for the server (PROTOCOL.md 9): an input of
 * `type="file"` with `data-phx-upload-ref`, as `liveFileInput` renders it.
 *
 * The browser's own `input.files` is only the last pick; the files tracked here are what the
 * server knows of. Each file gets a ref from one page-wide counter (`"0"`, `"1"`, ...), as the
 * official client numbers them, and keeps it for its life. A tracked file is *active* while it
 * is new (not announced yet) or the server still lists its ref in `data-phx-active-refs`: a
 * file the server dropped (cancelled, consumed, replaced) is no longer sent.
 */
import type { Payload } from '../push.js';

const UPLOAD_REF = 'data-phx-upload-ref';
const tracked = new WeakMap<HTMLInputElement, File[]>();
const refs = new WeakMap<Blob, string>();
let counter = 0;

/** The file's ref, given on first ask. */
export function fileRef(file: Blob): string {
  let ref = refs.get(file);
  if (ref === undefined) {
    ref = String(counter++);
    refs.set(file, ref);
  }
  return ref;
}

/** True for a live file input. */
export function isUploadInput(el: unknown): el is HTMLInputElement {
  return el instanceof HTMLInputElement && el.type === 'file' && el.hasAttribute(UPLOAD_REF);
}

/** The upload's ref (and the input's id). */
export function uploadRefOf(input: HTMLInputElement): string {
  return input.getAttribute(UPLOAD_REF) ?? '';
}

/** The refs an input's attribute lists (`data-phx-active-refs`, ...). */
export function refsOf(input: Element, attr: string): string[] {
  return (input.getAttribute(attr) ?? '').split(',');
}

/**
 * Adds picked (or dropped) files: a `multiple` input keeps the ones it had, another holds
 * only the new pick.
 */
export function trackFiles(input: HTMLInputElement, files: readonly File[]): void {
  if (input.multiple) {
    const had = tracked.get(input) ?? [];
    tracked.set(input, [...had, ...files.filter((f) => !had.includes(f))]);
    // Picking the same file again must fire a change.
    input.value = '';
  } else tracked.set(input, [...files]);
}

/** Forgets one file (uploaded, or given up). */
export function untrack(input: HTMLInputElement, file: File): void {
  tracked.set(
    input,
    (tracked.get(input) ?? []).filter((f) => f !== file),
  );
}

/** Forgets every file of the input. */
export function clearFiles(input: HTMLInputElement): void {
  tracked.delete(input);
  input.value = '';
}

/** The input's files the server may still take. */
export function activeFiles(input: HTMLInputElement): File[] {
  const active = refsOf(input, 'data-phx-active-refs');
  return (tracked.get(input) ?? []).filter(
    (f) => f.size > 0 && (!refs.has(f) || active.includes(fileRef(f))),
  );
}

/** A file as the server hears of it, in a form change or a preflight. */
export function entryOf(input: HTMLInputElement, file: File): Payload {
  const meta = (file as File & { meta?: () => Payload }).meta;
  return {
    path: input.name,
    ref: fileRef(file),
    last_modified: file.lastModified,
    name: file.name || fileRef(file),
    relative_path: file.webkitRelativePath,
    type: file.type,
    size: file.size,
    ...(typeof meta === 'function' && { meta: meta.call(file) }),
  };
}

/** The `uploads` of a change of `input`: its active files by upload ref (`{}` for none). */
export function serializeUploads(input: HTMLInputElement): Payload {
  const files = activeFiles(input);
  return files.length === 0 ? {} : { [uploadRefOf(input)]: files.map((f) => entryOf(input, f)) };
}

/** The live file inputs of a form (inside it, or tied to it with `form="<id>"`). */
export function uploadInputs(form: HTMLFormElement): HTMLInputElement[] {
  return [...form.elements].filter(isUploadInput);
}
