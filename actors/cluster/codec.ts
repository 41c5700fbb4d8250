/**
 * How values cross nodes: the structured-clone algorithm that `structuredClone` and worker
 * threads use, so the same messages cross a thread and a machine (plain data, Map, Set, Date,
 * typed arrays, Errors; no functions, symbols or class methods).
 *
 * Two encodings, one meaning. `node:v8` serialization carries every cloneable value, but each
 * `v8.serialize` call costs tens of microseconds however small the value (the binding, not the
 * format), which is most of a remote call's own cost. So a value that JSON carries exactly,
 * with the same result a structured clone gives (strings, finite numbers other than -0,
 * booleans, null, dense arrays and plain objects of those, no object reached twice), travels as
 * JSON text; anything else as v8 bytes. The two are told apart by their first byte: v8 output
 * starts with its version tag 0xFF, which UTF-8 text never contains.
 */

import { types } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { MessageNotCloneableError } from '../errors.js';
import type { ExitReason } from '../exit-reason.js';

const V8_VERSION_TAG = 0xff;
/** Deeper values go through v8, which also handles cycles. */
const MAX_JSON_DEPTH = 32;

/**
 * Serializes `value`, or throws MessageNotCloneableError (code `ERR_NOT_CLONEABLE`) naming
 * `what` (a topic, or the pid a message was for).
 *
 * @example
 * const buf = encode('room:1', { text: 'hi' });
 * @internal
 */
export function encode(what: string, value: unknown): Buffer {
  if (isJsonExact(value, new Set(), 0)) return Buffer.from(JSON.stringify(value), 'utf8');
  try {
    return serialize(value);
  } catch (error) {
    throw new MessageNotCloneableError(what, error);
  }
}

/** The value back from `encode`'s bytes. @internal */
export function decode(bytes: Uint8Array): unknown {
  if (bytes[0] === V8_VERSION_TAG) return deserialize(bytes);
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** Whether JSON round-trips `value` to exactly what a structured clone of it would be. */
function isJsonExact(value: unknown, seen: Set<object>, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      // An object reached twice is one object after a clone, two after JSON.
      if (depth > MAX_JSON_DEPTH || seen.has(value) || types.isProxy(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        // Holes and named properties survive a clone, not JSON: only 0..length-1 may be there.
        let index = 0;
        for (const key in value) {
          if (key !== String(index)) return false;
          if (!isJsonExact(value[index], seen, depth + 1)) return false;
          index++;
        }
        return index === value.length;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isJsonExact((value as Record<string, unknown>)[key], seen, depth + 1)) return false;
      }
      return true;
    }
    default:
      // undefined (JSON drops it), bigint, functions and symbols (v8 says why they cannot go).
      return false;
  }
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
