/**
 * Why a process ended. The strings are Erlang's: `'normal'` (done), `'shutdown'` (asked to stop),
 * `'kill'` (the untrappable signal; a process that receives it exits with `'killed'`), `'noproc'`
 * (the process did not exist). A callback that threw gives `{ error }` holding the thrown value
 * unchanged. Any other string is a reason of your own.
 *
 * @example
 * const reason: ExitReason = await system.exited(pid);
 * if (isErrorReason(reason)) console.error(reason.error);
 */
export type ExitReason =
  | 'normal'
  | 'shutdown'
  | 'kill'
  | 'killed'
  | 'noproc'
  | { readonly error: unknown }
  | (string & {});

/**
 * Whether `reason` is anything but `'normal'`. Links propagate exactly these to a process that
 * does not trap exits.
 *
 * @example
 * isAbnormal('normal'); // false
 * isAbnormal('shutdown'); // true
 */
export function isAbnormal(reason: ExitReason): boolean {
  return reason !== 'normal';
}

/**
 * Whether `reason` counts as an orderly end for a `transient` child: `'normal'` or `'shutdown'`.
 *
 * @example
 * isNormalish('shutdown'); // true
 * isNormalish({ error: new Error('boom') }); // false
 */
export function isNormalish(reason: ExitReason): boolean {
  return reason === 'normal' || reason === 'shutdown';
}

/**
 * Whether `reason` is the `{ error }` of a callback that threw.
 *
 * @example
 * if (isErrorReason(reason)) report(reason.error);
 */
export function isErrorReason(reason: ExitReason): reason is { readonly error: unknown } {
  return typeof reason === 'object' && reason !== null;
}

/**
 * A short human-readable form of a reason, for messages and logs.
 *
 * @example
 * describeReason({ error: new Error('boom') }); // "error: Error: boom"
 */
export function describeReason(reason: ExitReason): string {
  return isErrorReason(reason) ? `error: ${String(reason.error)}` : reason;
}
