/**
 * Parses a template's strings array once (cached in a WeakMap keyed by the array, which is the
 * same object on every call from one call site) into what the diff engine needs:
 *
 * - the position of each slot: text content, a whole attribute value (`name=${v}` or
 *   `name="${v}"`), part of a quoted attribute value (`class="btn ${v}"`), or an attribute
 *   spread between attributes (`<input ${attrs}>`); anything else is a {@link TemplateError};
 * - the statics as sent on the wire, rewritten for whole-attribute slots so that the slot
 *   renders the attribute itself: `<input disabled=${d}>` has statics `['<input', '>']` and the
 *   slot renders `' disabled'` or `''` (this is also how LiveView sends `phx-value-*`);
 * - whether the template renders exactly one element (the wire's root flag `r: 1`, and the
 *   requirement on a live component's template).
 *
 * The scanner is a small HTML tokenizer over the statics only: values never change the
 * structure, because each value is escaped for the position found here.
 *
 * @example
 * parseTemplate(['<a href=', ' class="x ', '">', '</a>'] as unknown as TemplateStringsArray);
 * // statics ['<a', ' class="x ', '">', '</a>'], slots attr(href), part, text; singleRoot true
 */
import { TemplateError } from './errors.js';

/** Where a slot sits in the markup, which decides how its value is rendered. @internal */
export type SlotPosition = 'text' | 'attr' | 'part' | 'spread';

/** One slot of a parsed template. @internal */
export interface Slot {
  readonly position: SlotPosition;
  /** The attribute name for `attr` slots; `''` otherwise. */
  readonly name: string;
}

/** A parsed template: what the engine and the dead render use instead of the raw strings. @internal */
export interface ParsedTemplate {
  /** Statics as sent on the wire (N+1 strings for N slots). */
  readonly statics: readonly string[];
  readonly slots: readonly Slot[];
  /** True when the template renders exactly one element (comments and whitespace around it allowed). */
  readonly singleRoot: boolean;
}

/** The slot of a value in text content. @internal */
export const TEXT_SLOT: Slot = { position: 'text', name: '' };
const PART_SLOT: Slot = { position: 'part', name: '' };
const SPREAD_SLOT: Slot = { position: 'spread', name: '' };

/**
 * The statics of a comprehension whose entries use different templates: each entry is then one
 * slot holding its own node (what LiveView does for a `for` over function components).
 *
 * @internal
 */
export const WRAPPER_TEMPLATE: ParsedTemplate = {
  statics: ['', ''],
  slots: [TEXT_SLOT],
  singleRoot: false,
};

const cache = new WeakMap<TemplateStringsArray, ParsedTemplate>();

/**
 * Returns the parsed form of a strings array, parsing it on first use only.
 * @internal
 */
