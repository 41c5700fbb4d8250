/**
 * The diff engine's core: render a template against the tree remembered from the last render
 * (rendered-tree.ts) and return only what the client does not have yet, in the Phoenix
 * LiveView 1.2 wire format (PROTOCOL.md 5 and 6).
 *
 * A template is parsed once per call site into statics and slots (template-parse.ts). The
 * remembered tree holds, per rendered template, its parsed form (the fingerprint) and one memo
 * per slot. Rendering walks the new values slot by slot:
 *
 * - a primitive `===` its memo: unchanged, nothing sent, not even escaped;
 * - another string or number: the escaped markup, under the slot's index;
 * - a template with the memo's fingerprint: a partial node with only its changed slots
 *   (omitted if none); with another fingerprint, or where there was a string: the complete
 *   node with `s` (an index into the diff's templates table `p`, or inline statics inside live
 *   components) and `r: 1` when it renders one element;
 * - a template where there was one and now a string: the string; the fingerprint is dropped,
 *   so switching back sends `s` again;
 * - a list: a comprehension (comprehension.ts); a stream: its pending items (stream-diff.ts);
 * - a live component: its cid in the slot (when it differs from the memo) and its own diff in
 *   the top-level `c` (component-table.ts);
 * - a function: a lazy slot; skipped outright when none of the assigns it read last time is
 *   in `changed` (tracking.ts), else run and its result diffed like any value;
 * - an embed (a nested live view): the markup the engine's owner gives for it (embed.ts),
 *   diffed as text.
 *
 * Nothing is serialized here: the result is a plain object for the transport to stringify, and
 * an unchanged subtree allocates nothing.
 *
 * Worked example (`html\`<div><h1>${a.title}</h1>${a.show ? html\`<p>${a.count}</p>\` : ''}</div>\``):
 *
 * ```
 * first render        {"0":"Hi","1":{"0":"3","s":0},"s":1,"p":{"0":["<p>","</p>"],"1":["<div><h1>","</h1>","</div>"]}}
 * count = 4           {"1":{"0":"4"}}
 * show = false        {"1":""}
 * show = true         {"1":{"0":"4","s":0},"p":{"0":["<p>","</p>"]}}
 * nothing changed     {}
 * ```
 */

import type { WireDynamic, WireEntry, WireNode } from '../wire.js';
import { ComponentCall } from './component.js';
import { diffList, Keyed } from './comprehension.js';
import type { EntryRenderer } from './comprehension-state.js';
import { ComprehensionState } from './comprehension-state.js';
import { Embed } from './embed.js';
import { Template } from './html.js';
import type { RenderScope } from './render-scope.js';
import { CidMemo, LazyMemo, NodeState, RenderedText, wireStatics } from './rendered-tree.js';
import { attributeValue, hasStructuredEntry, isBlank, textValue } from './slot-value.js';
import { StreamRendering } from './stream.js';
import { diffStream } from './stream-diff.js';
import type { ParsedTemplate, Slot } from './template-parse.js';
import { parseTemplate } from './template-parse.js';
import { readsChanged } from './tracking.js';

/**
 * Renders `state`'s template in full into a wire node (`s`, every slot, `r` when single-root).
 * `ref` is a node with the same fingerprint that the client copies first (live component
 * static sharing): then `s` is left out and nested nodes follow the same rule.
 *
 * @internal
 */
export function renderNode(
  state: NodeState,
  values: readonly unknown[],
  scope: RenderScope,
  ref: NodeState | undefined,
  isRoot: boolean,
): WireNode {
  const parsed = state.parsed;
  const node = renderSlots(state.memos, values, parsed, scope, ref) as Record<string, unknown>;
  if (ref === undefined) node.s = wireStatics(parsed, scope.table);
  if (parsed.singleRoot && !isRoot) node.r = 1;
  return node as WireNode;
}

/** Diffs `values` against a node of the same fingerprint; `undefined` when nothing changed. @internal */
export function diffNode(
  state: NodeState,
  values: readonly unknown[],
  scope: RenderScope,
): WireNode | undefined {
  return diffSlots(state.memos, values, state.parsed, scope) as WireNode | undefined;
}

function renderSlots(
  memos: unknown[],
  values: readonly unknown[],
  parsed: ParsedTemplate,
  scope: RenderScope,
  ref: NodeState | undefined,
): WireEntry {
  const out: Record<number, WireDynamic> = {};
  const slots = parsed.slots;
  for (let i = 0; i < slots.length; i++) {
    out[i] = diffSlot(memos, i, values[i], slots[i] as Slot, scope, ref?.memos[i]) as WireDynamic;
  }
  return out as WireEntry;
}

