/**
 * Reading an event's value at the edge of an example. A page sends what its markup says, but
 * anyone can send any JSON under any event name: `null`, a number where a string belongs, an
 * array. The examples read values only through these functions, which answer "absent" for
 * anything of the wrong shape, so bad input takes the same path as a missing field (a message
 * on the page, or nothing) and a crash always means a bug.
 *
 * @example
 * const name = stringField(value, 'name') ?? '';
 * const id = integerField(value, 'id');
 */

/** The value's own field `name` when the value is a plain object; undefined otherwise. */
function fieldOf(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The field `name` of an event's value when it is a string; undefined when absent or not one.
 *
 * @example
 * stringField({ name: 'Ann' }, 'name'); // 'Ann'
 * stringField({ name: 5 }, 'name'); // undefined
 * stringField(null, 'name'); // undefined
 */
export function stringField(value: unknown, name: string): string | undefined {
  const field = fieldOf(value, name);
  return typeof field === 'string' ? field : undefined;
}

/**
 * The field `name` as a safe integer, given as a number (a `JS.push` value) or as the decimal
 * string of one (a form field); undefined for anything else.
 *
 * @example
 * integerField({ id: 2 }, 'id'); // 2
 * integerField({ id: '2' }, 'id'); // 2
 * integerField({ id: '2e3' }, 'id'); // undefined
 */
export function integerField(value: unknown, name: string): number | undefined {
  const field = fieldOf(value, name);
  if (typeof field === 'number') return Number.isSafeInteger(field) ? field : undefined;
  if (typeof field !== 'string' || !/^-?\d{1,15}$/.test(field)) return undefined;
  return Number(field);
}

/**
 * Whether a form event marks `name` as not yet touched: the client adds `_unused_<name>` for
 * each such field. It decides which errors to show while typing, never what a submit accepts.
 *
 * @example
 * isUntouched({ name: '', _unused_name: '' }, 'name'); // true
 */
export function isUntouched(value: unknown, name: string): boolean {
  return fieldOf(value, `_unused_${name}`) !== undefined;
}
