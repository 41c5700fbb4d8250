/**
 * The per-view diff engine: the object a view process keeps for its connected client. It
 * holds the last rendered tree and the live components, and turns each new render into the
 * smallest wire diff (diff.ts, comprehension.ts, component-table.ts).
 *
 * Lifecycle: the first `render` (or one whose root template differs from the last) sends the
 * complete tree, `s` and `p` included, and starts a fresh component table (cids keep growing;
 * the client drops all components when it receives a new root). Later renders send only
 * changes, `{}` when there are none. Component events, `cids_will_destroy` and
 * `cids_destroyed` go through the methods of the same names.
 */

import type { WireDiff, WireEvent } from '../wire.js';
import type {
  ComponentCall,
  ComponentEventResult,
  ComponentEventReturn,
  ComponentParent,
  LiveComponent,
} from './component.js';
import type { ComponentInstance, ComponentUploadsHost } from './component-instance.js';
import { ComponentTable } from './component-table.js';
import { diffNode, renderNode } from './diff.js';
import type { Embedder } from './embed.js';
import { TemplateError } from './errors.js';
import { Template } from './html.js';
import type { RenderScope } from './render-scope.js';
import { renderKeptToString } from './render-to-string.js';
import { NodeState, TemplateTable } from './rendered-tree.js';
import { StreamRecord } from './stream-record.js';
import { parseTemplate } from './template-parse.js';

/**
 * What a render sends besides the tree.
 *
 * @example
 * engine.handleComponentEvent(cid, 'save', value); // component events carry their own
 * engine.render(page, { events: [['saved', { id: 1 }]], reply: { ok: true } });
 */
export interface DiffExtras {
  /** Events to push (`[name, payload]`, or `[name, payload, true]` to dispatch before the patch). */
  readonly events?: readonly WireEvent[] | undefined;
  /** The reply to the event being handled (top-level `r`). */
  readonly reply?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Options of {@link DiffEngine.render}.
 *
 * @example
 * engine.renderView(render, assigns, { changed: new Set(['count']), title: `Count: ${assigns.count}` });
 */
export interface RenderOptions extends DiffExtras {
  /**
   * The assign keys changed since the last render. Only lazy slots use it: a lazy slot runs
   * again only if it read one of these keys last time. `undefined` means "anything may have
   * changed" and runs every lazy slot.
   */
  readonly changed?: ReadonlySet<string> | undefined;
  /** The page title; sent (`t`) on a full render and whenever it differs from the last one sent. */
  readonly title?: string | undefined;
}

/**
 * Diffs successive renders of one view for one client.
 *
 * @example
 * const engine = new DiffEngine();
 * const view = (a: { count: number }) => html`<span>${a.count}</span>`;
 * engine.renderView(view, { count: 0 }); // { '0': '0', s: 0, p: { '0': ['<span>', '</span>'] } }
 * engine.renderView(view, { count: 1 }, { changed: new Set(['count']) }); // { '0': '1' }
 */
export class DiffEngine {
  readonly #components: ComponentTable;
  readonly #embed: Embedder | undefined;
  #root: NodeState | undefined;
  #title: string | undefined;

  /**
   * @param options.firstCid The first cid to give a live component (default 1). A view that
   *   restarts under the same client starts above every cid its previous life used, because
   *   the client may still hold (and later prune) those.
   * @param options.parent The connected view's process, which its components reach through
   *   `socket.system` and `socket.sendParent`.
   * @param options.embed Renders the embeds of its templates (embed.ts); without it an embed is
   *   a TemplateError.
   * @param options.recordStreams Keep what streams' items render as, so that {@link toHtml}
   *   shows them as the page does (for `views/testing`: memory then grows with the streams).
   */
  constructor(
    options: {
      readonly firstCid?: number | undefined;
      readonly parent?: ComponentParent | undefined;
      readonly embed?: Embedder | undefined;
      readonly recordStreams?: boolean | undefined;
      /** @internal Where the components' uploads are made (the view process's routes). */
      readonly uploads?: ComponentUploadsHost | undefined;
    } = {},
  ) {
    const firstCid = options.firstCid ?? 1;
    if (!Number.isSafeInteger(firstCid) || firstCid < 0) {
      throw new TypeError(`DiffEngine: firstCid must be a non-negative integer, got ${firstCid}`);
    }
    const { parent, uploads } = options;
    const env = parent === undefined && uploads === undefined ? {} : { parent, uploads };
    const components = new ComponentTable(firstCid, env, options.embed);
    if (options.recordStreams === true) {
      components.streamRecord = new StreamRecord((call) => components.find(call), options.embed);
    }
    this.#components = components;
    this.#embed = options.embed;
  }

