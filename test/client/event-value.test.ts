import { afterEach, describe, expect, it } from 'vitest';
import { eventValue, formPayload, phxValues } from '../../client/event-value.js';
import { markUsed } from '../../client/form-serialize.js';

function html<E extends Element = HTMLElement>(markup: string, selector: string): E {
  document.body.innerHTML = markup;
  return document.querySelector(selector) as E;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('phxValues', () => {
  it('keeps phx-value-* names verbatim and ignores other attributes', () => {
    const el = html(
      '<div phx-value-user-id="7" phx-value-ID="x" data-value="no" value="v"></div>',
      'div',
    );
    // HTML lower-cases attribute names, so the server sees what the DOM holds.
    expect(phxValues(el)).toEqual({ 'user-id': '7', id: 'x' });
  });
});

describe('eventValue', () => {
  it('gives a plain button an empty value', () => {
    expect(eventValue(html('<button>b</button>', 'button'))).toEqual({ value: '' });
  });

  it('gives an element without a value property only its phx-values', () => {
    expect(eventValue(html('<div phx-value-id="7"></div>', 'div'))).toEqual({ id: '7' });
  });

  it('adds the current value of an input, select and textarea', () => {
    const input = html<HTMLInputElement>('<input value="a">', 'input');
    input.value = 'typed';
    expect(eventValue(input)).toEqual({ value: 'typed' });
    const select = html(
      '<select><option value="1">1</option><option value="2" selected>2</option></select>',
      'select',
    );
    expect(eventValue(select)).toEqual({ value: '2' });
    expect(eventValue(html('<textarea>t</textarea>', 'textarea'))).toEqual({ value: 't' });
  });

  it('sends a checked checkbox value ("on" by default) and drops it when unchecked', () => {
    expect(eventValue(html('<input type="checkbox" checked>', 'input'))).toEqual({ value: 'on' });
    const box = html('<input type="checkbox" value="yes" phx-value-value="from-attr">', 'input');
    expect(eventValue(box)).toEqual({});
    expect(eventValue(html('<input type="radio" value="r">', 'input'))).toEqual({});
    expect(eventValue(html('<input type="radio" value="r" checked>', 'input'))).toEqual({
      value: 'r',
    });
  });

  it('lets metadata go first, then phx-values, the element value, and the JS value last', () => {
    const button = html(
      '<button phx-value-id="7" phx-value-shift="attr" value="x">b</button>',
      'button',
    );
    expect(eventValue(button, { shift: true, value: 'meta' }, { id: 8 })).toEqual({
      shift: 'attr',
      id: 8,
      value: 'x',
    });
    expect(eventValue(button, {}, { value: 'js' })).toEqual({
      id: '7',
      shift: 'attr',
      value: 'js',
    });
  });

  it('does not take a form element value', () => {
    expect(eventValue(html('<form phx-value-a="1"><input name="q"></form>', 'form'))).toEqual({
      a: '1',
    });
  });
});

describe('formPayload', () => {
  function form(inner: string, attrs = ''): HTMLFormElement {
    return html<HTMLFormElement>(`<form id="f" ${attrs}>${inner}</form>`, 'form');
  }

  it('serialises a change with _unused_ keys and names the changed control in _target', () => {
    const f = form(
      '<input name="user[name]"><input name="user[email]" value="jo@x.io">',
      'phx-value-step="2"',
    );
    const input = f.querySelector('[name="user[email]"]')!;
    markUsed(input);
    expect(formPayload({ kind: 'change', form: f, input })).toEqual({
      value: 'user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io',
      meta: { _target: 'user[email]', step: '2' },
    });
  });

  it('sends _target "undefined" for a nameless control or no control', () => {
    const f = form('<input id="nameless"><input name="a" value="1">');
    const input = f.querySelector('#nameless')!;
    expect(formPayload({ kind: 'change', form: f, input }).meta).toEqual({ _target: 'undefined' });
    expect(formPayload({ kind: 'change', form: f }).meta).toEqual({ _target: 'undefined' });
  });

  it('sends only the own entries of a control that carries its own phx-change', () => {
    const f = form('<input name="a" value="1"><input name="b" value="2" phx-change="check">');
    const input = f.querySelector('[name="b"]')!;
    markUsed(input);
    expect(formPayload({ kind: 'change', form: f, input }).value).toBe('b=2');
  });

  it('sends the whole form for a control whose phx-change is empty (the form event is used)', () => {
    const f = form('<input name="a" value="1"><input name="b" value="2" phx-change="">');
    const input = f.querySelector('[name="b"]')!;
    markUsed(input);
    expect(formPayload({ kind: 'change', form: f, input }).value).toBe('_unused_a=&a=1&b=2');
  });

  it('merges the JS value into a change meta, winning over _target and phx-values', () => {
    const f = form('<input name="a">', 'phx-value-x="attr"');
    const input = f.querySelector('input')!;
    expect(formPayload({ kind: 'change', form: f, input }, { x: 'js', extra: 1 }).meta).toEqual({
      _target: 'a',
      x: 'js',
      extra: 1,
    });
  });

  it('serialises a submit with its submitter, no _unused_ keys and phx-values in meta', () => {
    const f = form(
      '<input name="q" value="a b"><button name="act" value="go">go</button>',
      'phx-value-page="3"',
    );
    const submitter = f.querySelector('button')!;
    expect(formPayload({ kind: 'submit', form: f, submitter }, { extra: true })).toEqual({
      value: 'q=a+b&act=go',
      meta: { page: '3', extra: true },
    });
    expect(formPayload({ kind: 'submit', form: f }).value).toBe('q=a+b');
  });
});
