/**
 * Forms bound to a Standard Schema validator (the interface zod, valibot, arktype and others
 * implement, `@standard-schema/spec`): `toForm(schema, params)` validates what a form event
 * sent and says, per field, what to show.
 *
 * Two questions get two answers. *Is the input valid?* is asked of every field, always: the
 * validator sees the whole input, `valid` and the typed `value` come from all its issues. *Which
 * errors does the user see?* depends on which fields the user has used (LiveView's
 * `used_input?`): while typing, the client puts an empty `_unused_<name>` key before each field
 * it has not touched yet (PROTOCOL.md 3.3), and a field shows its errors only when its value is
 * in the params without that marker. A submit marks every field used; pass `usedInputs: 'all'`
 * there so that even a field missing from the params (an unchecked checkbox, a hand-made
 * request) shows its error.
 *
 * Worked example, a schema `{ name: string, 2..40 chars; text: string, 1..500 }` and the
 * change event of a user who typed "A" in `name` and has not reached `text`:
 *
 * ```
 * params  { _unused_text: '', text: '', name: 'A', _target: ['name'] }
 * input   { text: '', name: 'A' }                      (markers and _target removed)
 * issues  name: "2 to 40 characters"; text: "Write something first"
 * errors  { name: ['2 to 40 characters'] }            (text is unused: its issue is hidden)
 * valid   false
 * ```
 *
 * Field names follow Phoenix: with `as: 'user'` the inputs are named `user[email]` and read
 * from `params.user`, their ids are `user_email`; without `as`, name and id are the field's own.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';

/** The input type a schema validates (its fields), or `unknown` when it declares none. */
type InputOf<S extends StandardSchemaV1> = StandardSchemaV1.InferInput<S>;

/**
 * The names of a schema's fields: the keys of its input type, or any string when the schema
 * declares no object input.
 *
 * @example
 * type F = FieldName<typeof Message>; // 'name' | 'text'
 */
export type FieldName<S extends StandardSchemaV1> =
  InputOf<S> extends object ? Extract<keyof InputOf<S>, string> : string;

/** A field, or a nested one by its bracket path (`address[city]`, `tags[0]`). */
export type FieldPath<S extends StandardSchemaV1> = FieldName<S> | `${FieldName<S>}[${string}]`;

/**
 * Which fields show their errors: `'params'` those used according to the params' `_unused_`
 * markers (a change event), `'all'` every field (a submit), `'none'` no field (a form just
 * mounted or filled from stored data).
 *
 * @example
 * await toForm(Message, params, { usedInputs: event === 'send' ? 'all' : 'params' });
 */
export type UsedInputs = 'params' | 'all' | 'none';

/**
 * Options of {@link toForm}.
 *
 * @example
 * await toForm(Signup, params, { as: 'user', usedInputs: 'all' });
 */
export interface ToFormOptions {
  /** The params key the fields live under: `as: 'user'` reads `params.user` and names the
   * inputs `user[email]` (Phoenix's `as`). Default: the fields are top-level params. */
  readonly as?: string | undefined;
  /** The `<form>` element's id (form recovery after a reconnect needs one); default `as`. */
  readonly id?: string | undefined;
  /** Default `'params'`. */
  readonly usedInputs?: UsedInputs | undefined;
}

/**
 * One field of a {@link Form}, with what its input needs: name, id, value, the errors to show.
 *
 * @example
 * const f = form.field('name'); // { name: 'name', id: 'name', value: 'A', errors: [...], used: true, errorId: 'name-error' }
 */
export interface FormField {
  /** The input's `name` (`user[email]`). */
  readonly name: string;
  /** The input's `id` (`user_email`); its label's `for`. */
  readonly id: string;
  /** The value as the user typed it (a string, a list for `tags[]`, undefined when absent). */
  readonly value: unknown;
  /** The messages to show: the field's issues when it was used, else none. */
  readonly errors: readonly string[];
  /** Whether the user has used the field (see {@link UsedInputs}). */
  readonly used: boolean;
  /** The id of the element holding the errors, for `aria-describedby`. */
  readonly errorId: string;
}

interface FormBase<S extends StandardSchemaV1> {
  /** The `<form>` element's id, when given (`id` or `as`). */
  readonly id: string | undefined;
  /** The `as` of the options. */
  readonly as: string | undefined;
  /** The values as the user typed them, `_unused_` markers and `_target` removed: what was
   * validated, and what the inputs show. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Every issue the validator found, shown or not. */
  readonly issues: readonly StandardSchemaV1.Issue[];
  /** The messages to show, by top-level field (issues of nested paths under their field). */
  readonly errors: Readonly<Partial<Record<FieldName<S>, readonly string[]>>>;
  /** Issues that belong to no field (a check across fields): shown once every field counts
   * as used (`usedInputs: 'all'`). */
  readonly formErrors: readonly string[];
  /** A field by name or bracket path. */
  field(name: FieldPath<S>): FormField;
}

/**
 * A form: the values as typed, what to show, and on success the validator's typed output.
 * `valid` tells the two cases apart, so `value` is typed once it is checked.
 *
 * @example
 * const form = await toForm(Message, params, { usedInputs: 'all' });
 * if (form.valid) room.say(form.value.name, form.value.text); // typed output
 */
