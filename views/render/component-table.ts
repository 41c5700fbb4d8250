/**
 * The live components of one connected view: instances by (component, id) and by cid, and
 * the rendering of each into the diff's `c` table (PROTOCOL.md 5.5, 6.4).
 *
 * - A new instance gets the next cid (from 1, never reused), runs `mount`, then `update`, and
 *   is sent complete. If another instance already has a tree with the same root fingerprint,
 *   the client copies that tree instead of receiving the statics again: `s: -N` names one the
 *   client cached before this diff (untouched by this diff), `s: N` one sent complete earlier
 *   in this same diff. The new component is then sent with every dynamic value, and nested
 *   nodes whose fingerprint matches the copied tree leave out their `s`.
 * - An existing instance runs `update`; it re-renders only if an assign changed, and sends a
 *   partial diff (omitted when empty).
 * - `markForDestroy` (the client's `cids_will_destroy`) flags instances; `destroy`
 *   (`cids_destroyed`) deletes those still flagged. One placed again in between is revived:
 *   unflagged, its tree forgotten, so it is sent complete (the client dropped its copy).
 * - An instance no longer placed by any template stays until the client destroys it.
 *
 * Worked example (two instances of one component, then one assign changes in the second):
 *
 * ```
 * {"0":{"k":{"0":{"0":1},"1":{"0":2},"kc":2},"s":0},"s":1,"p":{...},
 *  "c":{"1":{"0":"a","s":["<li>","</li>"],"r":1},"2":{"0":"b","s":1,"r":1}}}
 * {"c":{"2":{"0":"B"}}}
 * ```
 */

import type { WireComponents, WireEvent, WireNode } from '../wire.js';
import type { ComponentCall, LiveComponent } from './component.js';
import { duplicateComponent, parseComponentTemplate } from './component.js';
import { type ComponentEnv, ComponentInstance } from './component-instance.js';
import { diffNode, renderNode } from './diff.js';
import { type Embed, type Embedder, NO_EMBEDDER } from './embed.js';
import type { Template } from './html.js';
import type { RenderPass, RenderScope } from './render-scope.js';
import { NodeState } from './rendered-tree.js';
import type { StreamRecord } from './stream-record.js';
import type { ParsedTemplate } from './template-parse.js';
import { ReadTracker } from './tracking.js';

/**
 * Also the {@link RenderPass} the slot functions see: placing a component and asking whether
 * it sent a diff both concern this table's state for the current pass.
 *
 * @internal
 */
export class ComponentTable implements RenderPass {
  readonly tracker = new ReadTracker();
  // The maps, and the events list, are created with the first component: most views have
  // none, and an empty Map still costs a hash table (every connected view pays for these).
  #byCid: Map<number, ComponentInstance> | undefined;
  #byComponent: Map<LiveComponent<object>, Map<string | number, ComponentInstance>> | undefined;
  // Per root fingerprint, the last instance sent complete with it: the candidate to copy from.
  #sharers: Map<ParsedTemplate, number> | undefined;
  // Events pushed by components, until the engine takes them into a diff.
  #events: WireEvent[] | undefined;
  #pushEvent: ((event: WireEvent) => void) | undefined;
  #nextCid: number;
  #pass = 0;
  #output: Record<number, WireNode> | undefined;

  readonly #env: ComponentEnv;
  readonly #embed: Embedder;
  streamRecord: StreamRecord | undefined;

  constructor(firstCid = 1, env: ComponentEnv = {}, embed: Embedder = NO_EMBEDDER) {
    this.#nextCid = firstCid;
    this.#env = env;
    this.#embed = embed;
  }

  embed(value: Embed): string {
    return this.#embed.embed(value);
  }

  /** The cid the next new component will get. */
  get nextCid(): number {
    return this.#nextCid;
  }

  /** Starts a new engine pass; component diffs collect until {@link takeOutput}. */
  beginPass(): void {
    this.#pass++;
    this.#output = undefined;
  }

  /** The `c` table of the pass, or `undefined` when no component sent anything. */
  takeOutput(): WireComponents | undefined {
    const output = this.#output;
    this.#output = undefined;
    return output as WireComponents | undefined;
  }

  /** The events components pushed since the last call, or `undefined` when there are none. */
  takeEvents(): WireEvent[] | undefined {
    const events = this.#events;
    this.#events = undefined;
    return events;
  }

  get size(): number {
    return this.#byCid?.size ?? 0;
  }

  get(cid: number): ComponentInstance | undefined {
    return this.#byCid?.get(cid);
  }

  /** The instance `call` places (same component and id), if there is one. */
  find(call: ComponentCall): ComponentInstance | undefined {
    return this.lookup(call.component, call.id);
  }

  /** The instance of `component` with this `id`, if there is one. */
  lookup(component: LiveComponent<object>, id: string | number): ComponentInstance | undefined {
    return this.#byComponent?.get(component)?.get(id);
  }

  /** Whether `cid` has a diff in the current pass's `c` table. */
  componentSent(cid: number): boolean {
    return this.#output?.[cid] !== undefined;
  }

  /** Forgets every instance (the root was re-sent: the client dropped all components). */
  clear(): void {
    this.#byCid = undefined;
    this.#byComponent = undefined;
    this.#sharers = undefined;
  }

