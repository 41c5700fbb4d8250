/**
 * What the slot-diffing functions need to know about where they are rendering: the pass they
 * belong to (one engine call: a view render, a component event, ...), the templates table in
 * scope (`undefined` inside a live component, whose statics are sent inline), and which assigns
 * changed since the last render of this tree (for lazy slots; `undefined` = all of them).
 */
import type { ComponentCall } from './component.js';
import type { Embed } from './embed.js';
import type { TemplateTable } from './rendered-tree.js';
import type { StreamRecord } from './stream-record.js';
import type { ReadTracker } from './tracking.js';

/** One engine call's shared state, as seen by the slot functions (the component table). @internal */
export interface RenderPass {
  readonly tracker: ReadTracker;
  /** Updates (mounting first if needed) and renders a live component; returns its cid. */
  placeComponent(call: ComponentCall): number;
  /** Whether component `cid` put a diff into this pass's `c` table. */
  componentSent(cid: number): boolean;
  /** The markup of an embed (embed.ts), from the engine's owner. */
  embed(value: Embed): string;
  /** Where streams' items are kept as shown, for `views/testing`; undefined in production. */
  readonly streamRecord: StreamRecord | undefined;
}

/** The context of one tree being diffed: the root view, a component, or a comprehension in one. @internal */
export interface RenderScope {
  readonly pass: RenderPass;
  readonly table: TemplateTable | undefined;
  readonly changed: ReadonlySet<string> | undefined;
}
