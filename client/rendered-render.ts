import { preview, RenderedError } from './rendered-errors.js';
import type { CachedNode, CachedValue } from './rendered-tree.js';

/**
 * What rendering needs besides the tree: the component table, whether component roots are
 * tagged, and the cids being rendered (a component that contains itself would never end).
 *
 * @internal
 */
export interface RenderEnv {
  readonly components: ReadonlyMap<number, CachedNode>;
  readonly tagComponents: boolean;
  readonly rendering: Set<number>;
}

/**
 * Appends the HTML of `statics` interleaved with `slots` to `out` (PROTOCOL.md 5.8, without the
 * client's optional tagging). Parts are collected in one array and joined once by the caller,
 * which stays linear on big trees where repeated concatenation would not.
 *
 * @internal
 */
export function renderSlots(
  statics: readonly string[],
  slots: readonly CachedValue[],
  out: string[],
  env: RenderEnv,
): void {
  out.push(statics[0]!);
  for (let i = 1; i < statics.length; i++) {
    const value = slots[i - 1];
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'number') renderComponent(value, out, env);
    else if (value === undefined) throw missingSlot(statics, i - 1);
    else if (value.kind === 'node') renderSlots(value.statics, value.slots, out, env);
    else {
      const entries = value.entries;
      for (let e = 0; e < entries.length; e++) renderSlots(value.statics, entries[e]!, out, env);
    }
    out.push(statics[i]!);
  }
}

/** @internal Appends component `cid`'s HTML (tagged with its cid if the env says so). */
export function renderComponent(cid: number, out: string[], env: RenderEnv): void {
  const tree = env.components.get(cid);
  if (tree === undefined) {
    throw new RenderedError('ERR_RENDERED_NO_COMPONENT', `uncached component ${cid}`);
  }
  if (env.rendering.has(cid)) {
    throw new RenderedError('ERR_RENDERED_BAD_DIFF', `component ${cid} contains itself`);
  }
  env.rendering.add(cid);
  if (env.tagComponents) {
    const inner: string[] = [];
    renderSlots(tree.statics, tree.slots, inner, env);
    out.push(tagRoot(inner.join(''), cid));
  } else {
    renderSlots(tree.statics, tree.slots, out, env);
  }
  env.rendering.delete(cid);
}

/**
 * Adds `data-phx-component="<cid>"` right after the tag name of the first start tag, keeping
 * leading whitespace and comments (PROTOCOL.md 5.8, root tagging).
 */
function tagRoot(html: string, cid: number): string {
  const tagged = html.replace(ROOT_TAG, `$& ${COMPONENT_ATTRIBUTE}="${cid}"`);
  if (tagged === html) {
    throw new RenderedError('ERR_RENDERED_BAD_DIFF', `component ${cid} has no root element`);
  }
  return tagged;
}

/**
 * Leading HTML whitespace and comments, then the first start tag's `<` and name. A comment's
 * text never holds `-->`, so a failed match cannot backtrack through merged comments.
 */
const ROOT_TAG = /^[ \t\n\f\r]*(?:<!--(?:[^-]|-(?!->))*-->[ \t\n\f\r]*)*<[A-Za-z][^ \t\n\f\r/>]*/;

/** The attribute the official client also puts on component roots (`PHX_COMPONENT`). */
const COMPONENT_ATTRIBUTE = 'data-phx-component';

function missingSlot(statics: readonly string[], slot: number): RenderedError {
  return new RenderedError(
    'ERR_RENDERED_MISSING_SLOT',
    `slot ${slot} of ${preview(statics)} was never sent`,
  );
}
