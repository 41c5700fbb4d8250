/**
 * The markup of uploads: the file input and image previews, as LiveView 1.2's
 * `<.live_file_input>` and `<.live_img_preview>` render them, so both clients find what they
 * look for. The input's `data-phx-*-refs` tell the client which of its files the server knows,
 * has preflighted and has complete; its id is the upload's ref, which previews point at.
 */
import { html, type Template } from '../render/html.js';
import type { UploadConfig, UploadEntry } from './upload-config.js';

/**
 * Attributes added to a helper's element (`class`, `aria-describedby`, `required`,
 * `capture`, ...); `true` renders a bare attribute, `false` or `undefined` none.
 *
 * @example
 * const attrs: ExtraAttributes = { class: 'file', 'aria-describedby': 'photo-help' };
 */
export type ExtraAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The file input of `upload` (LiveView's `live_file_input`): put it inside a form with
 * `phx-change` (and `phx-submit`, unless the upload is automatic). `accept` and `multiple`
 * follow the upload's options; `attrs.accept` overrides the former.
 *
 * @example
 * render: (a) => html`<form phx-change="validate" phx-submit="save">
 *   <label for=${a.uploads.photos.ref}>Photos</label>${liveFileInput(a.uploads.photos)}
 *   <button>Upload</button></form>`
 */
export function liveFileInput(upload: UploadConfig, attrs: ExtraAttributes = {}): Template {
  const { entries } = upload;
  const { accept = upload.accept === 'any' ? undefined : upload.accept.join(','), ...rest } = attrs;
  const refs = (keep: (e: UploadEntry) => boolean) =>
    entries
      .filter(keep)
      .map((e) => e.ref)
      .join(',');
  return html`<input id=${upload.ref} type="file" name=${upload.name} accept=${accept} data-phx-hook="Phoenix.LiveFileUpload" data-phx-update="ignore" data-phx-upload-ref=${upload.ref} data-phx-active-refs=${refs(() => true)} data-phx-done-refs=${refs((e) => e.done)} data-phx-preflighted-refs=${refs((e) => e.preflighted)} data-phx-auto-upload=${upload.autoUpload} multiple=${upload.maxEntries > 1} ${rest}>`;
}

/**
 * A preview of an entry's image, drawn by the browser from the picked file itself (an object
 * URL, revoked when the element goes): LiveView's `live_img_preview`. Give `attrs.alt` (the
 * file name, say) and a size; `attrs.id` if the same entry is previewed twice.
 *
 * @example
 * html`${a.uploads.photos.entries.map((e) => liveImgPreview(e, { alt: e.clientName, width: 96 }))}`
 */
export function liveImgPreview(entry: UploadEntry, attrs: ExtraAttributes = {}): Template {
  const { id, ...rest } = attrs;
  return html`<img id=${id ?? `phx-preview-${entry.ref}`} data-phx-upload-ref=${entry.uploadRef} data-phx-entry-ref=${entry.ref} data-phx-hook="Phoenix.LiveImgPreview" data-phx-update="ignore" ${rest}>`;
}