  /** The cid the next new live component will get (never reused within one engine). */
  get nextCid(): number {
    return this.#components.nextCid;
  }

  /**
   * A read-only proxy over `assigns` that records reads for lazy slots. Pass it to the render
   * function (or use {@link renderView}, which does).
   */
  track<Assigns extends object>(assigns: Assigns): Readonly<Assigns> {
    return this.#components.tracker.track(assigns);
  }

  /** Renders `render(trackedAssigns)` and returns the diff (see {@link render}). */
  renderView<Assigns extends object>(
    render: (assigns: Readonly<Assigns>) => Template,
    assigns: Assigns,
    options: RenderOptions = {},
  ): WireDiff {
    return this.render(render(this.track(assigns)), options);
  }

  /**
   * Diffs `template` against the last render and returns what the client needs: the complete
   * tree the first time (or when the root template changed), then only changes; `{}` when
   * nothing changed.
   */
  render(template: Template, options: RenderOptions = {}): WireDiff {
    if (!(template instanceof Template)) {
      throw new TypeError('DiffEngine.render: expected an html`...` template');
    }
    this.#components.beginPass();
    const table = new TemplateTable();
    const scope: RenderScope = { pass: this.#components, table, changed: options.changed };
    const parsed = parseTemplate(template.strings);
    let diff: Record<string, unknown>;
    let complete = false;
    try {
      if (this.#root !== undefined && this.#root.parsed === parsed) {
        diff = (diffNode(this.#root, template.values, scope) ?? {}) as Record<string, unknown>;
      } else {
        complete = true;
        this.#components.clear();
        this.#root = new NodeState(parsed);
        diff = renderNode(this.#root, template.values, scope, undefined, true) as Record<
          string,
          unknown
        >;
      }
    } catch (error) {
      // The remembered tree may be half-updated: the next render starts over.
      this.#root = undefined;
      this.#components.tracker.reset();
      this.#components.takeEvents();
      throw error;
    }
    const templates = table.toWire();
    if (templates !== undefined) diff.p = templates;
    const title = options.title;
    if (title !== undefined && (complete || title !== this.#title)) {
      diff.t = title;
      this.#title = title;
    }
    return this.#finish(diff, options);
  }

  /**
   * Runs a live component's `handleEvent` (an event whose `phx-target` was its cid) and returns
   * the diff: only `c`, plus `e` and `r` when there are events or a reply. An `async` handler
   * gives a promise of that diff, rendered once it settled (the caller handles nothing else
   * meanwhile, so the component is still there).
   */
  handleComponentEvent(
    cid: number,
    event: string,
    value: Readonly<Record<string, unknown>>,
  ): WireDiff | Promise<WireDiff> {
    const instance = this.#instance(cid);
    const handleEvent = instance.component.definition.handleEvent;
    if (handleEvent === undefined) {
      throw new TypeError(
        `component ${cid} received event ${JSON.stringify(event)} but has no handleEvent`,
      );
    }
    const result: ComponentEventReturn = handleEvent(event, value, instance as never);
    return isPromise(result)
      ? result.then((settled) => this.#componentDiff(instance, settled))
      : this.#componentDiff(instance, result);
  }

  #componentDiff(instance: ComponentInstance, result: ComponentEventResult | undefined): WireDiff {
    this.#components.beginPass();
    this.#components.render(instance);
    const reply = result?.reply;
    return this.#finish({}, reply === undefined ? {} : { reply });
  }

  /**
   * Runs a live component's `update` with `props` (like LiveView's `send_update`) and returns the
   * diff (only `c`, plus `e`), `{}` if nothing changed.
   */
  updateComponent(cid: number, props: Readonly<Record<string, unknown>>): WireDiff {
    const instance = this.#instance(cid);
    this.#components.beginPass();
    const update = instance.component.definition.update;
    if (update !== undefined) update({ ...props, id: instance.id } as never, instance as never);
    else instance.assign(props);
    this.#components.render(instance);
    return this.#finish({}, {});
  }

  /**
   * Renders the live component `cid` after a change made outside its callbacks (its upload's
   * progress, say) and returns the diff: only `c` (plus `e`), `{}` if nothing changed or it is
   * gone.
   */
  renderComponent(cid: number): WireDiff {
    const instance = this.#components.get(cid);
    return instance === undefined ? {} : this.#componentDiff(instance, undefined);
  }

  /** The cid of the live component instance `component` / `id`, if this engine keeps one. */
  cidOf(component: LiveComponent<object>, id: string | number): number | undefined {
    return this.#components.lookup(component, id)?.cid;
  }

  /** The client announced it is about to remove these components (`cids_will_destroy`). */
  markForDestroy(cids: Iterable<number>): void {
    this.#components.markForDestroy(cids);
  }

  /**
   * The client removed these components (`cids_destroyed`). Deletes those still marked and
   * returns their cids; one rendered again since it was marked has been revived and stays.
   */
  destroy(cids: Iterable<number>): number[] {
    return this.#components.destroy(cids);
  }

  /**
   * `template` (the view's page) as HTML, each live component rendered from the state this
   * engine keeps for it: `renderToString` would mount the components afresh and lose their own
   * assigns. With `componentIds`, each component's root carries `data-phx-component="<cid>"`,
   * as in the browser's DOM.
   *
   * @example
   * engine.toHtml(view(assigns)); // '<span>1</span><div>open</div>'
   * engine.toHtml(view(assigns), { componentIds: true }); // '<span>1</span><div data-phx-component="1">open</div>'
   */
  toHtml(template: Template, options: { readonly componentIds?: boolean } = {}): string {
    const components = this.#components;
    const kept = (call: ComponentCall) => components.find(call);
    const tag = options.componentIds === true;
    return renderKeptToString(template, kept, this.#embed, tag, components.streamRecord);
  }

  /** True if a live component with this cid exists. */
  hasComponent(cid: number): boolean {
    return this.#components.get(cid) !== undefined;
  }

  /** The number of live component instances kept. */
  get componentCount(): number {
    return this.#components.size;
  }

  /** Forgets everything the client was sent: the next render is complete (as on a fresh join). */
  reset(): void {
    this.#root = undefined;
    this.#title = undefined;
    this.#components.clear();
  }

  #instance(cid: number) {
    const instance = this.#components.get(cid);
    if (instance === undefined) {
      throw new TemplateError(
        'ERR_NO_COMPONENT',
        `no live component with cid ${cid}; it may have been destroyed`,
      );
    }
    return instance;
  }

  #finish(diff: Record<string, unknown>, extras: DiffExtras): WireDiff {
    const components = this.#components.takeOutput();
    if (components !== undefined) diff.c = components;
    const events = extras.events;
    const componentEvents = this.#components.takeEvents();
    if (componentEvents !== undefined) {
      diff.e = events === undefined ? componentEvents : [...events, ...componentEvents];
    } else if (events !== undefined && events.length > 0) {
      diff.e = [...events];
    }
    if (extras.reply !== undefined) diff.r = extras.reply;
    return diff as WireDiff;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
