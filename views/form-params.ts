/**
 * Form params: what a browser sends as `application/x-www-form-urlencoded` (a form event's
 * value, a query string), decoded with Plug's bracket conventions into what `handleEvent`
 * receives (PROTOCOL.md 3.3). The transport decodes every form event with it, and
 * `views/testing` decodes the forms it fills in, so both give a view the same params.
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

/**
 * Keys never set from a browser's params: they would reach an object's prototype.
 * @internal
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

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
 * @internal
 */
export function targetPath(name: string): string[] {
  const { root, segments } = splitKey(decodeComponent(name));
  if (root === '') return [];
  return [root, ...segments.filter((s): s is string => s !== null)];
}

/**
 * The params of a form event: its urlencoded value decoded, the event's `meta` merged over
 * it (`_target`, the form's `phx-value-*`, a JS.push value), and a string `_target` turned
 * into its key path, as Phoenix does.
 * @internal
 */
export function decodeFormEvent(urlencoded: string, meta: unknown): Record<string, unknown> {
  const params = decodeParams(urlencoded);
  if (typeof meta === 'object' && meta !== null && !Array.isArray(meta)) {
    for (const [key, v] of Object.entries(meta)) {
      if (!FORBIDDEN_KEYS.has(key)) params[key] = v;
    }
  }
  // Phoenix converts a string `_target` wherever it came from (meta, or the value itself as
  // clients before LV 1.0.6 sent it) and leaves a list as it is.
  if (typeof params._target === 'string') params._target = targetPath(params._target);
  return params;
}
