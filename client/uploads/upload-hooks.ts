/**
 * The hooks `liveFileInput` and `liveImgPreview` name (`data-phx-hook`), built into the client
 * as they are into the official one:
 *
 * - `Phoenix.LiveFileUpload` on the file input: after each patch of its refs, entries the server
 *   no longer lists stop uploading;
 * - `Phoenix.LiveImgPreview` on a preview image: shows the picked file itself through an object
 *   URL, revoked when the image goes.
 */
import type { HookDefinition, ViewHook } from '../hooks.js';
import { activeFiles, fileRef, isUploadInput } from './files.js';

type Preview = ViewHook & HookDefinition & { url?: string };

/** @internal */
export const UPLOAD_HOOKS: Readonly<Record<string, HookDefinition>> = {
  'Phoenix.LiveFileUpload': {
    updated(this: ViewHook) {
      this.liveSocket.owner(this.el)?.uploads.inputUpdated(this.el as HTMLInputElement);
    },
  },
  'Phoenix.LiveImgPreview': {
    mounted(this: Preview) {
      const input = document.getElementById(this.el.getAttribute('data-phx-upload-ref') ?? '');
      const ref = this.el.getAttribute('data-phx-entry-ref');
      const file = isUploadInput(input) ? activeFiles(input).find((f) => fileRef(f) === ref) : null;
      if (!file) return;
      this.url = URL.createObjectURL(file);
      (this.el as HTMLImageElement).src = this.url;
    },
    destroyed(this: Preview) {
      if (this.url) URL.revokeObjectURL(this.url);
    },
  },
};