export type Form<S extends StandardSchemaV1 = StandardSchemaV1> = FormBase<S> &
  (
    | { readonly valid: true; readonly value: StandardSchemaV1.InferOutput<S> }
    | { readonly valid: false; readonly value: undefined }
  );

type Params = Readonly<Record<string, unknown>>;

const UNUSED = '_unused_';

/**
 * Validates a form's params with `schema` and returns the {@link Form} to render: values,
 * the errors of the fields the user has used, and on success the typed value. Async because a
 * Standard Schema validator may be (an async refinement); a synchronous one costs a microtask.
 * Params that are not an object (or `params[as]` that is not) count as an empty form: the
 * validator then reports what is missing.
 *
 * @example
 * const Message = z.object({ name: z.string().trim().min(2).max(40), text: z.string().trim().min(1).max(500) });
 * async handleEvent(event, params, socket) {
 *   const form = await toForm(Message, params, { usedInputs: event === 'send' ? 'all' : 'params' });
 *   if (event === 'send' && form.valid) socket.system.cast(ROOM, form.value);
 *   socket.assign({ form });
 * }
 */
export async function toForm<S extends StandardSchemaV1>(
  schema: S,
  params: unknown = {},
  options: ToFormOptions = {},
): Promise<Form<S>> {
  const standard = standardOf(schema);
  const { as, usedInputs = 'params' } = options;
  const scoped = as === undefined ? params : isPlainObject(params) ? params[as] : undefined;
  const raw: Params = isPlainObject(scoped) ? scoped : {};
  const values = withoutMarkers(raw, as === undefined) as Params;
  const result = await standard.validate(values);
  const issues = result.issues ?? [];
  const shown = (path: readonly PropertyKey[]): boolean =>
    usedInputs === 'all' || (usedInputs === 'params' && path.length > 0 && isUsed(raw, path));

  const errors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const issue of issues) {
    const path = pathOf(issue);
    if (!shown(path)) continue;
    if (path.length === 0) {
      formErrors.push(issue.message);
      continue;
    }
    const key = String(path[0]);
    const list = errors[key] ?? [];
    list.push(issue.message);
    errors[key] = list;
  }
  const id = options.id ?? as;
  const base: FormBase<S> = {
    id,
    as,
    values,
    issues,
    errors: errors as unknown as FormBase<S>['errors'],
    formErrors,
    field: (name) => {
      const path = fieldPath(name);
      const messages = issues.filter((i) => startsWith(pathOf(i), path)).map((i) => i.message);
      const used = shown(path);
      const fieldId = [as, ...path].filter((p) => p !== undefined).join('_');
      return {
        name: inputName(as, path),
        id: fieldId,
        value: valueAt(values, path),
        errors: used ? messages : [],
        used,
        errorId: `${fieldId}-error`,
      };
    },
  };
  return result.issues === undefined
    ? { ...base, valid: true, value: result.value as StandardSchemaV1.InferOutput<S> }
    : { ...base, valid: false, value: undefined };
}

function standardOf(schema: unknown): StandardSchemaV1.Props {
  const standard = (schema as { '~standard'?: Partial<StandardSchemaV1.Props> } | null)?.[
    '~standard'
  ];
  if (standard?.version !== 1 || typeof standard.validate !== 'function') {
    throw new TypeError(
      'toForm: schema must implement Standard Schema v1 (a `~standard` with version 1 and validate); zod, valibot and arktype schemas do',
    );
  }
  return standard as StandardSchemaV1.Props;
}

function isPlainObject(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy without `_unused_` markers at any depth (and `_target` at the top of the params). */
function withoutMarkers(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutMarkers(item, false));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith(UNUSED) || (top && key === '_target')) continue;
    out[key] = withoutMarkers(item, false);
  }
  return out;
}

/**
 * LiveView's `used_input?` along a path: each level must hold the key without its `_unused_`
 * marker; reaching a value that is no object (a string, a list) means the whole field was used.
 */
function isUsed(params: Params, path: readonly PropertyKey[]): boolean {
  let level: unknown = params;
  for (const segment of path) {
    if (!isPlainObject(level)) return true;
    const key = String(segment);
    if (Object.hasOwn(level, `${UNUSED}${key}`) || !Object.hasOwn(level, key)) return false;
    level = level[key];
  }
  return true;
}

function pathOf(issue: StandardSchemaV1.Issue): PropertyKey[] {
  return (issue.path ?? []).map((segment) =>
    typeof segment === 'object' && segment !== null ? segment.key : segment,
  );
}

function startsWith(path: readonly PropertyKey[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(path[i]) === p);
}

/** `address[city]` -> `['address', 'city']`. */
function fieldPath(name: string): string[] {
  const open = name.indexOf('[');
  if (open <= 0 || !name.endsWith(']')) return [name];
  return [name.slice(0, open), ...name.slice(open + 1, -1).split('][')];
}

function inputName(as: string | undefined, path: readonly string[]): string {
  const [head, ...rest] = as === undefined ? path : [as, ...path];
  return `${head}${rest.map((segment) => `[${segment}]`).join('')}`;
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  let value = values;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
