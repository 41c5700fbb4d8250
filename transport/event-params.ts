import { decodeFormEvent } from '../views/form-params.js';
import { ProtocolError } from './errors.js';
import { MAX_NAME_LENGTH } from './frame.js';

// The Plug decoding itself is the views' (`views/testing` fills forms in with it too).
export { decodeParams, MAX_PARAM_DEPTH } from '../views/form-params.js';

/**
 * A decoded event: what `handleEvent(event, value)` and a component's `cid` receive.
 */
export interface DecodedEvent {
  readonly event: string;
  readonly value: unknown;
  readonly cid?: number;
}

/**
 * A non-null, non-array object: what JSON gives for `{...}`.
 * @internal
 */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A component id as the client sends it: a non-negative integer, or a decimal string of one.
 * @internal
 */
export function decodeCid(cid: unknown): number | undefined {
  if (typeof cid === 'number' && Number.isSafeInteger(cid) && cid >= 0) return cid;
  if (typeof cid === 'string' && /^\d{1,15}$/.test(cid)) return Number(cid);
  return undefined;
}

function decodeForm(value: unknown, meta: unknown): Record<string, unknown> {
  if (value !== undefined && typeof value !== 'string') {
    throw new ProtocolError(
      'ERR_BAD_EVENT',
      `a form event's value must be an urlencoded string; got ${value === null ? 'null' : typeof value}`,
    );
  }
  return decodeFormEvent(value ?? '', meta);
}

/**
 * Decodes the payload of an `event` frame into what the view's `handleEvent` receives: for
 * `type: 'form'` the urlencoded value with `meta` merged over it and `_target` as a key path;
 * for every other type the value as sent (`{}` when absent). `cid` is kept when it is a
 * non-negative integer or a decimal string of one. Throws {@link ProtocolError}
 * `ERR_BAD_EVENT` when `event` is missing, not a string, empty or longer than 256 characters,
 * `type` is neither absent, null nor a string, `cid` is neither absent, null nor a component id (the event would
 * reach the view instead of its component), or a form value is not a string.
 *
 * @example
 * decodeEventPayload({ type: 'form', event: 'validate',
 *   value: 'user%5Bemail%5D=jo%40x.io', meta: { _target: 'user[email]' } });
 * // { event: 'validate', value: { user: { email: 'jo@x.io' }, _target: ['user', 'email'] } }
 */
export function decodeEventPayload(payload: Readonly<Record<string, unknown>>): DecodedEvent {
  const { type, event, value, meta, cid } = payload;
  if (typeof event !== 'string' || event === '' || event.length > MAX_NAME_LENGTH) {
    throw badEvent(`a non-empty string "event" of at most ${MAX_NAME_LENGTH} characters`, event);
  }
  if (type !== undefined && type !== null && typeof type !== 'string') {
    throw badEvent('a string "type"', type);
  }
  const target = decodeCid(cid);
  if (target === undefined && cid !== undefined && cid !== null) {
    throw badEvent('a "cid" that is null or a component id', cid);
  }
  const decoded = type === 'form' ? decodeForm(value, meta) : value === undefined ? {} : value;
  return target === undefined ? { event, value: decoded } : { event, value: decoded, cid: target };
}

function badEvent(expected: string, got: unknown): ProtocolError {
  const kind = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new ProtocolError('ERR_BAD_EVENT', `an event payload needs ${expected}; got ${kind}`);
}
