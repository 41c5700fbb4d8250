/**
 * `liveRender`: a live view inside another's template, with a process, a container and a
 * channel of its own (LiveView's `live_render`). The template holds a {@link LiveRenderCall};
 * its owner renders the container (child-views.ts when connected, dead-children.ts in the
 * first HTTP response), as LiveView 1.2 renders them:
 *
 * ```
 * connected, nested:  <div id="basket" data-phx-session="<token>" data-phx-static="" data-phx-parent-id="phx-F1"></div>
 * connected, sticky:  <div id="basket" data-phx-session="<token>" data-phx-static="" data-phx-sticky></div>
 * dead, nested:       <div id="basket" data-phx-session="" data-phx-static="<token>" data-phx-parent-id="phx-F1">…its dead render…</div>
 * dead, sticky:       <div id="basket" data-phx-session="<token>" data-phx-static="<token>" data-phx-sticky>…its dead render…</div>
 * ```
 *
 * A nested container's children belong to the child: the client keeps them (and a non-empty
 * session) when the parent re-renders, and joins `lv:<id>` with the session token. A nested
 * child's dead container has no session: the client joins it once the parent's connected
 * render gave one. A sticky one is a root view for the client, joined at once.
 */
import type { LiveView, Session } from './live-view.js';
import { isLiveView } from './live-view.js';
import { Embed } from './render/embed.js';
import { TemplateError } from './render/errors.js';
import { escapeHtml } from './render/escape.js';
import { attributeValue } from './render/slot-value.js';

/** A container attribute value: text, a number, or a boolean (present / left out). */
type ContainerAttribute = string | number | boolean;

/**
 * Options of {@link liveRender}.
 *
 * @example
 * liveRender(Basket, { id: 'basket', sticky: true, container: ['aside', { class: 'basket' }] });
 */
export interface LiveRenderOptions {
  /**
   * The child's container id: its DOM id and its channel topic (`lv:<id>`), so unique on the
   * page. A letter, then letters, digits, `_` or `-` (at most 64); not `phx-…` (root views').
   */
  readonly id: string;
  /**
   * Merged over the parent's session for the child's `mount`. A sticky child carries it in its
   * signed (readable, not secret) session token, so keep it small: ids, not records.
   */
  readonly session?: Session | undefined;
  /**
   * Survives the live navigation of its parent, keeping its process and state, when the next
   * page renders it too (same id). It has no parent process: `socket.parentPid` is undefined.
   */
  readonly sticky?: boolean | undefined;
  /** The container's tag and extra attributes; default `['div']`. */
  readonly container?:
    | readonly [tag: string, attrs?: Readonly<Record<string, ContainerAttribute>>]
    | undefined;
}

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const TAG = /^[a-z][a-z0-9-]*$/;
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link']);

/**
 * A nested live view placed in a template (see {@link liveRender}).
 *
 * @example
 * const call = liveRender(Basket, { id: 'basket' });
 * call.id; // 'basket'
 */
export class LiveRenderCall extends Embed {
  // biome-ignore lint/suspicious/noExplicitAny: any view, whatever its type arguments
  readonly view: LiveView<any, any, any>;
  readonly id: string;
  readonly session: Session;
  readonly sticky: boolean;
  readonly tag: string;
  /** The extra attributes, rendered (` class="x"`), escaped. */
  readonly attrs: string;

  /** @internal Use {@link liveRender}. */
  // biome-ignore lint/suspicious/noExplicitAny: any view, whatever its type arguments
  constructor(view: LiveView<any, any, any>, opts: LiveRenderOptions) {
    super();
    this.view = view;
    this.id = opts.id;
    this.session = opts.session ?? {};
    this.sticky = opts.sticky === true;
    const [tag, attrs] = opts.container ?? ['div'];
    this.tag = tag;
    this.attrs = attrs === undefined ? '' : containerAttrs(attrs);
  }

  describe(): string {
    return `liveRender(…, { id: ${JSON.stringify(this.id)} })`;
  }
}

/**
 * Renders the live view `view` as a child of the view whose template holds it: a process of
 * its own (linked to the parent's, so the parent's exit ends it, while its crash restarts only
 * itself), in a container of its own, joined by the client on its own topic. A parent that
 * renders again keeps the child running: the same `id` is never mounted twice. The child's
 * `mount` gets params `{}`; it may not define `handleParams` (only the page's view has a URL).
 * Parent and child talk by messages: `socket.send(socket.parentPid!, msg)` in the child, the
 * child's pid (sent by the child) in the parent.
 *
 * @example
 * render: (a) => html`<main>${a.page}</main>${liveRender(Basket, { id: 'basket', sticky: true })}`
 */
export function liveRender(
  // biome-ignore lint/suspicious/noExplicitAny: any view, whatever its type arguments
  view: LiveView<any, any, any>,
  opts: LiveRenderOptions,
): LiveRenderCall {
  if (!isLiveView(view)) {
    throw new TypeError('liveRender: the first argument must be a value defineLiveView returned');
  }
  const id = opts?.id;
  if (typeof id !== 'string' || !ID.test(id) || id.startsWith('phx-')) {
    throw new TypeError(
      `liveRender: id must be a letter followed by at most 63 letters, digits, "_" or "-", not starting with "phx-"; got ${JSON.stringify(id)}`,
    );
  }
  if (view.definition.handleParams !== undefined) {
    throw new TypeError(
      `liveRender: the view rendered as ${JSON.stringify(id)} defines handleParams, which only a page's own view may have`,
    );
  }
  const tag = opts.container?.[0];
  if (tag !== undefined && (!TAG.test(tag) || VOID_TAGS.has(tag))) {
    throw new TypeError(`liveRender: container tag ${JSON.stringify(tag)} cannot hold a view`);
  }
  return new LiveRenderCall(view, opts);
}

/**
 * What a container carries besides its id and extra attributes.
 * @internal
 */
export interface ContainerTokens {
  /** `data-phx-session`: '' for a nested child in the dead render. */
  readonly session: string;
  /** `data-phx-static`: '' once connected. */
  readonly static: string;
  /** The parent's id, for a nested child; undefined for a sticky one. */
  readonly parentId: string | undefined;
}

/**
 * The container of `call`, holding `inner` (markup).
 * @internal
 */
export function containerMarkup(call: LiveRenderCall, tokens: ContainerTokens, inner = ''): string {
  const link =
    tokens.parentId === undefined
      ? ' data-phx-sticky'
      : ` data-phx-parent-id="${escapeHtml(tokens.parentId)}"`;
  return `<${call.tag} id="${call.id}" data-phx-session="${escapeHtml(tokens.session)}" data-phx-static="${escapeHtml(tokens.static)}"${link}${call.attrs}>${inner}</${call.tag}>`;
}

function containerAttrs(attrs: Readonly<Record<string, ContainerAttribute>>): string {
  for (const name of Object.keys(attrs)) {
    if (name === 'id' || name.startsWith('data-phx-')) {
      throw new TypeError(`liveRender: the container's ${name} attribute is the view's own`);
    }
  }
  try {
    return attributeValue({ position: 'spread', name: '' }, attrs);
  } catch (error) {
    if (error instanceof TemplateError) throw new TypeError(`liveRender: ${error.message}`);
    throw error;
  }
}

/**
 * A duplicate child id in one render: two containers would share a topic.
 * @internal
 */
export function duplicateChild(id: string): TemplateError {
  return new TemplateError(
    'ERR_DUPLICATE_VIEW',
    `liveRender: the id ${JSON.stringify(id)} is rendered twice; each nested view needs its own`,
  );
}
