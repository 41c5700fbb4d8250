/**
 * How a view process tells its protocol messages from user messages: by a `type` field whose
 * value is one of a known set. One check, so every kind of runtime message is told apart alike.
 */

/**
 * True if `msg` is an object whose `type` is in `types`.
 * @internal
 */
export function hasTypeIn(msg: unknown, types: ReadonlySet<unknown>): boolean {
  return typeof msg === 'object' && msg !== null && types.has((msg as { type?: unknown }).type);
}
