/**
 * One live component instance as the engine keeps it: its socket (assigns, streams, and the
 * upload calls it forwards), its change set, and the bookkeeping the diff engine needs.
 * Internal to views/.
 */
import type { ActorSystem } from '../../actors/index.js';
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
 * A live component's uploads (views/uploads makes them; the engine knows nothing of uploads):
 * the socket's `allowUpload` & co. are forwarded to these, typed where the socket's upload
 * calls are declared (views/uploads/component-socket.ts).
 * @internal
 */
export interface ComponentUploads {
  allow(name: string, opts: never): void;
  disallow(name: string): void;
  cancel(name: string, ref: string): void;
  uploaded(name: string): unknown;
  consume(name: string, fn: never): Promise<unknown[]>;
}

/**
 * Makes a component's uploads on its first upload call: `assign` sets its `uploads` assign.
 * @internal
 */
export interface ComponentUploadsHost {
  componentUploads(
    cid: number,
    assign: {
      readonly assigns: Readonly<Record<string, unknown>>;
      set(key: 'uploads', value: unknown): void;
    },
    socket: unknown,
  ): ComponentUploads;
}

/**
 * What a component gets of the view it renders in: the process (absent in the dead render),
 * and where its uploads are made (absent where a template renders outside a view).
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
  #uploads: ComponentUploads | undefined;

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

  // The upload calls: typed by the socket interface (views/uploads/component-socket.ts).
  allowUpload(name: string, opts: never): void {
    this.#uploadSet('allowUpload').allow(name, opts);
  }

  disallowUpload(name: string): void {
    this.#uploadSet('disallowUpload').disallow(name);
  }

  cancelUpload(name: string, ref: string): void {
    this.#uploadSet('cancelUpload').cancel(name, ref);
  }

  uploadedEntries(name: string): never {
    return this.#uploadSet('uploadedEntries').uploaded(name) as never;
  }

  consumeUploadedEntries(name: string, fn: never): Promise<never[]> {
    return this.#uploadSet('consumeUploadedEntries').consume(name, fn) as Promise<never[]>;
  }

  #streamSet(): StreamSet {
    if (this.#streams === undefined) {
      const streams = new StreamSet(`${this.cid}-`, () => this.changed?.add('streams'));
      this.#streams = streams;
      this.#assigns.streams = streams.assign;
    }
    return this.#streams;
  }

  /** Its uploads, made by the view it renders in on the first upload call. */
  #uploadSet(what: string): ComponentUploads {
    if (this.#uploads === undefined) {
      const host = this.#env.uploads;
      if (host === undefined) {
        throw new TypeError(
          `component ${this.cid}: ${what} needs a live view (its dead render or its process); this template renders outside one`,
        );
      }
      const assign = {
        assigns: this.#assigns,
        set: (key: string, v: unknown) => this.#set(key, v),
      };
      this.#uploads = host.componentUploads(this.cid, assign, this);
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
