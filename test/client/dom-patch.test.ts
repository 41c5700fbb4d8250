import { afterEach, describe, expect, it } from 'vitest';
import type { PatchCallbacks } from '../../client/dom-patch.js';
import { patchChildren, patchElement } from '../../client/dom-patch.js';
import { Rendered } from '../../client/rendered.js';
import type { WireDiff } from '../../views/wire.js';

function mount(inner: string): HTMLElement {
  document.body.innerHTML = `<div id="phx-1" data-phx-session="s">${inner}</div>`;
  return document.getElementById('phx-1')!;
}

const byId = (id: string): HTMLElement => document.getElementById(id)!;

/** Callbacks that log `kind:id` in call order. */
function recorder(): { log: string[] } & Required<
  Pick<PatchCallbacks, 'added' | 'removed' | 'beforeUpdate' | 'updated'>
> {
  const log: string[] = [];
  const name = (el: Element): string =>
    el.id || el.getAttribute('data-phx-component') || el.tagName;
  return {
    log,
    added: (el) => log.push(`added:${name(el)}`),
    removed: (el) => log.push(`removed:${name(el)}`),
    beforeUpdate: (from, to) => log.push(`beforeUpdate:${name(from)}:${to.textContent}`),
    updated: (el) => log.push(`updated:${name(el)}:${el.textContent}`),
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('patchChildren identity', () => {
  it('keeps the container and moves id-keyed children instead of re-creating them', () => {
    const container = mount('<p id="a">A</p><p id="b">B</p><p id="c">C</p>');
    const [a, b, c] = [byId('a'), byId('b'), byId('c')];
    patchChildren(container, '<p id="c">C2</p><p id="a">A</p><p id="b">B</p>');
    expect(document.getElementById('phx-1')).toBe(container);
    expect(container.getAttribute('data-phx-session')).toBe('s');
    expect([...container.children]).toEqual([c, a, b]);
    expect(c.textContent).toBe('C2');
  });

  it('morphs unkeyed nodes in place by position', () => {
    const container = mount('<ul><li>1</li><li>2</li></ul>');
    const [ul, first] = [container.querySelector('ul'), container.querySelector('li')];
    patchChildren(container, '<ul class="x"><li>one</li><li>2</li><li>3</li></ul>');
    expect(container.querySelector('ul')).toBe(ul);
    expect(container.querySelector('li')).toBe(first);
    expect(container.innerHTML).toBe('<ul class="x"><li>one</li><li>2</li><li>3</li></ul>');
  });

  it('parses rows in the container’s own context', () => {
    document.body.innerHTML = '<table><tbody id="rows"><tr id="r1"><td>1</td></tr></tbody></table>';
    const r1 = byId('r1');
    patchChildren(byId('rows'), '<tr id="r1"><td>one</td></tr><tr id="r2"><td>2</td></tr>');
    expect(byId('r1')).toBe(r1);
    expect(byId('rows').textContent).toBe('one2');
  });
});

describe('focused form controls', () => {
  it('keep what the user typed and the selection while other attributes change', () => {
    const container = mount('<input id="q" class="a" value="server">');
    const input = byId('q') as HTMLInputElement;
    input.focus();
    input.value = 'typed by user';
    input.setSelectionRange(2, 5);
    patchChildren(container, '<input id="q" class="b" aria-invalid="true" value="new server">');
    expect(byId('q')).toBe(input);
    expect(input.value).toBe('typed by user');
    expect([input.selectionStart, input.selectionEnd]).toEqual([2, 5]);
    expect(input.className).toBe('b');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input);
  });

  it('take the server value when marked phx-patch-focused', () => {
    const container = mount('<input id="q" value="server">');
    const input = byId('q') as HTMLInputElement;
    input.focus();
    input.value = 'typed';
    patchChildren(container, '<input id="q" phx-patch-focused value="reset">');
    expect(input.value).toBe('reset');
  });

  it('keep focus and selection when a reorder moves them', () => {
    const container = mount('<p id="a"></p><p id="b"></p><input id="q" value="hello">');
    const input = byId('q') as HTMLInputElement;
    input.focus();
    input.setSelectionRange(1, 3);
    patchChildren(container, '<input id="q" value="hello"><p id="a"></p><p id="b"></p>');
    expect(container.firstElementChild).toBe(input);
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([1, 3]);
  });

  it('keep the selection when phx-patch-focused replaces the value', () => {
    const container = mount('<input id="q" value="hello">');
    const input = byId('q') as HTMLInputElement;
    input.focus();
    input.value = 'hellx';
    input.setSelectionRange(1, 3);
    patchChildren(container, '<input id="q" phx-patch-focused value="world">');
    expect(input.value).toBe('world');
    expect([input.selectionStart, input.selectionEnd]).toEqual([1, 3]);
  });

  it('keep a focused textarea’s text', () => {
    const container = mount('<textarea id="t">server</textarea>');
    const area = byId('t') as HTMLTextAreaElement;
    area.focus();
    area.value = 'draft';
    patchChildren(container, '<textarea id="t" class="big">other</textarea>');
    expect(area.value).toBe('draft');
    expect(area.className).toBe('big');
  });

  it('keep a focused select’s choice unless its options change', () => {
    const options = '<option value="a">A</option><option value="b">B</option>';
    const container = mount(`<select id="s">${options}</select>`);
    const select = byId('s') as HTMLSelectElement;
    select.focus();
    select.value = 'b';
    patchChildren(container, `<select id="s" class="x">${options}</select>`);
    expect([select.value, select.className]).toEqual(['b', 'x']);
    patchChildren(container, '<select id="s"><option value="c">C</option></select>');
    expect(select.value).toBe('c');
  });

  it('leave unfocused inputs to take the server value', () => {
    const container = mount('<input id="a" value="1"><input id="b" value="x">');
    const [a, b] = [byId('a') as HTMLInputElement, byId('b') as HTMLInputElement];
    b.focus();
    a.value = 'stale';
    patchChildren(container, '<input id="a" value="2"><input id="b" value="y">');
    expect(a.value).toBe('2');
    expect(b.value).toBe('x');
  });
});

describe('phx-update="ignore"', () => {
  it('keeps the children and follows only the data attributes', () => {
    const container = mount(
      '<div id="map" phx-update="ignore" class="a" data-zoom="1" data-old="x"><canvas></canvas></div>',
    );
    const canvas = container.querySelector('canvas');
    patchChildren(
      container,
      '<div id="map" phx-update="ignore" class="b" data-zoom="2" data-new="y"><p>server</p></div>',
    );
    const map = byId('map');
    expect(map.querySelector('canvas')).toBe(canvas);
    expect(map.querySelector('p')).toBeNull();
    expect(map.className).toBe('a');
    expect(map.dataset).toEqual({ zoom: '2', new: 'y' });
  });
});

describe('nested view containers', () => {
  it('take the parent’s attributes but keep their children and session', () => {
    const container = mount(
      '<div id="child" data-phx-session="live" data-phx-parent-id="phx-1"><b>child content</b></div>',
    );
    const content = container.querySelector('b');
    patchChildren(
      container,
      '<div id="child" class="c" data-phx-session="other" data-phx-parent-id="phx-1"></div>',
    );
    expect(byId('child').querySelector('b')).toBe(content);
    expect(byId('child').className).toBe('c');
    expect(byId('child').getAttribute('data-phx-session')).toBe('live');
  });
});

describe('callbacks', () => {
  it('report added hook and mounted elements of a new subtree, after the morph', () => {
    const container = mount('<p>x</p>');
    const seen: string[] = [];
    patchChildren(
      container,
      '<p>x</p><section id="s" phx-hook="Outer"><i>plain</i><b id="in" phx-mounted="[]"></b></section>',
      { added: (el) => seen.push(`${el.id}:${el.isConnected}:${byId('in') !== null}`) },
    );
    expect(seen).toEqual(['s:true:true', 'in:true:true']);
  });

  it('report removed hooks and component roots with their descendants, and nothing else', () => {
    const container = mount(
      '<div data-phx-component="3"><span id="h" phx-hook="H"></span><i>plain</i></div><p>keep</p>',
    );
    const rec = recorder();
    patchChildren(container, '<p>keep</p>', rec);
    expect(rec.log).toEqual(['removed:3', 'removed:h']);
  });

  it('call beforeUpdate during the morph and updated after it, only for changed hooks', () => {
    const container = mount('<p id="h" phx-hook="H">1</p><p id="same" phx-hook="H">s</p><p>x</p>');
    const rec = recorder();
    patchChildren(
      container,
      '<p id="h" phx-hook="H">2</p><p id="same" phx-hook="H">s</p><p>y</p>',
      rec,
    );
    expect(rec.log).toEqual(['beforeUpdate:h:2', 'updated:h:2']);
  });

  it('order removed before added before updated', () => {
    const container = mount('<p id="old" phx-hook="H"></p><p id="h" phx-hook="H">1</p>');
    const rec = recorder();
    patchChildren(container, '<p id="h" phx-hook="H">2</p><p id="new" phx-hook="H"></p>', rec);
    expect(rec.log).toEqual(['beforeUpdate:h:2', 'removed:old', 'added:new', 'updated:h:2']);
  });

  it('report every hook element of the container on the joining patch', () => {
    const container = mount(
      '<p id="a" phx-hook="A"></p><div id="child" data-phx-session="x" data-phx-parent-id="phx-1">' +
        '<i id="theirs" phx-hook="C"></i></div>',
    );
    const rec = recorder();
    patchChildren(
      container,
      '<p id="a" phx-hook="A"></p><p id="b" phx-hook="B"></p>' +
        '<div id="child" data-phx-session="x" data-phx-parent-id="phx-1"></div>',
      { ...rec, joining: true },
    );
    expect(rec.log).toEqual(['added:a', 'added:b', 'added:child']);
  });

  it('run beforeElUpdated for every updated element before deciding anything', () => {
    const container = mount('<div id="d" class="open"><input id="q"></div>');
    (byId('q') as HTMLInputElement).focus();
    const seen: string[] = [];
    patchChildren(container, '<div id="d"><input id="q"></div>', {
      beforeElUpdated: (from, to) => {
        seen.push(from.id);
        if (from.classList.contains('open')) to.classList.add('open');
      },
    });
    expect(seen).toEqual(['d', 'q']);
    expect(byId('d').className).toBe('open');
  });
});

describe('patchElement', () => {
  it('morphs a component root’s attributes and children and keeps its identity', () => {
    const container = mount(
      '<p>before</p><div id="c1" data-phx-component="1" class="a"><b>1</b></div>',
    );
    const root = byId('c1');
    const bold = root.querySelector('b');
    const result = patchElement(
      root,
      '\n  <div id="c1" data-phx-component="1" class="b"><b>2</b><i>new</i></div>',
    );
    expect(result).toBe(root);
    expect(root.className).toBe('b');
    expect(root.querySelector('b')).toBe(bold);
    expect(container.innerHTML).toBe(
      '<p>before</p><div id="c1" data-phx-component="1" class="b"><b>2</b><i>new</i></div>',
    );
  });

  it('rejects html without an element', () => {
    const root = mount('<div id="c"></div>').firstElementChild!;
    expect(() => patchElement(root, 'text only')).toThrow(TypeError);
  });
});

describe('with Rendered output', () => {
  it('patches a view and then one component, keeping nodes and the focused input', () => {
    const join: WireDiff = {
      s: ['<h1>', '</h1>', ''],
      '0': 'Hi',
      '1': 1,
      c: {
        '1': {
          s: ['<form id="f"><input id="name" name="name" value="', '"><span>', '</span></form>'],
          '0': 'Ann',
          '1': '0',
          r: 1,
        },
      },
    };
    const rendered = new Rendered('phx-1', join, { tagComponents: true });
    const container = mount('');
    const rec = recorder();
    patchChildren(container, rendered.toString(), { ...rec, joining: true });
    const input = byId('name') as HTMLInputElement;
    expect(input.value).toBe('Ann');
    input.focus();
    input.value = 'Annie';

    const update: WireDiff = { c: { '1': { '0': 'Bob', '1': '1' } } };
    rendered.mergeDiff(update);
    expect(Rendered.isComponentOnlyDiff(update)).toBe(true);
    const root = container.querySelector('[data-phx-component="1"]')!;
    patchElement(root, rendered.componentToString(1), rec);
    expect(byId('name')).toBe(input);
    expect(input.value).toBe('Annie');
    expect(root.querySelector('span')?.textContent).toBe('1');

    rendered.mergeDiff({ '0': 'Bye', '1': '' });
    patchChildren(container, rendered.toString(), rec);
    expect(container.innerHTML).toBe('<h1>Bye</h1>');
    expect(rec.log).toEqual(['removed:f']);
  });
});

describe('patchChildren and what the user typed', () => {
  it('leaves an unfocused field the server rendered as before with what the user typed', () => {
    const container = mount('<form><input id="a" name="a"><input id="b" name="b"></form><p>0</p>');
    const a = byId('a') as HTMLInputElement;
    a.value = 'typed by the user';
    patchChildren(container, '<form><input id="a" name="a"><input id="b" name="b"></form><p>1</p>');
    expect(a.value).toBe('typed by the user');
    expect(container.querySelector('p')!.textContent).toBe('1');
  });

  it('gives an unfocused field the value the server changed', () => {
    const container = mount('<input id="a" name="a" value="x">');
    const a = byId('a') as HTMLInputElement;
    a.value = 'typed';
    patchChildren(container, '<input id="a" name="a" value="from server">');
    expect(a.value).toBe('from server');
  });

  it("empties a submitted form's focused field when the server rendered it empty", () => {
    const container = mount('<form id="f"><input id="m" name="m" value=""></form>');
    const input = byId('m') as HTMLInputElement;
    input.focus();
    input.value = 'hello';
    patchChildren(container, '<form id="f"><input id="m" name="m" value=""></form>', {
      resetForm: byId('f'),
    });
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
  });
});
