/**
 * The remembered state of a comprehension and the helpers its two update paths share
 * (comprehension.ts for plain arrays and first renders, keyed-update.ts for `keyed` lists).
 *
 * @internal
 */

import type { WireComprehension, WireDynamic, WireEntry } from '../wire.js';
import { TemplateError } from './errors.js';
import { Template } from './html.js';
import type { RenderScope } from './render-scope.js';
import { emptyMemos, TemplateTable } from './rendered-tree.js';
import type { ParsedTemplate } from './template-parse.js';
import { parseTemplate, WRAPPER_TEMPLATE } from './template-parse.js';

/** Renders and diffs one entry's slots (supplied by diff.ts, which owns slot rendering). @internal */
export interface EntryRenderer {
  full(
    memos: unknown[],
    values: readonly unknown[],
    parsed: ParsedTemplate,
    scope: RenderScope,
  ): WireEntry;
  partial(
    memos: unknown[],
    values: readonly unknown[],
    parsed: ParsedTemplate,
    scope: RenderScope,
  ): WireEntry | undefined;
}

/** The remembered state of one comprehension slot. @internal */
export class ComprehensionState {
  readonly parsed: ParsedTemplate;
  /** Keys by position; `undefined` for a plain array (the index is the key). */
  keys: unknown[] | undefined;
  /** Last item (keyed) or last template (plain array) by position. */
  items: unknown[];
  entries: unknown[][];
  /** Key -> position for `keyed` lists (built with the keys, kept up to date); `undefined` otherwise. */
  index: Map<unknown, number> | undefined;
  /**
   * Assign keys that `keyed` render callbacks read through the assigns proxy (`undefined` for a
   * plain array). When one of them changes, entries render again even if their item is `===`.
   */
  reads: Set<string> | undefined;

  constructor(
    parsed: ParsedTemplate,
    keys: unknown[] | undefined,
    items: unknown[],
    entries: unknown[][],
  ) {
    this.parsed = parsed;
    this.keys = keys;
    this.items = items;
    this.entries = entries;
  }
}

/** Returned by an update path that cannot apply: the entry template changed, so re-send all. @internal */
export const RERENDER: unique symbol = Symbol('liveactor.rerender');

/** The wire value of an update: `undefined` when no entry is sent and the count is unchanged. @internal */
export function finish(
  k: Record<string, unknown> | undefined,
  n: number,
  oldN: number,
  moved: boolean,
  table: TemplateTable | undefined,
): WireDynamic | undefined {
  if (k === undefined && n === oldN) return undefined;
  const keyedWire: Record<string, unknown> = k ?? {};
  keyedWire.kc = n;
  if (moved) keyedWire.km = true;
  const wire: Record<string, unknown> = { k: keyedWire };
  const p = table?.toWire();
  if (p !== undefined) wire.p = p;
  return wire as unknown as WireComprehension;
}

/**
 * Entries resolve integer statics against the table from above; inside a live component there
 * is none, so the comprehension carries its own `p` (PROTOCOL.md 5.3).
 *
 * @internal
 */
export function scopeForEntries(scope: RenderScope): {
  entryScope: RenderScope;
  table: TemplateTable | undefined;
} {
  if (scope.table !== undefined) return { entryScope: scope, table: undefined };
  const table = new TemplateTable();
  return { entryScope: { pass: scope.pass, table, changed: scope.changed }, table };
}

/** An entry's fingerprint: its template's, or the wrapper's for anything else (a component, a string). @internal */
export function parsedOf(entry: unknown): ParsedTemplate {
  return entry instanceof Template ? parseTemplate(entry.strings) : WRAPPER_TEMPLATE;
}

/** @internal */
export function valuesOf(entry: unknown, parsed: ParsedTemplate): readonly unknown[] {
  return parsed === WRAPPER_TEMPLATE ? [entry] : (entry as Template).values;
}

/**
 * Renders the entry at position `p`: a partial diff of the memos already at `entries[p]`
 * (`undefined` when nothing changed), or, where there are none yet (a new entry), fresh memos
 * stored at `p` and the entry's full dynamics.
 *
 * @internal
 */
export function renderEntry(
  entries: unknown[][],
  p: number,
  values: readonly unknown[],
  parsed: ParsedTemplate,
  scope: RenderScope,
  renderer: EntryRenderer,
): WireEntry | undefined {
  const memos = entries[p];
  if (memos !== undefined) return renderer.partial(memos, values, parsed, scope);
  const fresh = emptyMemos(parsed.slots.length);
  entries[p] = fresh;
  return renderer.full(fresh, values, parsed, scope);
}

/** @internal */
export function duplicateKey(key: unknown): TemplateError {
  return new TemplateError(
    'ERR_DUPLICATE_KEY',
    `keyed: two entries share the key ${String(key)}; keys must be unique within one list`,
  );
}
