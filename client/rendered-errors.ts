/**
 * Stable codes for the ways a diff can fail to merge or render. Every one of them means the
 * server sent something the protocol does not allow (PROTOCOL.md 5.7), so the client cannot
 * know what to show; the view should be rejoined.
 */
export type RenderedErrorCode =
  /** An integer `s` with no templates table in scope, or no such entry in it. */
  | 'ERR_RENDERED_NO_TEMPLATE'
  /** A partial node (no `s`) where the cache holds no node of that kind to merge into. */
  | 'ERR_RENDERED_NO_STATICS'
  /** A keyed move `j` or `[j, diff]` from an old index that did not exist before the diff. */
  | 'ERR_RENDERED_BAD_MOVE'
  /** A keyed update without `kc`, with a move but no `km`, or leaving a new index empty. */
  | 'ERR_RENDERED_BAD_KEYED'
  /** A cid that the cache does not hold (`s: -N`/`+N`, a partial update, a slot, a lookup). */
  | 'ERR_RENDERED_NO_COMPONENT'
  /** Rendering found a complete node without one of the slots its statics imply. */
  | 'ERR_RENDERED_MISSING_SLOT'
  /** A value of the wrong JSON type, a component that contains itself, and similar. */
  | 'ERR_RENDERED_BAD_DIFF';

/**
 * Thrown by {@link Rendered} when a diff needs data that was never sent, or is malformed.
 * Tests should assert on `code`, not on the message.
 *
 * @example
 * try {
 *   new Rendered('phx-1', { s: 0 }); // integer statics, but no "p" table
 * } catch (error) {
 *   if (error instanceof RenderedError && error.code === 'ERR_RENDERED_NO_TEMPLATE') rejoin();
 * }
 */
export class RenderedError extends Error {
  readonly code: RenderedErrorCode;

  constructor(code: RenderedErrorCode, message: string) {
    super(message);
    // A literal, not new.target.name: the minified bundle renames the class.
    this.name = 'RenderedError';
    this.code = code;
  }
}

/**
 * A value as JSON, cut to 80 characters, for error messages.
 *
 * @internal
 */
export function preview(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
