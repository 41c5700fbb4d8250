/**
 * Which uploads an upload message of a view process concerns: the view's own, or those of one
 * of its live components. As in LiveView, the client names the component by the `cid` of the
 * file input's form (its `phx-target`) in `allow_upload`, `progress` and a form change's files;
 * an entry's process names it by the cid its token carries, so a token opens an entry of that
 * view's that component only. Without a cid it is the view's.
 *
 * A component's uploads are recorded here when it first allows one, and disposed of (their
 * uploads stopped, their files deleted) when the client removes it or a complete render drops
 * it with every other component.
 */
import type { DownMessage } from '../../actors/index.js';
import type { ClientUploads, PreflightResponse, ViewInput } from '../port.js';
import type { ComponentUploadsHost } from '../render/component-instance.js';
import type { SocketState } from '../socket-state.js';
import type { UploadRegistration, ViewUploadMessage } from './upload-messages.js';
import { type UploadsAssign, type UploadsProcess, ViewUploads } from './view-uploads.js';

type Input<T extends ViewInput['type']> = Extract<ViewInput, { type: T }>;

/** A view's or a component's uploads, and the socket its upload functions are given. */
interface Target {
  readonly uploads: ViewUploads;
  readonly socket: unknown;
}

/**
 * The upload routes of one view process (see the module doc).
 * @internal
 */
export class UploadRoutes implements ComponentUploadsHost {
  readonly #state: SocketState;
  readonly #socket: unknown;
  readonly #ctx: UploadsProcess;
  #components: Map<number, Target> | undefined;

  constructor(state: SocketState, socket: unknown, ctx: UploadsProcess) {
    this.#state = state;
    this.#socket = socket;
    this.#ctx = ctx;
  }

  componentUploads(cid: number, assign: UploadsAssign, socket: unknown): ViewUploads {
    const uploads = new ViewUploads(assign, this.#ctx, this.#state.maxChunkBytes, cid);
    this.#components ??= new Map();
    this.#components.set(cid, { uploads, socket });
    return uploads;
  }

  /** Answers an `allow_upload`; `disallowed` when its target has no such upload. */
  preflight(msg: Input<'lv:allow_upload'>): Promise<PreflightResponse> | PreflightResponse {
    const target = this.#of(msg.cid);
    if (target === undefined) return { ref: msg.uploadRef, error: [[msg.uploadRef, 'disallowed']] };
    return target.uploads.preflight(msg.uploadRef, msg.entries, target.socket);
  }

  async progress(msg: Input<'lv:progress'>): Promise<void> {
    const target = this.#of(msg.cid);
    await target?.uploads.progress(msg.uploadRef, msg.entryRef, msg.progress, target.socket);
  }

  /** A form change's files. */
  track(cid: number | undefined, uploads: ClientUploads): void {
    this.#of(cid)?.uploads.track(uploads);
  }

  register(msg: ViewUploadMessage): UploadRegistration {
    const target = this.#of(msg.cid);
    if (target === undefined || msg.type !== 'lv:upload_register') {
      return { ok: false, reason: 'disallowed' };
    }
    return target.uploads.register(msg, target.socket);
  }

  /** An entry's process has every byte, or its writer failed. */
  async news(msg: ViewUploadMessage): Promise<void> {
    const target = this.#of(msg.cid);
    if (msg.type === 'lv:upload_complete') await target?.uploads.complete(msg, target.socket);
    else if (msg.type === 'lv:upload_failed') target?.uploads.failed(msg);
  }

  /**
   * The DOWN of an entry's process: its uploads drop the entry. Whose they were: `'view'`, a
   * cid, or undefined for a DOWN of another monitor.
   */
  down(msg: DownMessage): 'view' | number | undefined {
    if (this.#state.uploads?.down(msg) === true) return 'view';
    for (const [cid, target] of this.#components ?? []) {
      if (target.uploads.down(msg)) return cid;
    }
    return undefined;
  }

  /** These components are gone: their uploads end. */
  forget(cids: Iterable<number>): void {
    const components = this.#components;
    if (components === undefined) return;
    for (const cid of cids) {
      components.get(cid)?.uploads.dispose();
      components.delete(cid);
    }
  }

  /** After a render: the uploads of components the engine no longer keeps end. */
  keepOnly(engine: { hasComponent(cid: number): boolean }): void {
    const components = this.#components;
    if (components === undefined) return;
    for (const cid of components.keys()) if (!engine.hasComponent(cid)) this.forget([cid]);
  }

  #of(cid: number | undefined): Target | undefined {
    if (cid !== undefined) return this.#components?.get(cid);
    const uploads = this.#state.uploads;
    return uploads === undefined ? undefined : { uploads, socket: this.#socket };
  }
}