  /** Places `call` in the current pass: mount or update, then render. Returns the cid. */
  placeComponent(call: ComponentCall): number {
    this.#byComponent ??= new Map();
    let byId = this.#byComponent.get(call.component);
    let instance = byId?.get(call.id);
    if (instance === undefined) {
      this.#pushEvent ??= (event) => {
        this.#events ??= [];
        this.#events.push(event);
      };
      instance = new ComponentInstance(this.#nextCid++, call, this.#pushEvent, this.#env);
      if (byId === undefined) {
        byId = new Map();
        this.#byComponent.set(call.component, byId);
      }
      byId.set(call.id, instance);
      this.#byCid ??= new Map();
      this.#byCid.set(instance.cid, instance);
      instance.placedIn = this.#pass;
      synchronous('mount', call.component.definition.mount?.(instance as never));
    } else {
      if (instance.placedIn === this.#pass) throw duplicateComponent(call.id);
      instance.placedIn = this.#pass;
      if (instance.markedForDestroy) {
        instance.markedForDestroy = false;
        instance.root = undefined;
        instance.changed = undefined;
      }
    }
    const { update } = call.component.definition;
    if (update !== undefined) synchronous('update', update(call.props as never, instance as never));
    else instance.assign(call.props);
    this.render(instance);
    return instance.cid;
  }

  /** Re-renders `instance` if it has never been sent or an assign changed; adds its diff to `c`. */
  render(instance: ComponentInstance): void {
    if (instance.root !== undefined && instance.changed?.size === 0) return;
    // Marked before rendering: a component placed inside this one's template must not copy
    // this tree while it is half-updated (the client copies the version before this diff).
    instance.renderedIn = this.#pass;
    const scope: RenderScope = { pass: this, table: undefined, changed: instance.changed };
    const definition = instance.component.definition;
    let wire: WireNode | undefined;
    // The component's reads concern its own assigns: keep them out of any lazy slot of the
    // parent that placed it.
    this.tracker.begin();
    try {
      instance.tracked ??= this.tracker.track(instance.assigns);
      const template = definition.render(instance.tracked as never);
      const parsed = parseComponentTemplate(template);
      const values = (template as Template).values;
      if (instance.root !== undefined && instance.root.parsed === parsed) {
        wire = diffNode(instance.root, values, scope);
      } else {
        wire = this.#renderComplete(instance, parsed, values, scope);
      }
    } catch (error) {
      instance.root = undefined;
      throw error;
    } finally {
      this.tracker.end(false);
    }
    instance.changed = new Set();
    instance.pruneStreams();
    if (wire !== undefined) {
      this.#output ??= {};
      this.#output[instance.cid] = wire;
    }
  }

  #renderComplete(
    instance: ComponentInstance,
    parsed: ParsedTemplate,
    values: readonly unknown[],
    scope: RenderScope,
  ): WireNode {
    const shared = this.#shareable(parsed, instance.cid);
    const root = new NodeState(parsed);
    instance.root = root;
    const wire = renderNode(root, values, scope, shared?.root, false) as Record<string, unknown>;
    if (shared !== undefined) wire.s = shared.reference;
    instance.sentCompleteIn = this.#pass;
    this.#sharers ??= new Map();
    this.#sharers.set(parsed, instance.cid);
    return wire as WireNode;
  }

  /** A tree the client can copy for a new component with root fingerprint `parsed`. */
  #shareable(
    parsed: ParsedTemplate,
    cid: number,
  ): { root: NodeState; reference: number } | undefined {
    const otherCid = this.#sharers?.get(parsed);
    if (otherCid === undefined || otherCid === cid) return undefined;
    const other = this.#byCid?.get(otherCid);
    if (other === undefined || other.markedForDestroy || other.root?.parsed !== parsed)
      return undefined;
    if (other.sentCompleteIn === this.#pass) return { root: other.root, reference: otherCid };
    // Not rendered in this pass: its tree is exactly what the client cached before this diff.
    if (other.renderedIn !== this.#pass) return { root: other.root, reference: -otherCid };
    return undefined;
  }

  markForDestroy(cids: Iterable<number>): void {
    for (const cid of cids) {
      const instance = this.#byCid?.get(cid);
      if (instance !== undefined) instance.markedForDestroy = true;
    }
  }

  destroy(cids: Iterable<number>): number[] {
    const deleted: number[] = [];
    const byCid = this.#byCid;
    if (byCid === undefined) return deleted;
    for (const cid of cids) {
      const instance = byCid.get(cid);
      if (instance === undefined || !instance.markedForDestroy) continue;
      byCid.delete(cid);
      this.#byComponent?.get(instance.component)?.delete(instance.id);
      const parsed = instance.root?.parsed;
      if (parsed !== undefined && this.#sharers?.get(parsed) === cid) this.#sharers.delete(parsed);
      deleted.push(cid);
    }
    return deleted;
  }
}

/**
 * `mount` and `update` run inside the parent's render, which cannot wait: an `async` one would
 * lose what it assigns after its first `await`, so it is refused (the view crashes and says why).
 */
function synchronous(callback: 'mount' | 'update', returned: unknown): void {
  if (typeof (returned as { then?: unknown } | undefined)?.then !== 'function') return;
  throw new TypeError(
    `a live component's ${callback} must be synchronous (it returned a promise); do async ` +
      "work in the view (assignAsync, startAsync) or in the component's handleEvent",
  );
}
