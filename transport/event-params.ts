import { ProtocolError } from './errors.js';
import { MAX_NAME_LENGTH } from './frame.js';

/**
 * Decoding what a browser sends as parameters: `application/x-www-form-urlencoded` strings
 * (form events, query strings) with Plug's bracket conventions, and the payload of an `event`
 * frame (PROTOCOL.md 3.1-3.3).
 *
 * Bracket keys build nested values. The decoder works like Plug's: every key is split into
 * levels (`user[address][city]` = root `user`, then `address`, then `city`); each level
 * collects its entries in arrival order, and when it is finished a level whose latest entry
 * was `[]` becomes a list of its `[]` entries, any other level an object where the last
 * value of a key wins. Worked example:
 *
 *     decodeParams('user%5Bname%5D=Jo&user%5Btags%5D%5B%5D=a&user%5Btags%5D%5B%5D=b&q=1&q=2')
 *     // => { user: { name: 'Jo', tags: ['a', 'b'] }, q: '2' }
 *
 * Choices where a browser never goes: a key without `=` has the value `''`; an empty key is
 * skipped; a `%` not followed by two hex digits stays a literal `%` (Plug would reject the
 * whole string); escapes that are not valid UTF-8 become U+FFFD; a pair with a key segment
 * `__proto__`, `constructor` or `prototype`, or nested deeper than {@link MAX_PARAM_DEPTH}
 * levels, is skipped. Nothing here throws on any string.
 */

/**
 * Deepest bracket nesting kept (`a[1][2]...[32]`); deeper pairs are dropped.
 */
export const MAX_PARAM_DEPTH = 32;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A decoded event: what `handleEvent(event, value)` and a component's `cid` receive.
 */
export interface DecodedEvent {
  readonly event: string;
  readonly value: unknown;
  readonly cid?: number;
}

interface Level {
  readonly entries: { readonly key: string | null; readonly value: string | Level }[];
}

const utf8 = new TextDecoder();

function decodeComponent(text: string): string {
  const spaced = text.replaceAll('+', ' ');
  if (!spaced.includes('%')) return spaced;
  return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    }
    return utf8.decode(bytes);
  });
}

/**
 * Splits a decoded key like Plug does: `a[b][]` -> root `a`, segments `['b', null]`
 * (`null` = list append). A key not ending in `]`, or with no `[` after its first character,
 * is a plain key.
 */
function splitKey(key: string): { root: string; segments: (string | null)[] } {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return { root: key, segments: [] };
  const inner = key.slice(open + 1, -1);
  return {
    root: key.slice(0, open),
    segments: inner.split('][').map((s) => (s === '' ? null : s)),
  };
}

function insert(top: Level, levels: Map<string, Level>, key: string, value: string): void {
  const { root: rootKey, segments } = splitKey(key);
  if (rootKey === '' || segments.length > MAX_PARAM_DEPTH) return;
  const forbidden = (s: string | null) => s !== null && FORBIDDEN_KEYS.has(s);
  if (forbidden(rootKey) || segments.some(forbidden)) return;

  // Walk from the deepest level up: a level that exists already takes the entry and we stop;
  // a new one is created and linked into its parent (Plug's insert_keys).
  let current: string | Level = value;
  for (let depth = segments.length; depth > 0; depth--) {
    const id = levelId(rootKey, segments, depth);
    const entry = { key: segments[depth - 1] ?? null, value: current };
    const existing = levels.get(id);
    if (existing) {
      existing.entries.push(entry);
      return;
    }
    const level: Level = { entries: [entry] };
    levels.set(id, level);
    current = level;
  }
  top.entries.push({ key: rootKey, value: current });
}

// Identifies the level holding segment `depth`: the root key plus the segments before it.
function levelId(rootKey: string, segments: readonly (string | null)[], depth: number): string {
  let id = rootKey;
  for (let i = 0; i < depth - 1; i++) id += `[${segments[i] ?? ''}]`;
  return id;
}

function finish(level: Level): Record<string, unknown> | unknown[] {
  const latest = level.entries.at(-1);
  if (latest !== undefined && latest.key === null) {
    return level.entries.filter((e) => e.key === null).map((e) => finishValue(e.value));
  }
  const out: Record<string, unknown> = {};
  for (const { key, value } of level.entries) {
    if (key !== null) out[key] = finishValue(value);
  }
  return out;
}

function finishValue(value: string | Level): unknown {
  return typeof value === 'string' ? value : finish(value);
}

/**
 * Decodes an urlencoded string (a form's value, a query string without `?`) with Plug's
 * semantics: `a[b]=1` nests, `a[]=1&a[]=2` is a list, a repeated key keeps its last value,
 * `+` is a space. Never throws.
 */
export function decodeParams(urlencoded: string): Record<string, unknown> {
  const top: Level = { entries: [] };
  const levels = new Map<string, Level>();
  for (const pair of urlencoded.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
    insert(top, levels, key, value);
  }
  // The top level only ever gets named entries, so it finishes as an object.
  return finish(top) as Record<string, unknown>;
}

/**
 * The key path of a form field name, as Phoenix gives `_target`: `"user[email]"` ->
 * `["user", "email"]`, `"tags[]"` -> `["tags"]`, `"undefined"` -> `["undefined"]`.
 */
function targetPath(name: string): string[] {
  const { root, segments } = splitKey(decodeComponent(name));
  if (root === '') return [];
  return [root, ...segments.filter((s): s is string => s !== null)];
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
  const params = decodeParams(value ?? '');
  if (isPlainObject(meta)) {
    for (const [key, v] of Object.entries(meta)) {
      if (!FORBIDDEN_KEYS.has(key)) params[key] = v;
    }
  }
  // Phoenix converts a string `_target` wherever it came from (meta, or the value itself as
  // clients before LV 1.0.6 sent it) and leaves a list as it is.
  if (typeof params._target === 'string') params._target = targetPath(params._target);
  return params;
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
