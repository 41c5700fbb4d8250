/**
 * One live component instance as the engine keeps it: its socket (assigns, streams, uploads),
 * its change set, and the bookkeeping the diff engine needs. Internal to views/.
 */
import type { ActorSystem } from '../../actors/index.js';
import type { UploadEntry } from '../uploads/upload-config.js';
import type { UploadOptions } from '../uploads/upload-options.js';
import {
  type ComponentUploadsHost,
  type UploadsAssign,
  ViewUploads,
} from '../uploads/view-uploads.js';
import type { WireEvent } from '../wire.js';
import type {
  ComponentBaseAssigns,
  ComponentCall,
  ComponentParent,
  ComponentSocket,
  LiveComponent,
} from './component.js';
import type { NodeState } from './rendered-tree.js';
import type { StreamInsertOptions, StreamOptions } from './stream.js';
import { StreamSet } from './stream-set.js';

/**
 * What a component gets of the view it renders in: the process, and where its uploads are
 * made; both absent in the dead render.
 * @internal
 */
export interface ComponentEnv {
  readonly parent?: ComponentParent | undefined;
  readonly uploads?: ComponentUploadsHost | undefined;
}

/**
 * A live component instance (see the module doc).
 * @internal
 */
export class ComponentInstance implements ComponentSocket<Record<string, unknown>> {
  readonly cid: number;
  readonly component: LiveComponent<object>;
  readonly id: string | number;
  readonly #assigns: Record<string, unknown>;
  readonly #pushEvent: (event: WireEvent) => void;
  /** Keys assigned since the last render; `undefined` = everything (never rendered, or revived). */
  changed: Set<string> | undefined;
  /** The last rendered tree; `undefined` forces a complete render. */
  root: NodeState | undefined;
  markedForDestroy = false;
  /** The read-tracking proxy over this instance's assigns, made on first render. */
  tracked: object | undefined;
  /** The engine passes that last placed, rendered, and sent this component complete. */
  placedIn = -1;
  renderedIn = -1;
  sentCompleteIn = -1;

  readonly #env: ComponentEnv;
  #streams: StreamSet | undefined;
  #uploads: ViewUploads | undefined;

  constructor(
    cid: number,
    call: ComponentCall,
    pushEvent: (event: WireEvent) => void,
    env: ComponentEnv = {},
  ) {
    this.cid = cid;
    this.component = call.component;
    this.id = call.id;
    this.#assigns = { myself: cid };
    this.#pushEvent = pushEvent;
    this.#env = env;
  }

  get system(): ActorSystem {
    return this.#connectedParent('system').system;
  }

  sendParent(message: unknown): void {
    const parent = this.#connectedParent('sendParent');
    parent.system.send(parent.self, message);
  }

  #connectedParent(what: string): ComponentParent {
    const parent = this.#env.parent;
    if (parent === undefined)
      throw new TypeError(
        `component ${this.cid}: ${what} needs a connected view; the dead render has no process`,
      );
    return parent;
  }

  get assigns(): Readonly<Record<string, unknown> & ComponentBaseAssigns> {
    return this.#assigns as Record<string, unknown> & ComponentBaseAssigns;
  }

  get myself(): number {
    return this.cid;
  }

  assign(values: Partial<Record<string, unknown>> | string, value?: unknown): void {
    if (typeof values === 'string') {
      this.#set(values, value);
      return;
    }
    for (const key of Object.keys(values)) this.#set(key, values[key]);
  }

  update(key: string, fn: (value: unknown) => unknown): void {
    this.#set(key, fn(this.#assigns[key]));
  }

  pushEvent(name: string, payload: unknown): void {
    this.#pushEvent([name, payload]);
  }

  stream(name: string, items: Iterable<unknown>, opts?: StreamOptions<unknown>): void {
    this.#streamSet().stream(name, items, opts);
  }

  streamInsert(name: string, item: unknown, opts?: StreamInsertOptions): void {
    this.#streamSet().insert(name, item, opts);
  }

  streamDelete(name: string, item: unknown): void {
    this.#streamSet().delete(name, item);
  }

  streamDeleteByDomId(name: string, domId: string): void {
    this.#streamSet().deleteByDomId(name, domId);
  }

  streamConfigure(name: string, opts: { readonly dom_id?: (item: unknown) => string }): void {
    this.#streamSet().configure(name, opts);
  }

  /** Forgets the streams' items once a render sent them. */
  pruneStreams(): void {
    this.#streams?.prune();
  }

  // biome-ignore lint/suspicious/noExplicitAny: any meta
  allowUpload(name: string, opts: UploadOptions<any, any>): void {
    this.#uploadSet().allow(name, opts);
  }

  disallowUpload(name: string): void {
    this.#uploadSet().disallow(name);
  }

  cancelUpload(name: string, ref: string): void {
    this.#uploadSet().cancel(name, ref);
  }

  uploadedEntries(name: string): { completed: UploadEntry[]; inProgress: UploadEntry[] } {
    return this.#uploadSet().uploaded(name);
  }

  consumeUploadedEntries<R>(
    name: string,
    fn: (meta: never, entry: UploadEntry) => R | Promise<R>,
  ): Promise<R[]> {
    return this.#uploadSet().consume(name, fn);
  }

  #streamSet(): StreamSet {
    if (this.#streams === undefined) {
      const streams = new StreamSet(`${this.cid}-`, () => this.changed?.add('streams'));
      this.#streams = streams;
      this.#assigns.streams = streams.assign;
    }
    return this.#streams;
  }

  /** Its uploads: the connected view's to route messages to, or its own in the dead render. */
  #uploadSet(): ViewUploads {
    if (this.#uploads === undefined) {
      const assign: UploadsAssign = {
        assigns: this.#assigns,
        set: (key, value) => this.#set(key, value),
      };
      const host = this.#env.uploads;
      this.#uploads =
        host === undefined
          ? new ViewUploads(assign, undefined, undefined, this.cid)
          : host.componentUploads(this.cid, assign, this);
    }
    return this.#uploads;
  }

  #set(key: string, value: unknown): void {
    if (key === 'myself')
      throw new TypeError('assign: `myself` is the component cid and cannot be set');
    if (key === 'streams') throw new TypeError('assign: `streams` is set by stream()');
    if (Object.hasOwn(this.#assigns, key) && this.#assigns[key] === value) return;
    this.#assigns[key] = value;
    this.changed?.add(key);
  }
}
