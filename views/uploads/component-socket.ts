/**
 * A live component's upload calls (LiveView's `allow_upload` & co. in a component), declared
 * here on the engine's `ComponentSocket` type: the engine (views/render) knows nothing of
 * uploads and forwards each call to the component's {@link ViewUploads}, which the view it
 * renders in makes: its process routes the upload's messages to them (upload-routes.ts), and
 * the dead render makes ones with no process, which only render.
 */
import type { ComponentUploadsHost } from '../render/component-instance.js';
import type { UploadEntry, UploadName } from './upload-config.js';
import type { UploadOptions } from './upload-options.js';
import type { TempFileMeta } from './upload-writer.js';
import { ViewUploads } from './view-uploads.js';

declare module '../render/component.js' {
  interface ComponentSocket<Assigns extends object> {
    /**
     * LiveView's `allow_upload` in a live component: sets up the upload `name` (its
     * `a.uploads.<name>`). The form of its file input targets the component
     * (`phx-target=${a.myself}`), so the client sends the upload's preflight and progress here;
     * otherwise as on a view's socket. Its entries end, files deleted, when the component goes.
     *
     * @example
     * mount: (socket) => socket.allowUpload('avatar', { accept: ['.png'], maxFileSize: 2_000_000 })
     */
    allowUpload<M = TempFileMeta>(
      name: UploadName<Assigns>,
      opts: UploadOptions<ComponentSocket<Assigns>, M>,
    ): void;
    /** LiveView's `disallow_upload`: no more preflights; throws while it has entries. */
    disallowUpload(name: UploadName<Assigns>): void;
    /** Drops the entry `ref` of `name` and stops its upload; an unknown ref is ignored. */
    cancelUpload(name: UploadName<Assigns>, ref: string): void;
    /** The entries of `name`, split into done and not yet. */
    uploadedEntries(name: UploadName<Assigns>): {
      readonly completed: UploadEntry[];
      readonly inProgress: UploadEntry[];
    };
    /**
     * LiveView's `consume_uploaded_entries`, as on a view's socket: `fn` gets each done entry's
     * meta (the temporary file's `{ path }` by default) and the entries are dropped.
     *
     * @example
     * const names = await socket.consumeUploadedEntries('avatar', ({ path }, e) => save(path, e));
     */
    consumeUploadedEntries<R, M = TempFileMeta>(
      name: UploadName<Assigns>,
      fn: (meta: M, entry: UploadEntry) => R | Promise<R>,
    ): Promise<R[]>;
  }
}

/**
 * The dead render's component uploads: the `uploads` assign to render, no process behind it.
 * @internal
 */
export const DEAD_COMPONENT_UPLOADS: ComponentUploadsHost = {
  componentUploads: (cid, assign) => new ViewUploads(assign, undefined, undefined, cid),
};