function diffSlots(
  memos: unknown[],
  values: readonly unknown[],
  parsed: ParsedTemplate,
  scope: RenderScope,
): WireEntry | undefined {
  let out: Record<number, WireDynamic> | undefined;
  const slots = parsed.slots;
  for (let i = 0; i < slots.length; i++) {
    const wire = diffSlot(memos, i, values[i], slots[i] as Slot, scope, undefined);
    if (wire !== undefined) {
      out ??= {};
      out[i] = wire;
    }
  }
  return out as WireEntry | undefined;
}

/** How comprehension entries are rendered: slots only, no `s` of their own. @internal */
export const ENTRY_RENDERER: EntryRenderer = {
  full: (memos, values, parsed, scope) => renderSlots(memos, values, parsed, scope, undefined),
  partial: diffSlots,
};

/**
 * Diffs one slot: `memos[i]` is what the client has there, `value` the new value. Updates the
 * memo and returns the wire value, or `undefined` when the client already has it (never when
 * the memo is EMPTY).
 */
function diffSlot(
  memos: unknown[],
  i: number,
  value: unknown,
  slot: Slot,
  scope: RenderScope,
  ref: unknown,
): WireDynamic | undefined {
  if (typeof value === 'function')
    return diffLazy(memos, i, value as () => unknown, slot, scope, ref);
  const memo = memos[i];
  if (isPrimitive(value)) {
    if (memo === value) return undefined;
    memos[i] = value;
    // null, undefined and false all render nothing, in every position.
    if (isBlank(value) && isBlank(memo)) return undefined;
    return slot.position === 'text' ? textValue(value) : attributeValue(slot, value);
  }
  if (slot.position !== 'text') return diffMarkup(memos, i, attributeValue(slot, value));
  if (value instanceof Template) {
    const parsed = parseTemplate(value.strings);
    if (memo instanceof NodeState && memo.parsed === parsed)
      return diffNode(memo, value.values, scope);
    const state = new NodeState(parsed);
    memos[i] = state;
    const sharedRef = ref instanceof NodeState && ref.parsed === parsed ? ref : undefined;
    return renderNode(state, value.values, scope, sharedRef, false);
  }
  if (value instanceof ComponentCall) {
    const cid = scope.pass.placeComponent(value);
    if (memo instanceof CidMemo && memo.cid === cid) {
      // The same cid is sent again when the component changed: the official client renders a
      // changed component only inside parents the diff touched; an untouched parent element
      // is kept as it was on the page (PROTOCOL.md 5.8, "skip"), hiding the change.
      return scope.pass.componentSent(cid) ? cid : undefined;
    }
    memos[i] = new CidMemo(cid);
    return cid;
  }
  if (value instanceof StreamRendering) {
    return diffStream(memos, i, value, scope, ENTRY_RENDERER);
  }
  if (value instanceof Keyed || isTemplateList(value, memo)) {
    return diffList(memos, i, value as Keyed | readonly unknown[], scope, ref, ENTRY_RENDERER);
  }
  if (value instanceof Embed) return diffMarkup(memos, i, scope.pass.embed(value));
  return diffMarkup(memos, i, textValue(value));
}

function diffLazy(
  memos: unknown[],
  i: number,
  fn: () => unknown,
  slot: Slot,
  scope: RenderScope,
  ref: unknown,
): WireDynamic | undefined {
  const tracker = scope.pass.tracker;
  let memo = memos[i];
  if (memo instanceof LazyMemo) {
    if (!readsChanged(memo.reads, scope.changed)) {
      tracker.addReads(memo.reads);
      return undefined;
    }
  } else {
    memo = new LazyMemo();
    memos[i] = memo;
  }
  const lazy = memo as LazyMemo;
  tracker.begin();
  try {
    const refInner = ref instanceof LazyMemo ? ref.box[0] : ref;
    return diffSlot(lazy.box, 0, fn(), slot, scope, refInner);
  } finally {
    lazy.reads = tracker.end();
  }
}

function diffMarkup(memos: unknown[], i: number, markup: string): string | undefined {
  const memo = memos[i];
  if (memo instanceof RenderedText && memo.markup === markup) return undefined;
  memos[i] = new RenderedText(markup);
  return markup;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** An array is a comprehension when it holds templates or live components, or when it empties one. */
function isTemplateList(value: unknown, memo: unknown): boolean {
  if (!Array.isArray(value)) return false;
  if (value.length === 0) return memo instanceof ComprehensionState;
  return hasStructuredEntry(value);
}
