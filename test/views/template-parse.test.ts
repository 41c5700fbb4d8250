import { describe, expect, it } from 'vitest';
import { html } from '../../views/index.js';
import { parseTemplate } from '../../views/render/template-parse.js';

const parse = (t: { strings: TemplateStringsArray }) => parseTemplate(t.strings);

describe('parseTemplate', () => {
  it('parses a strings array once (same object back for the same call site)', () => {
    const view = (n: number) => html`<p>${n}</p>`;
    expect(parse(view(1))).toBe(parse(view(2)));
  });

  it('finds each slot position and rewrites statics around whole-attribute slots', () => {
    const parsed = parse(html`<a href=${1} title="${2}" class="x ${3}" ${4}>${5}</a>`);
    expect(parsed.slots.map((s) => [s.position, s.name])).toEqual([
      ['attr', 'href'],
      ['attr', 'title'],
      ['part', ''],
      ['spread', ''],
      ['text', ''],
    ]);
    expect(parsed.statics).toEqual(['<a', '', ' class="x ', '"', '>', '</a>']);
  });

  it('handles single quotes, whitespace around = and self-closing tags', () => {
    const parsed = parse(html`<img alt='${1}' src = ${2}/>`);
    expect(parsed.slots.map((s) => s.name)).toEqual(['alt', 'src']);
    expect(parsed.statics).toEqual(['<img', '', '/>']);
  });

  it('treats script, style, textarea and title content as text', () => {
    const parsed = parse(html`<textarea><b ${1}></textarea><p title=${2}></p>`);
    expect(parsed.slots.map((s) => s.position)).toEqual(['text', 'attr']);
  });

  it('knows when a template renders exactly one element', () => {
    expect(parse(html`<div>${1}</div>`).singleRoot).toBe(true);
    expect(parse(html`\n  <!-- c --><div><br><p>${1}</p></div>\n`).singleRoot).toBe(true);
    expect(parse(html`<input value=${1}>`).singleRoot).toBe(true);
    expect(parse(html`<div></div><div></div>`).singleRoot).toBe(false);
    expect(parse(html`<div></div>text`).singleRoot).toBe(false);
    expect(parse(html`${1}`).singleRoot).toBe(false);
    expect(parse(html`<div></div>${1}`).singleRoot).toBe(false);
    expect(parse(html`text`).singleRoot).toBe(false);
  });

  it('rejects slots where no value can go', () => {
    const bad = [
      () => parse(html`<${'div'}></div>`),
      () => parse(html`<div data-${'x'}="1"></div>`),
      () => parse(html`<a href=/x/${1}>x</a>`),
      () => parse(html`<a href=${1}/x>x</a>`),
      () => parse(html`</${'div'}>`),
    ];
    for (const attempt of bad) {
      expect(attempt).toThrow(expect.objectContaining({ code: 'ERR_TEMPLATE_SLOT_POSITION' }));
    }
  });
});
