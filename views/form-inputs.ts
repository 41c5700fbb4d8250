/**
 * Inputs for a {@link FormField}, accessible by default: each has a `<label for>`, an error
 * region that stays in the page (so a screen reader announces an error when it appears, through
 * `aria-live`), `aria-invalid="true"` while the field shows errors, and `aria-describedby`
 * naming its hint and errors. The classes are the app's: the defaults (`field`, `field-error`,
 * `field-hint`) can be replaced per part.
 *
 * Worked example, `inputField(form.field('name'), { label: 'Your name' })` for a used field
 * whose value "A" is too short:
 *
 * ```html
 * <div class="field"><label for="name">Your name</label>
 * <input type="text" id="name" name="name" value="A" aria-invalid="true" aria-describedby="name-error">
 * <p class="field-error" id="name-error" aria-live="polite"><span>2 to 40 characters.</span></p></div>
 * ```
 */
import type { FormField } from './form.js';
import { html, type Template } from './render/html.js';
import type { ClassNames } from './render/js.js';

/**
 * The classes of a field's parts; a part left out keeps its default ({@link FIELD_CLASSES}),
 * `false` gives it none.
 *
 * @example
 * inputField(f, { label: 'Name', classes: { field: ['field', 'field-name'], input: 'wide' } });
 */
export interface FieldClasses {
  /** The element around label, input, hint and errors. */
  readonly field?: ClassNames | false | undefined;
  readonly label?: ClassNames | false | undefined;
  readonly input?: ClassNames | false | undefined;
  readonly hint?: ClassNames | false | undefined;
  /** The error region. */
  readonly error?: ClassNames | false | undefined;
}

/**
 * The default classes of a field's parts.
 *
 * @example
 * inputField(f, { label: 'Name', classes: { field: [FIELD_CLASSES.field, 'wide'] } });
 */
export const FIELD_CLASSES = {
  field: 'field',
  hint: 'field-hint',
  error: 'field-error',
} as const satisfies FieldClasses;

/**
 * What every field helper takes.
 *
 * @example
 * textareaField(f, { label: 'Message', hint: 'Markdown is shown as typed.', attrs: { rows: 3 } });
 */
export interface FieldOptions {
  /** The label's content. */
  readonly label: string | Template;
  /** A line under the input that describes it (linked by `aria-describedby`). */
  readonly hint?: string | Template | undefined;
  readonly classes?: FieldClasses | undefined;
  /** More attributes of the control (`autocomplete`, `maxlength`, `phx-debounce`, ...); they
   * win over the computed ones. */
  readonly attrs?: Readonly<Record<string, unknown>> | undefined;
}

/** The `type` of an {@link inputField}: the text-like inputs (checkbox, select and textarea
 * have helpers of their own; a hidden input needs no label). */
export type InputType =
  | 'text'
  | 'email'
  | 'password'
  | 'number'
  | 'tel'
  | 'url'
  | 'search'
  | 'date'
  | 'time'
  | 'datetime-local'
  | 'month'
  | 'week'
  | 'color'
  | 'range';

/**
 * The attributes that tie a control to its field: `id`, `name`, `aria-invalid` while errors
 * show, `aria-describedby` naming the hint (when `hint`) and the errors. Spread them into a
 * control the helpers do not draw.
 *
 * @example
 * html`<input type="range" min="0" max="10" ${fieldAttrs(form.field('volume'))}>${fieldErrors(form.field('volume'))}`
 */
export function fieldAttrs(
  field: FormField,
  options: { readonly hint?: boolean | undefined } = {},
): Record<string, unknown> {
  const invalid = field.errors.length > 0;
  const describedBy = [options.hint === true && hintId(field), invalid && field.errorId];
  const described = describedBy.filter((id): id is string => typeof id === 'string');
  return {
    id: field.id,
    name: field.name,
    'aria-invalid': invalid ? 'true' : false,
    'aria-describedby': described.length > 0 ? described : false,
  };
}

/**
 * The error region of a field: always in the page, empty while there is nothing to show.
 *
 * @example
 * html`${fieldErrors(form.field('email'), 'field-error')}`
 */
export function fieldErrors(
  field: FormField,
  classes: ClassNames | false = FIELD_CLASSES.error,
): Template {
  return html`<p class=${classes} id=${field.errorId} aria-live="polite">${field.errors.map(
    (message) => html`<span>${message}</span>`,
  )}</p>`;
}

/**
 * A labelled text-like input with its hint and errors.
 *
 * @example
 * inputField(form.field('email'), { label: 'Email', type: 'email', attrs: { autocomplete: 'email' } })
 */
