import { afterEach, describe, expect, it } from 'vitest';
import { isUsed, markAllUsed, markUsed, serializeForm } from '../../client/form-serialize.js';

function form(inner: string, attrs = ''): HTMLFormElement {
  document.body.innerHTML = `<form id="f" ${attrs}>${inner}</form>`;
  return document.getElementById('f') as HTMLFormElement;
}

function field(name: string): HTMLElement {
  return document.querySelector(`[name="${name}"]`) as HTMLElement;
}

/** The decoded entries, easier to read than the encoded string. */
function entries(text: string): string[][] {
  return [...new URLSearchParams(text)];
}

/** The values alone, as a submit sends them. */
const VALUES = { unused: false } as const;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('serializeForm', () => {
  it('lists the fields in DOM order, URL-encoded with spaces as +', () => {
    const f = form(
      '<input name="b" value="two words"><textarea name="a">x&amp;y</textarea><input name="c" value="ü@">',
    );
    expect(serializeForm(f, VALUES)).toBe('b=two+words&a=x%26y&c=%C3%BC%40');
  });

  it('puts an _unused_ key right before each untouched field when asked', () => {
    const f = form(
      '<input name="user[name]"><input name="user[email]" value="jo@x.io"><input name="q">',
    );
    markUsed(field('user[email]'));
    expect(serializeForm(f, { unused: true })).toBe(
      'user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io&_unused_q=&q=',
    );
  });

  it('adds _unused_ keys by default, and none with unused: false (a submit)', () => {
    const f = form('<input name="q">');
    expect(serializeForm(f)).toBe('_unused_q=&q=');
    expect(serializeForm(f, VALUES)).toBe('q=');
  });

  it('names the _unused_ key after the last bracket and keeps a trailing []', () => {
    const f = form(
      '<input name="name"><input name="user[address][city]"><input type="checkbox" name="tags[]" value="a" checked><input type="checkbox" name="user[roles][]" value="r" checked>',
    );
    expect(entries(serializeForm(f)).map(([k]) => k)).toEqual([
      '_unused_name',
      'name',
      'user[address][_unused_city]',
      'user[address][city]',
      '_unused_tags[]',
      'tags[]',
      'user[_unused_roles][]',
      'user[roles][]',
    ]);
  });

  it('puts an _unused_ key before each entry of a field name that repeats', () => {
    const f = form(
      '<input type="checkbox" name="tags[]" value="a" checked><input type="checkbox" name="tags[]" value="b" checked>',
    );
    expect(entries(serializeForm(f))).toEqual([
      ['_unused_tags[]', ''],
      ['tags[]', 'a'],
      ['_unused_tags[]', ''],
      ['tags[]', 'b'],
    ]);
  });

  it('treats a name as used once any field of that name was used', () => {
    const f = form(
      '<input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>',
    );
    markUsed(document.querySelector('input[value="s"]')!);
    expect(serializeForm(f, { unused: true })).toBe('size=m');
  });

  it('gives hidden-only fields no _unused_ key, but a name with a visible field one', () => {
    const f = form(
      '<input type="hidden" name="id" value="7"><input type="hidden" name="flag" value="0"><input type="checkbox" name="flag" value="1">',
    );
    expect(entries(serializeForm(f, { unused: true }))).toEqual([
      ['id', '7'],
      ['_unused_flag', ''],
      ['flag', '0'],
    ]);
  });

  it('adds no _unused_ keys on a form with phx-no-unused-field', () => {
    const f = form('<input name="a"><input name="b">', 'phx-no-unused-field');
    expect(serializeForm(f, { unused: true })).toBe('a=&b=');
  });

  it('adds no _unused_ key for a field with phx-no-unused-field, and still for the others', () => {
    const f = form('<input name="a" phx-no-unused-field><input name="b">');
    expect(serializeForm(f, { unused: true })).toBe('a=&_unused_b=&b=');
  });

  it('counts every field as used after markAllUsed (a submitted form)', () => {
    const f = form('<input name="a"><select name="s"><option value="1">1</option></select>');
    markAllUsed(f);
    expect(isUsed(field('a'))).toBe(true);
    expect(serializeForm(f, { unused: true })).toBe('a=&s=1');
  });

  it('includes the submitter where it stands in the DOM, and no other button', () => {
    const f = form(
      '<input name="a" value="1"><button name="save" value="draft">d</button><input name="b" value="2"><button name="save" value="final">f</button><input type="submit" name="go" value="x">',
    );
    const final = document.querySelector<HTMLElement>('button[value="final"]')!;
    expect(serializeForm(f, { ...VALUES, submitter: final })).toBe('a=1&b=2&save=final');
    const draft = document.querySelector<HTMLElement>('button[value="draft"]')!;
    expect(serializeForm(f, { ...VALUES, submitter: draft })).toBe('a=1&save=draft&b=2');
    expect(serializeForm(f, VALUES)).toBe('a=1&b=2');
  });

  it('leaves out disabled fields, file inputs, unchecked boxes and nameless fields', () => {
    const f = form(
      '<input name="d" value="x" disabled><input type="file" name="upload"><input type="checkbox" name="c" value="1"><input type="radio" name="r" value="1"><input value="nameless"><input name="kept" value="k"><fieldset name="fs"></fieldset>',
    );
    expect(serializeForm(f, VALUES)).toBe('kept=k');
  });

  it('sends a checked checkbox without a value as "on"', () => {
    const f = form('<input type="checkbox" name="agree" checked>');
    expect(serializeForm(f, VALUES)).toBe('agree=on');
  });

  it('sends the selected option of a select', () => {
    const f = form(
      '<select name="one"><option value="x">x</option><option value="y" selected>y</option></select>',
    );
    expect(serializeForm(f, VALUES)).toBe('one=y');
  });

  // serializeForm reads `new FormData(form)`; happy-dom 21's FormData yields only the first
  // selected option of a <select multiple>, so test/e2e/select-multiple.test.ts checks it.

  it('keeps only the given names when onlyNames is set', () => {
    const f = form('<input name="a" value="1"><input name="b" value="2">');
    expect(serializeForm(f, { onlyNames: ['b'], unused: true })).toBe('_unused_b=&b=2');
  });

  it('reads the current value of a text field and a textarea, not their markup', () => {
    const f = form('<input name="a" value="old"><textarea name="t">old</textarea>');
    (field('a') as HTMLInputElement).value = 'new';
    (field('t') as HTMLTextAreaElement).value = 'line 1\nline 2';
    expect(entries(serializeForm(f, VALUES))).toEqual([
      ['a', 'new'],
      ['t', 'line 1\nline 2'],
    ]);
  });
});
