/**
 * The page of a view under test as a DOM tree, queried with CSS selectors. parse5 parses the
 * HTML as a browser does (the HTML5 spec's tree building: `<tr>` gets its `<tbody>`, a
 * textarea drops its first newline), into domhandler nodes that css-select and domutils work
 * on: the parser and selector engine cheerio is built from, without its HTTP client.
 *
 * A selection can be narrowed by text: an element matches when its text content, with runs
 * of HTML whitespace (not a no-break space) collapsed to one space and its ends trimmed,
 * contains the string or matches the RegExp.
 */
import { selectAll } from 'css-select';
import { type AnyNode, type Document, type Element, isTag } from 'domhandler';
import { getOuterHTML, textContent } from 'domutils';
import { parseFragment } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';

/**
 * Narrows a selection to the elements whose text contains the string or matches the RegExp
 * (HTML whitespace runs read as one space, ends trimmed).
 *
 * @example
 * await lv.element('li', /^Ann: /).render();
 */
export type TextFilter = string | RegExp;

/**
 * A parsed page.
 * @internal
 */
export class Page {
  readonly root: Document;

  constructor(html: string) {
    this.root = parseFragment(html, { treeAdapter: adapter }) as unknown as Document;
  }

  /** The elements matching `selector` (and `text`), in document order. */
  select(selector: string, text?: TextFilter): Element[] {
    let found: Element[];
    try {
      found = selectAll<AnyNode, Element>(selector, this.root);
    } catch (error) {
      throw new TypeError(`not a CSS selector: ${JSON.stringify(selector)}`, { cause: error });
    }
    return text === undefined ? found : found.filter((el) => matchesText(el, text));
  }
}

/**
 * The text of an element as a reader sees it: whitespace runs collapsed, ends trimmed.
 * @internal
 */
export function textOf(el: Element): string {
  // HTML's whitespace only: a no-break space is text.
  return textContent(el)
    .replace(/[ \t\n\f\r]+/g, ' ')
    .replace(/^ | $/g, '');
}

function matchesText(el: Element, filter: TextFilter): boolean {
  const text = textOf(el);
  return typeof filter === 'string' ? text.includes(filter) : filter.test(text);
}

/**
 * An element's markup, characters other than markup left as they are.
 * @internal
 */
export function outerHtml(el: Element): string {
  return getOuterHTML(el, { decodeEntities: true, encodeEntities: 'utf8' });
}

/**
 * An attribute's value, undefined when absent.
 * @internal
 */
export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

/**
 * The nearest ancestor (or `el` itself) that `test` accepts.
 * @internal
 */
export function closest(el: Element, test: (el: Element) => boolean): Element | undefined {
  for (let node: Element | null = el; node !== null; node = parentElement(node)) {
    if (test(node)) return node;
  }
  return undefined;
}

function parentElement(el: Element): Element | null {
  const parent = el.parent;
  return parent !== null && isTag(parent) ? parent : null;
}

/**
 * How a test names an element in an error: its tag with id, name and classes.
 * @internal
 */
export function describeElement(el: Element): string {
  const id = attr(el, 'id');
  const name = attr(el, 'name');
  const classes = attr(el, 'class')?.trim().split(/\s+/).join('.');
  return `<${el.name}${id ? `#${id}` : ''}${name ? `[name="${name}"]` : ''}${classes ? `.${classes}` : ''}>`;
}
