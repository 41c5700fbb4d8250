/**
 * Turns a slot's value into markup for its position (see template-parse.ts): escaped text,
 * a whole attribute (` name="value"`, ` name` or nothing), part of a quoted attribute value,
 * or a spread of attributes. These are the only places a value becomes HTML, for the diff
 * engine and the dead render alike, so both produce the same bytes and every value is
 * escaped exactly once.
 */

import { ComponentCall } from './component.js';
import { Embed } from './embed.js';
import { TemplateError } from './errors.js';
import { escapeHtml } from './escape.js';
import { RawHtml, Template } from './html.js';
import { JsCommands } from './js.js';
import type { Slot } from './template-parse.js';

/**
 * Markup of a value in text position that is not a template, comprehension, component or
 * lazy slot: `null`, `undefined` and `false` render nothing; arrays of such values are
 * concatenated, each escaped.
 * @internal
 */
export function textValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return escapeHtml(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : '';
    case 'undefined':
      return '';
    default:
      break;
  }
  if (value === null) return '';
  if (value instanceof RawHtml) return value.html;
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value) out += textValue(item);
    return out;
  }
  throw new TemplateError(
    'ERR_TEMPLATE_SLOT_VALUE',
    `html: cannot render ${describe(value)} as text; pass a string, number, template or array`,
  );
}

/**
 * Markup of a value in an attribute position (`attr`, `part` or `spread`).
 * @internal
 */
export function attributeValue(slot: Slot, value: unknown): string {
  if (slot.position === 'attr') {
    if (value === true) return ` ${slot.name}`;
    if (isBlank(value)) return '';
    return ` ${slot.name}="${valueText(value)}"`;
  }
  if (slot.position === 'part') {
    return isBlank(value) ? '' : valueText(value);
  }
  return spreadValue(value);
}

/**
 * True for the values that render nothing in every position: `null`, `undefined` and `false`
 * (`0` and `''` are values).
 * @internal
 */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === false;
}

/** An attribute value's text: escaped; arrays keep their truthy entries, joined by spaces. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof RawHtml) return value.html;
  // `phx-click=${JS.push('x')}`: the commands' JSON, escaped like any text.
  if (value instanceof JsCommands) return escapeHtml(value.toString());
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value.flat(Number.POSITIVE_INFINITY)) {
      if (!item) continue;
      out += out === '' ? valueText(item) : ` ${valueText(item)}`;
    }
    return out;
  }
  throw new TemplateError(
    'ERR_TEMPLATE_SLOT_VALUE',
    `html: cannot render ${describe(value)} in an attribute; pass a string, number, boolean, array or JS commands`,
  );
}

// Anything that could end the attribute name or the tag is refused: a name comes from code,
// but a spread object may be built from user input. Refused: controls, space, " ' / < = >.
function isAttributeName(name: string): boolean {
  if (name === '') return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || '"\'/<=>'.includes(name[i] as string)) return false;
  }
  return true;
}

function spreadValue(value: unknown): string {
  if (isBlank(value)) return '';
  if (value instanceof RawHtml) return value.html;
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    value instanceof Template ||
    value instanceof JsCommands
  ) {
    throw new TemplateError(
      'ERR_TEMPLATE_SLOT_VALUE',
      `html: a \${} between attributes takes an object of attributes, got ${describe(value)}`,
    );
  }
  let out = '';
  for (const [name, attr] of Object.entries(value as Record<string, unknown>)) {
    if (!isAttributeName(name)) {
      throw new TemplateError(
        'ERR_TEMPLATE_SLOT_VALUE',
        `html: ${JSON.stringify(name)} is not a valid attribute name`,
      );
    }
    out += attributeValue({ position: 'attr', name }, attr);
  }
  return out;
}

function describe(value: unknown): string {
  if (value instanceof Template) return 'a template';
  if (value instanceof JsCommands) return 'JS commands';
  if (value instanceof Embed) return value.describe();
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return Object.prototype.toString.call(value);
}

/**
 * True when an array must render as a comprehension: some entry is (or, for a nested array,
 * holds) a template, a live component or an embed; every entry is then an entry of its own.
 * Otherwise the array is text.
 * @internal
 */
export function hasStructuredEntry(values: readonly unknown[]): boolean {
  for (const value of values) {
    if (value instanceof Template || value instanceof ComponentCall || value instanceof Embed) {
      return true;
    }
    if (Array.isArray(value) && hasStructuredEntry(value)) return true;
  }
  return false;
}