export function parseTemplate(strings: TemplateStringsArray): ParsedTemplate {
  let parsed = cache.get(strings);
  if (parsed === undefined) {
    parsed = new Scanner(strings).parse();
    cache.set(strings, parsed);
  }
  return parsed;
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
// Elements whose content is not markup: a `<` inside does not open a tag.
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title']);

type State =
  | 'text'
  | 'tagOpen'
  | 'tagName'
  | 'endTag'
  | 'inTag'
  | 'attrName'
  | 'afterAttrName'
  | 'beforeValue'
  | 'quoted'
  | 'unquoted'
  | 'comment'
  | 'rawText';

class Scanner {
  readonly #strings: TemplateStringsArray;
  #state: State = 'text';
  #quote = '';
  #tagName = '';
  #isEndTag = false;
  #rawTextEnd = '';
  #attrName = '';
  #attrStart = 0;
  #wsStart = -1;
  #valueEmpty = true;
  // Single-root bookkeeping.
  #depth = 0;
  #roots = 0;
  #topLevelContent = false;

  constructor(strings: TemplateStringsArray) {
    this.#strings = strings;
  }

  parse(): ParsedTemplate {
    const strings = this.#strings;
    const statics: string[] = [];
    const slots: Slot[] = [];
    let skip = 0;
    for (let i = 0; i < strings.length; i++) {
      const text = strings[i];
      if (text === undefined) {
        throw new TemplateError(
          'ERR_TEMPLATE_SLOT_POSITION',
          'html: invalid escape sequence in template',
        );
      }
      // `skip` is 1 after a quoted whole-attribute slot: the closing quote belongs to the slot.
      const start = skip;
      this.#scan(text, start);
      skip = 0;
      statics.push(text.slice(start));
      if (i === strings.length - 1) break;
      const next = strings[i + 1] ?? '';
      const slot = this.#slotHere(i, next);
      if (slot.position === 'attr') {
        statics[i] = text.slice(start, this.#attrStart);
        if (this.#state === 'quoted') skip = 1;
        this.#state = 'inTag';
        this.#wsStart = -1;
      } else if (slot.position === 'spread') {
        // Each spread attribute brings its own leading space.
        if (this.#wsStart >= 0) statics[i] = text.slice(start, this.#wsStart);
        this.#state = 'inTag';
        this.#wsStart = -1;
      }
      slots.push(slot);
    }
    const singleRoot =
      this.#roots === 1 && this.#depth === 0 && !this.#topLevelContent && this.#state === 'text';
    return { statics, slots, singleRoot };
  }

  #slotHere(index: number, next: string): Slot {
    switch (this.#state) {
      case 'text':
        if (this.#depth === 0) this.#topLevelContent = true;
        return TEXT_SLOT;
      case 'rawText':
      case 'comment':
        if (this.#depth === 0) this.#topLevelContent = true;
        return TEXT_SLOT;
      case 'inTag':
      case 'afterAttrName':
        return SPREAD_SLOT;
      case 'beforeValue':
        // The value must end where the slot does: `href=${v}/x` would render `href="v"/x`.
        if (next !== '' && !/^(\s|>|\/>)/.test(next)) break;
        return { position: 'attr', name: this.#attrName };
      case 'quoted':
        if (this.#valueEmpty && next.startsWith(this.#quote)) {
          return { position: 'attr', name: this.#attrName };
        }
        return PART_SLOT;
      default:
        break;
    }
    throw new TemplateError(
      'ERR_TEMPLATE_SLOT_POSITION',
      `html: a \${} value cannot go here (after ${JSON.stringify(this.#strings[index]?.slice(-20))}); ` +
        'put values in text, as a whole attribute value, inside a quoted attribute value, or between attributes',
    );
  }

  #scan(text: string, from: number): void {
    for (let i = from; i < text.length; i++) {
      const ch = text[i] as string;
      switch (this.#state) {
        case 'text':
          if (ch === '<') {
            if (text.startsWith('<!--', i)) {
              this.#state = 'comment';
              i += 3;
            } else {
              this.#state = 'tagOpen';
            }
          } else if (this.#depth === 0 && !isSpace(ch)) {
            this.#topLevelContent = true;
          }
          break;
        case 'tagOpen':
          if (ch === '/') {
            this.#isEndTag = true;
            this.#tagName = '';
            this.#state = 'tagName';
          } else if (isNameStart(ch)) {
            this.#isEndTag = false;
            this.#tagName = ch.toLowerCase();
            this.#state = 'tagName';
          } else {
            // `<!DOCTYPE`, `< 3`: not a start tag; treated as text.
            if (this.#depth === 0) this.#topLevelContent = true;
            this.#state = ch === '<' ? 'tagOpen' : 'text';
          }
          break;
        case 'tagName':
          if (isSpace(ch) || ch === '/') {
            this.#state = this.#isEndTag ? 'endTag' : 'inTag';
            this.#wsStart = isSpace(ch) ? i : -1;
          } else if (ch === '>') {
            this.#closeTag(false);
          } else {
            this.#tagName += ch.toLowerCase();
          }
          break;
        case 'endTag':
          if (ch === '>') this.#closeTag(false);
          break;
        case 'inTag':
          if (isSpace(ch)) {
            if (this.#wsStart < 0) this.#wsStart = i;
          } else if (ch === '>') {
            this.#closeTag(text[i - 1] === '/');
          } else if (ch !== '/') {
            this.#attrStart = this.#wsStart >= 0 ? this.#wsStart : i;
            this.#attrName = ch;
            this.#state = 'attrName';
            this.#wsStart = -1;
          }
          break;
        case 'attrName':
          if (ch === '=') {
            this.#state = 'beforeValue';
          } else if (isSpace(ch)) {
            this.#state = 'afterAttrName';
            this.#wsStart = i;
          } else if (ch === '>') {
            this.#closeTag(false);
          } else if (ch === '/') {
            this.#state = 'inTag';
          } else {
            this.#attrName += ch;
          }
          break;
        case 'afterAttrName':
          if (ch === '=') {
            this.#state = 'beforeValue';
          } else if (ch === '>') {
            this.#closeTag(false);
          } else if (!isSpace(ch)) {
            this.#state = 'inTag';
            i--;
          }
          break;
        case 'beforeValue':
          if (ch === '"' || ch === "'") {
            this.#state = 'quoted';
            this.#quote = ch;
            this.#valueEmpty = true;
          } else if (ch === '>') {
            this.#closeTag(false);
          } else if (!isSpace(ch)) {
            this.#state = 'unquoted';
          }
          break;
        case 'quoted':
          if (ch === this.#quote) {
            this.#state = 'inTag';
            this.#wsStart = -1;
          } else {
            this.#valueEmpty = false;
          }
          break;
        case 'unquoted':
          if (isSpace(ch)) {
            this.#state = 'inTag';
            this.#wsStart = i;
          } else if (ch === '>') {
            this.#closeTag(false);
          }
          break;
        case 'comment':
          if (ch === '>' && text.startsWith('--', i - 2)) this.#state = 'text';
          break;
        case 'rawText':
          if (
            ch === '<' &&
            text.slice(i, i + this.#rawTextEnd.length).toLowerCase() === this.#rawTextEnd
          ) {
            this.#state = 'endTag';
            this.#isEndTag = true;
            i += this.#rawTextEnd.length - 1;
          }
          break;
      }
    }
  }

  /** A start or end tag's `>`: update nesting depth and the single-root count. */
  #closeTag(selfClosing: boolean): void {
    this.#state = 'text';
    this.#wsStart = -1;
    if (this.#isEndTag) {
      this.#depth--;
      if (this.#depth < 0) {
        this.#depth = 0;
        this.#topLevelContent = true;
      }
      return;
    }
    if (this.#depth === 0) this.#roots++;
    if (selfClosing || VOID_ELEMENTS.has(this.#tagName)) return;
    this.#depth++;
    if (RAW_TEXT_ELEMENTS.has(this.#tagName)) {
      this.#state = 'rawText';
      this.#rawTextEnd = `</${this.#tagName}`;
    }
  }
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f';
}

function isNameStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
