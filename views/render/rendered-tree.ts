/**
 * The server's memory of what the client holds: per connected view, the last rendered tree.
 * It mirrors the client's cache closely enough to diff against, but keeps raw values instead of
 * markup, so an unchanged slot is found with one `===` and costs no escaping.
 *
 * A node is a {@link NodeState}: the parsed template (its fingerprint) plus one memo per slot.
 * A memo is one of:
 *
 * - a primitive (`string`, `number`, `boolean`, `null`, `undefined`, ...): the raw value last
 *   rendered in that slot; the same value again means "unchanged";
 * - {@link RenderedText}: markup of a non-primitive value (an array of strings, `raw()`, a
 *   class list), compared by its markup;
 * - a NodeState: a nested template; a comprehension state (comprehension.ts);
 * - {@link CidMemo}: a live component's cid;
 * - {@link LazyMemo}: a lazy slot, with the assign keys it read and the memo of its result;
 * - {@link EMPTY}: nothing rendered yet (so the next value is rendered in full).
 *
 * @example
 * // html`<p>${n}</p>` with n = 1
 * new NodeState(parseTemplate(strings)); // memos [EMPTY] -> after the render: [1]
 */

import type { WireStatics, WireTemplates } from '../wire.js';
import type { ParsedTemplate } from './template-parse.js';

/** Memo of a slot that has not been rendered yet. @internal */
export const EMPTY: unique symbol = Symbol('liveactor.empty');

/** One rendered template instance: its fingerprint and one memo per slot. @internal */
export class NodeState {
  readonly parsed: ParsedTemplate;
  readonly memos: unknown[];

  constructor(parsed: ParsedTemplate) {
    this.parsed = parsed;
    this.memos = emptyMemos(parsed.slots.length);
  }
}

/** A fresh memo array of `length` slots, all {@link EMPTY}. @internal */
export function emptyMemos(length: number): unknown[] {
  const memos = new Array<unknown>(length);
  for (let i = 0; i < length; i++) memos[i] = EMPTY;
  return memos;
}

/** Markup rendered from a non-primitive value, compared by content on the next render. @internal */
export class RenderedText {
  readonly markup: string;

  constructor(markup: string) {
    this.markup = markup;
  }
}

/** A slot holding a live component. Boxed, so that cid 3 is never mistaken for the number 3. @internal */
export class CidMemo {
  readonly cid: number;

  constructor(cid: number) {
    this.cid = cid;
  }
}

/** A lazy slot: the assign keys it read when it last ran, and the memo of what it returned. @internal */
export class LazyMemo {
  reads: ReadonlySet<string> = new Set();
  readonly box: unknown[] = [EMPTY];
}

/**
 * The templates table (`p`) of one diff: each distinct statics array gets an index the first
 * time a node of this diff needs it (PROTOCOL.md 5.3).
 * @internal
 */
export class TemplateTable {
  #indexes: Map<ParsedTemplate, number> | undefined;
  #wire: Record<string, readonly string[]> | undefined;

  /** The index of `parsed`'s statics, adding them on first use. */
  indexOf(parsed: ParsedTemplate): number {
    this.#indexes ??= new Map();
    let index = this.#indexes.get(parsed);
    if (index === undefined) {
      index = this.#indexes.size;
      this.#indexes.set(parsed, index);
      this.#wire ??= {};
      this.#wire[index] = parsed.statics;
    }
    return index;
  }

  /** The table as sent, or `undefined` when no node used it. */
  toWire(): WireTemplates | undefined {
    return this.#wire as WireTemplates | undefined;
  }
}

/**
 * The `s` of a node or comprehension sent complete: an index into the diff's templates table,
 * or the statics inline where there is none (inside a live component, PROTOCOL.md 5.3).
 * @internal
 */
export function wireStatics(parsed: ParsedTemplate, table: TemplateTable | undefined): WireStatics {
  return table === undefined ? parsed.statics : table.indexOf(parsed);
}
