/**
 * How a process reads what its callbacks return. Any callback may return a value or a promise;
 * the process applies a value inline and awaits a promise, so it must tell the two apart without
 * allocating, and must say exactly what was wrong when `handleCall` returns something that is not
 * a `CallResult`.
 */

/**
 * Whether a callback returned something to await: a promise, or any object with a `then`.
 * @internal
 */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { then?: unknown }).then === 'function')
  );
}

/**
 * Whether `handleCall` returned `{ reply, state }` or `{ noreply: true, state }`.
 * @internal
 */
export function isCallResult(
  value: unknown,
): value is { reply: unknown; state: unknown } | { noreply: true; state: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'state' in value &&
    ('reply' in value || (value as { noreply?: unknown }).noreply === true)
  );
}

/**
 * A short description of a wrong callback result, for the TypeError that reports it.
 * @internal
 */
export function describeResult(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `an object with keys [${Object.keys(value).join(', ')}]`;
}
