/**
 * The dead render: a template straight to HTML, with no diff state. Used for the first HTTP
 * response, and as the reference the diff engine is tested against: the HTML the client
 * builds from a fresh engine's first diff (without its `data-phx-*` tagging) is byte for
 * byte this string. Live components are mounted for the occasion and numbered from 1 in
 * render order, as a fresh engine would; {@link DiffEngine.toHtml} renders instead the ones its
 * engine keeps, with their own state.
 */
import type { LiveComponent } from './component.js';
import { ComponentCall, duplicateComponent, parseComponentTemplate } from './component.js';
import { type ComponentEnv, ComponentInstance } from './component-instance.js';
import { Keyed } from './comprehension.js';
import { Embed, type Embedder, NO_EMBEDDER } from './embed.js';
import { Template } from './html.js';
import { attributeValue, hasStructuredEntry, textValue } from './slot-value.js';
import { StreamRendering } from './stream.js';
import type { StreamRecord } from './stream-record.js';
import type { Slot } from './template-parse.js';
import { parseTemplate, TEXT_SLOT } from './template-parse.js';
import { ReadTracker } from './tracking.js';

/**
 * The live component instance a placement refers to, when one is kept somewhere.
 * @internal
 */
export type KeptComponents = (call: ComponentCall) => ComponentInstance | undefined;

/**
 * Renders a template to an HTML string.
 *
 * @example
 * renderToString(html`<p class=${['a', false, 'b']}>${'<hi>'}</p>`); // '<p class="a b">&lt;hi&gt;</p>'
 */
export function renderToString(template: Template): string {
  if (!(template instanceof Template)) {
    throw new TypeError('renderToString: expected an html`...` template');
  }
  return new StringRenderer(undefined, NO_EMBEDDER).template(template);
}

/**
 * Renders a template to HTML as {@link renderToString} does, its embeds by `embed`, its live
 * components in `env` (a view's dead render gives them uploads).
 * @internal
 */
export function renderEmbeddingToString(
  template: Template,
  embed: Embedder,
  env?: ComponentEnv,
): string {
  return new StringRenderer(undefined, embed, false, undefined, env).template(template);
}

/**
 * Renders a template to HTML, each live component that `kept` knows from its kept state (not
 * mounted or updated again), with `tag` its root tagged `data-phx-component="<cid>"` as the
 * browser client tags it; the others as {@link renderToString} does.
 * @internal
 */
export function renderKeptToString(
  template: Template,
  kept: KeptComponents,
  embed: Embedder = NO_EMBEDDER,
  tag = false,
  streams?: StreamRecord,
): string {
  return new StringRenderer(kept, embed, tag, streams).template(template);
}

/**
 * Any text-position slot value (a template, a live component, ...) as HTML, components from
 * `kept` when it has them, tagged with their cid when `tag` is set.
 * @internal
 */
export function renderValueToString(
  value: unknown,
  kept: KeptComponents,
  embed: Embedder,
  tag: boolean,
): string {
  return new StringRenderer(kept, embed, tag).slot(value);
}

/** The opening of a component's single root element, after any whitespace and comments. */
const ROOT_TAG = /^(\s*(?:<!--[\s\S]*?-->\s*)*<[A-Za-z][^\s/>]*)/;

class StringRenderer {
  readonly #tracker = new ReadTracker();
  readonly #instances = new Map<LiveComponent<object>, Set<string | number>>();
  readonly #kept: KeptComponents | undefined;
  readonly #embed: Embedder;
  readonly #tag: boolean;
  readonly #streams: StreamRecord | undefined;
  readonly #env: ComponentEnv | undefined;
  #nextCid = 1;

  constructor(
    kept: KeptComponents | undefined,
    embed: Embedder,
    tag = false,
    streams?: StreamRecord,
    env?: ComponentEnv,
  ) {
    this.#kept = kept;
    this.#embed = embed;
    this.#tag = tag;
    this.#streams = streams;
    this.#env = env;
  }

  slot(value: unknown): string {
    return this.#slot(value, TEXT_SLOT);
  }

  template(template: Template): string {
    const { statics, slots } = parseTemplate(template.strings);
    const values = template.values;
    let out = statics[0] as string;
    for (let i = 0; i < slots.length; i++) {
      out += this.#slot(values[i], slots[i] as Slot) + (statics[i + 1] as string);
    }
    return out;
  }

  #slot(value: unknown, slot: Slot): string {
    if (typeof value === 'function') return this.#slot((value as () => unknown)(), slot);
    if (slot.position !== 'text') return attributeValue(slot, value);
    if (value instanceof Template) return this.template(value);
    if (value instanceof StreamRendering) return this.#stream(value);
    if (value instanceof Keyed) {
      let out = '';
      for (let i = 0; i < value.items.length; i++)
        out += this.#slot(value.render(value.items[i], i), TEXT_SLOT);
      return out;
    }
    if (Array.isArray(value) && hasStructuredEntry(value)) {
      let out = '';
      for (const entry of value) out += this.#slot(entry, TEXT_SLOT);
      return out;
    }
    if (value instanceof ComponentCall) return this.#component(value);
    if (value instanceof Embed) return this.#embed.embed(value);
    return textValue(value);
  }

  /** The items a stream container shows: recorded ones, else (a dead render) the pending ones. */
  #stream({ stream, render }: StreamRendering): string {
    const recorded = this.#streams?.html(stream.ref, this.#tag);
    if (recorded !== undefined) return recorded;
    let out = '';
    for (const entry of stream.entries()) out += this.#slot(render(entry), TEXT_SLOT);
    return out;
  }

  #component(call: ComponentCall): string {
    let ids = this.#instances.get(call.component);
    if (ids === undefined) {
      ids = new Set();
      this.#instances.set(call.component, ids);
    }
    if (ids.has(call.id)) throw duplicateComponent(call.id);
    ids.add(call.id);
    const definition = call.component.definition;
    const kept = this.#kept?.(call);
    let instance = kept;
    if (instance === undefined) {
      instance = new ComponentInstance(this.#nextCid++, call, () => {}, this.#env);
      definition.mount?.(instance as never);
      if (definition.update !== undefined) {
        definition.update(call.props as never, instance as never);
      } else {
        instance.assign(call.props);
      }
    }
    const template = definition.render(this.#tracker.track(instance.assigns) as never);
    parseComponentTemplate(template);
    const out = this.template(template as Template);
    if (kept === undefined || !this.#tag) return out;
    return out.replace(ROOT_TAG, `$1 data-phx-component="${kept.cid}"`);
  }
}