export function inputField(
  field: FormField,
  options: FieldOptions & { readonly type?: InputType | undefined },
): Template {
  const type = options.type ?? 'text';
  // A password is never sent back to the page.
  const value = type === 'password' ? undefined : textOf(field.value);
  const attrs = { type, ...controlAttrs(field, options), value, ...options.attrs };
  return wrap(
    field,
    options,
    html`<label for=${field.id} class=${cls(options, 'label')}>${options.label}</label>
<input ${attrs}>`,
  );
}

/**
 * A labelled textarea with its hint and errors.
 *
 * @example
 * textareaField(form.field('text'), { label: 'Message', attrs: { rows: 4, maxlength: 500 } })
 */
export function textareaField(field: FormField, options: FieldOptions): Template {
  const attrs = { ...controlAttrs(field, options), ...options.attrs };
  // The newline after the tag is dropped by every HTML parser, so a value that starts with one
  // keeps it (Phoenix does the same).
  return wrap(
    field,
    options,
    html`<label for=${field.id} class=${cls(options, 'label')}>${options.label}</label>
<textarea ${attrs}>
${textOf(field.value) ?? ''}</textarea>`,
  );
}

/**
 * One choice of a {@link selectField}: a string is both label and value.
 *
 * @example
 * const sizes: SelectOption[] = ['S', 'M', { label: 'Large', value: 'L' }];
 */
export type SelectOption =
  | string
  | { readonly label: string; readonly value: string; readonly disabled?: boolean | undefined };

/**
 * A labelled select. With `multiple`, its name ends in `[]` and its value is a list.
 *
 * @example
 * selectField(form.field('size'), { label: 'Size', options: ['S', 'M', 'L'], prompt: 'Pick one' })
 */
export function selectField(
  field: FormField,
  options: FieldOptions & {
    readonly options: readonly SelectOption[];
    /** A first option with the value `''` (no choice yet). */
    readonly prompt?: string | undefined;
    readonly multiple?: boolean | undefined;
  },
): Template {
  const chosen = Array.isArray(field.value) ? field.value.map(String) : [textOf(field.value)];
  const name = options.multiple === true ? `${field.name}[]` : field.name;
  const attrs = {
    ...controlAttrs(field, options),
    name,
    multiple: options.multiple === true,
    ...options.attrs,
  };
  const choices = options.options.map((option) => {
    const { label, value, disabled } =
      typeof option === 'string' ? { label: option, value: option, disabled: false } : option;
    return html`<option value=${value} selected=${chosen.includes(value)} disabled=${disabled === true}>${label}</option>`;
  });
  const prompt =
    options.prompt === undefined ? '' : html`<option value="">${options.prompt}</option>`;
  return wrap(
    field,
    options,
    html`<label for=${field.id} class=${cls(options, 'label')}>${options.label}</label>
<select ${attrs}>${prompt}${choices}</select>`,
  );
}

/**
 * A checkbox with its label after it. A hidden input before it sends `unchecked` (default
 * `'false'`) when it is not checked, so the field is always in the params; checked, it sends
 * `value` (default `'true'`). It is checked when the field's value is `value` or `true`.
 *
 * @example
 * checkboxField(form.field('terms'), { label: 'I accept the terms' })
 */
export function checkboxField(
  field: FormField,
  options: FieldOptions & {
    readonly value?: string | undefined;
    readonly unchecked?: string | undefined;
  },
): Template {
  const value = options.value ?? 'true';
  const checked = field.value === true || textOf(field.value) === value;
  const attrs = { type: 'checkbox', ...controlAttrs(field, options), value, checked };
  return wrap(
    field,
    options,
    html`<input type="hidden" name=${field.name} value=${options.unchecked ?? 'false'}>
<input ${{ ...attrs, ...options.attrs }}>
<label for=${field.id} class=${cls(options, 'label')}>${options.label}</label>`,
  );
}

function wrap(field: FormField, options: FieldOptions, control: Template): Template {
  const hint =
    options.hint === undefined
      ? ''
      : html`<p class=${cls(options, 'hint')} id=${hintId(field)}>${options.hint}</p>`;
  return html`<div class=${cls(options, 'field')}>${control}
${hint}${fieldErrors(field, cls(options, 'error'))}</div>`;
}

function controlAttrs(field: FormField, options: FieldOptions): Record<string, unknown> {
  return {
    ...fieldAttrs(field, { hint: options.hint !== undefined }),
    class: cls(options, 'input'),
  };
}

function cls(options: FieldOptions, part: keyof FieldClasses): ClassNames | false {
  const defaults: FieldClasses = FIELD_CLASSES;
  return options.classes?.[part] ?? defaults[part] ?? false;
}

function hintId(field: FormField): string {
  return `${field.id}-hint`;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}
