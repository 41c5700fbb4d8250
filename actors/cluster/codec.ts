/**
 * How values cross nodes: `node:v8` serialization, the structured-clone algorithm that
 * `structuredClone` and worker threads use, so the same messages cross a thread and a machine
 * (plain data, Map, Set, Date, typed arrays, Errors; no functions, symbols or class methods).
 */
import { deserialize, serialize } from 'node:v8';
import { MessageNotCloneableError } from '../errors.js';
import type { ExitReason } from '../exit-reason.js';

/**
 * Serializes `value`, or throws MessageNotCloneableError (code `ERR_NOT_CLONEABLE`) naming
 * `what` (a topic, or the pid a message was for).
 *
 * @example
 * const buf = encode('room:1', { text: 'hi' });
 * @internal
 */
export function encode(what: string, value: unknown): Buffer {
  try {
    return serialize(value);
  } catch (error) {
    throw new MessageNotCloneableError(what, error);
  }
}

/** The value back from `encode`'s bytes. @internal */
export function decode(bytes: Uint8Array): unknown {
  return deserialize(bytes);
}

/**
 * An exit reason that can cross nodes: an `{ error }` holding something v8 cannot serialize
 * travels as `{ error }` of its string form, so a DOWN is never lost for want of a clone.
 *
 * @example
 * portableReason({ error: { retry: () => 1 } }); // { error: '[object Object]' }
 * @internal
 */
export function portableReason(reason: ExitReason): ExitReason {
  if (typeof reason !== 'object' || reason === null) return reason;
  try {
    serialize(reason);
    return reason;
  } catch {
    return { error: String(reason.error) };
  }
}
