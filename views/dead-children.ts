/**
 * The dead render of a page that holds nested live views: the page's HTML, each `liveRender`
 * container filled with its child's own dead render (mounted with `connected` false), as
 * LiveView's `live_render` does on the first HTTP response.
 *
 * Rendering a template is synchronous and a child's mount may not be, so it takes two steps:
 * the template is rendered with a placeholder comment per child (a per-render nonce makes it
 * impossible to forge from page content), then the children are rendered (concurrently, each
 * one's own children in turn) and put in their places. A child whose mount navigates away
 * makes the whole page a redirect, as LiveView's does.
 */
import { randomUUID } from 'node:crypto';
import type { ChildTokens } from './child-tokens.js';
import { containerMarkup, duplicateChild, LiveRenderCall } from './live-render.js';
import type { Flash, Session } from './live-view.js';
import { type Embedder, unembeddable } from './render/embed.js';
import type { Template } from './render/html.js';
import { renderEmbeddingToString } from './render/render-to-string.js';
import { DEAD_COMPONENT_UPLOADS } from './uploads/component-socket.js';

/** What a page's live components get in the dead render: uploads to render, no process. */
const DEAD_COMPONENTS = { uploads: DEAD_COMPONENT_UPLOADS };

/** Nesting deeper than this is taken for a view that renders itself. */
const MAX_DEPTH = 16;

/**
 * A page's HTML, or the redirect one of its children asked for.
 * @internal
 */
export type DeadPage =
  | { readonly type: 'html'; readonly html: string }
  | { readonly type: 'redirect'; readonly to: string; readonly flash: Flash };

/**
 * The page whose template is being rendered.
 * @internal
 */
export interface DeadParent {
  readonly id: string;
  readonly session: Session;
  /** The page URL (absolute): a sticky child's `socket.url`. */
  readonly url: string;
  readonly tokens: ChildTokens | undefined;
  /** How many views hold this one (0 for the page's own). */
  readonly depth: number;
}

/**
 * Renders one child's dead render with `id` and `session`, one level deeper.
 * @internal
 */
export type DeadChildRenderer = (call: LiveRenderCall, session: Session) => Promise<DeadPage>;

/**
 * Renders the view's template (`render`) with its nested views' dead renders in their
 * containers. `around` wraps the render of this view's own HTML (the children's come in
 * later, each in its own), for its telemetry.
 * @internal
 */
export async function renderDeadPage(
  render: () => Template,
  parent: DeadParent,
  renderChild: DeadChildRenderer,
  around: (render: () => string) => string = (render) => render(),
): Promise<DeadPage> {
  const calls: LiveRenderCall[] = [];
  const nonce = randomUUID();
  const tokens = parent.tokens;
  const embedder: Embedder = {
    embed(value) {
      if (!(value instanceof LiveRenderCall) || tokens === undefined) throw unembeddable(value);
      if (value.id === parent.id || calls.some((call) => call.id === value.id)) {
        throw duplicateChild(value.id);
      }
      if (parent.depth >= MAX_DEPTH) {
        throw new RangeError(
          `liveRender: views nested more than ${MAX_DEPTH} deep at ${JSON.stringify(value.id)}; does a view render itself?`,
        );
      }
      calls.push(value);
      return `<!--lv-child:${nonce}:${calls.length - 1}-->`;
    },
  };
  const html = around(() => renderEmbeddingToString(render(), embedder, DEAD_COMPONENTS));
  if (calls.length === 0 || tokens === undefined) return { type: 'html', html };
  const children = await Promise.all(
    calls.map((call) => renderChild(call, { ...parent.session, ...call.session })),
  );
  const markups: string[] = [];
  for (const [i, child] of children.entries()) {
    if (child.type === 'redirect') return child;
    const call = calls[i] as LiveRenderCall;
    const session = call.sticky
      ? tokens.session({
          id: call.id,
          parent: parent.id,
          sticky: true,
          view: call.view,
          session: { ...parent.session, ...call.session },
          url: parent.url,
        })
      : '';
    const parentId = call.sticky ? undefined : parent.id;
    const staticToken = tokens.static(call.id);
    markups.push(containerMarkup(call, { session, static: staticToken, parentId }, child.html));
  }
  const placeholder = new RegExp(`<!--lv-child:${nonce}:(\\d+)-->`, 'g');
  return { type: 'html', html: html.replace(placeholder, (_, i) => markups[Number(i)] ?? '') };
}
