import { afterEach, describe, expect, it } from 'vitest';
import { patchChildren, patchElement } from '../../client/dom-patch.js';
import { Rendered } from '../../client/rendered.js';
import type { WireDiff, WireStream, WireStreamInsert } from '../../views/wire.js';

/** A view container with a stream list `#s` holding `items` (already stamped with ref "0"). */
function mount(items: string[], extra = ''): HTMLElement {
  const children = items.map((id) => `<li id="${id}" data-phx-stream="0">${id}</li>`).join('');
  document.body.innerHTML = `<div id="phx-1" data-phx-session="s"><h1>t</h1><ul id="s" phx-update="stream">${children}${extra}</ul></div>`;
  return document.getElementById('phx-1')!;
}

/** The HTML the view renders: the list holds only this diff's entries. */
function view(entries: string[], text = (id: string) => id): string {
  const items = entries.map((id) => `\n  <li id="${id}">${text(id)}</li>`).join('');
  return `<h1>t</h1><ul id="s" phx-update="stream">${items}\n</ul>`;
}

const ids = (): string[] => [...document.getElementById('s')!.children].map((el) => el.id);
const insert = (
  id: string,
  at = -1,
  limit: number | null = null,
  updateOnly = false,
): WireStreamInsert => [id, at, limit, updateOnly];

afterEach(() => {
  document.body.innerHTML = '';
});

describe('stream containers', () => {
  it('keep existing items across patches that do not mention them', () => {
    const container = mount(['a', 'b']);
    const a = document.getElementById('a');
    patchChildren(container, view([]).replace('<h1>t</h1>', '<h1>u</h1>'));
    expect(ids()).toEqual(['a', 'b']);
    expect(document.getElementById('a')).toBe(a);
    expect(container.querySelector('h1')?.textContent).toBe('u');
  });

  it('append new items, stamped with the stream ref, without stray whitespace', () => {
    const container = mount(['a']);
    patchChildren(container, view(['b', 'c']), {
      streams: [['0', [insert('c'), insert('b')], []]],
    });
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(document.getElementById('c')?.getAttribute('data-phx-stream')).toBe('0');
    expect(document.getElementById('s')!.childNodes).toHaveLength(3);
  });

  it('prepend one by one, so a batch prepended at 0 ends up reversed', () => {
    const container = mount(['a']);
    patchChildren(container, view(['b', 'c']), {
      streams: [['0', [insert('b', 0), insert('c', 0)], []]],
    });
    expect(ids()).toEqual(['c', 'b', 'a']);
  });

  it('insert at an index', () => {
    const container = mount(['a', 'b', 'c']);
    patchChildren(container, view(['x']), { streams: [['0', [insert('x', 1)], []]] });
    expect(ids()).toEqual(['a', 'x', 'b', 'c']);
  });

  it('update an existing item in place instead of moving it', () => {
    const container = mount(['a', 'b', 'c']);
    const c = document.getElementById('c');
    patchChildren(
      container,
      view(['c'], () => 'C!'),
      { streams: [['0', [insert('c', 0)], []]] },
    );
    expect(ids()).toEqual(['a', 'b', 'c']);
    expect(document.getElementById('c')).toBe(c);
    expect(c?.textContent).toBe('C!');
    expect(c?.getAttribute('data-phx-stream')).toBe('0');
  });

  it('delete items and report them as removed', () => {
    const container = mount(['a', 'b', 'c']);
    document.getElementById('b')!.setAttribute('phx-hook', 'Row');
    const removed: string[] = [];
    patchChildren(container, view([]), {
      streams: [['0', [], ['b', 'missing']]],
      removed: (el) => removed.push(el.id),
    });
    expect(ids()).toEqual(['a', 'c']);
    expect(removed).toEqual(['b']);
  });

  it('reset: drop the stream’s items except those re-inserted, which keep identity and take the new order', () => {
    const container = mount(['a', 'b', 'c'], '<li id="empty">none</li>');
    const a = document.getElementById('a');
    const stream: WireStream = ['0', [insert('c'), insert('x'), insert('a')], [], true];
    patchChildren(
      container,
      view(['c', 'x', 'a'], (id) => id.toUpperCase()),
      { streams: [stream] },
    );
    expect(ids()).toEqual(['c', 'x', 'a', 'empty']);
    expect(document.getElementById('a')).toBe(a);
    expect(a?.textContent).toBe('A');
  });

  it('reset leaves other streams’ items alone', () => {
    const container = mount(['a']);
    document
      .getElementById('s')!
      .insertAdjacentHTML('beforeend', '<li id="o" data-phx-stream="1">o</li>');
    patchChildren(container, view([]), { streams: [['0', [], [], true]] });
    expect(ids()).toEqual(['o']);
  });

  it('reset and join leave a nested view’s stream alone', () => {
    const nested =
      '<div id="nested" data-phx-session="n" data-phx-parent-id="phx-1">' +
      '<ol id="ns" phx-update="stream"><li id="na" data-phx-stream="0">na</li></ol></div>';
    const container = mount(['a'], '');
    container.insertAdjacentHTML('beforeend', nested);
    patchChildren(
      container,
      `${view([])}<div id="nested" data-phx-session="n" data-phx-parent-id="phx-1"></div>`,
      { streams: [['0', [], [], true]], joining: true },
    );
    expect(ids()).toEqual([]);
    expect(document.getElementById('na')?.parentElement?.id).toBe('ns');
  });

  it('report the hooks of items whose whole container leaves', () => {
    const container = mount(['a', 'b']);
    document.getElementById('b')!.setAttribute('phx-hook', 'Row');
    const removed: string[] = [];
    patchChildren(container, '<h1>t</h1>', { removed: (el) => removed.push(el.id) });
    expect(document.getElementById('s')).toBeNull();
    expect(removed).toEqual(['b']);
  });

  it('limit >= 0 keeps the first n children', () => {
    const container = mount(['a', 'b', 'c']);
    const removed: string[] = [];
    patchChildren(container, view(['x']), {
      streams: [['0', [insert('x', 0, 2)], []]],
      removed: (el) => removed.push(el.id),
    });
    expect(ids()).toEqual(['x', 'a']);
    expect(removed).toEqual([]);
  });

  it('a new item that its limit trims at once is neither added nor kept', () => {
    const container = mount(['a', 'b']);
    const added: string[] = [];
    patchChildren(
      container,
      '<h1>t</h1><ul id="s" phx-update="stream"><li id="x" phx-hook="Row"></li></ul>',
      {
        streams: [['0', [insert('x', -1, 2)], []]],
        added: (el) => added.push(el.id),
      },
    );
    expect(ids()).toEqual(['a', 'b']);
    expect(added).toEqual([]);
  });

  it('limit < 0 keeps the last |n| children', () => {
    const container = mount(['a', 'b', 'c']);
    patchChildren(container, view(['x', 'y']), {
      streams: [['0', [insert('y', -1, -3), insert('x', -1, -3)], []]],
    });
    expect(ids()).toEqual(['c', 'x', 'y']);
  });

  it('updateOnly patches an existing item and never adds a missing one', () => {
    const container = mount(['a']);
    patchChildren(
      container,
      view(['a', 'z'], (id) => `${id}!`),
      { streams: [['0', [insert('a', -1, null, true), insert('z', -1, null, true)], []]] },
    );
    expect(ids()).toEqual(['a']);
    expect(document.getElementById('a')?.textContent).toBe('a!');
  });

  it('on the joining patch drop dead-render children unless re-inserted', () => {
    document.body.innerHTML =
      '<div id="phx-1" data-phx-session="s"><ul id="s" phx-update="stream">' +
      '<li id="a">a</li><li id="gone">g</li></ul></div>';
    const container = document.getElementById('phx-1')!;
    const a = document.getElementById('a');
    patchChildren(
      container,
      '<ul id="s" phx-update="stream"><li id="a">a</li><li id="b">b</li></ul>',
      {
        streams: [['0', [insert('b'), insert('a')], []]],
        joining: true,
      },
    );
    expect(ids()).toEqual(['a', 'b']);
    expect(document.getElementById('a')).toBe(a);
    expect(a?.getAttribute('data-phx-stream')).toBe('0');
  });

  it('a component-only patch of a stream item keeps its stamp', () => {
    const container = mount([]);
    patchChildren(container, view(['c1']), { streams: [['0', [insert('c1')], []]] });
    const item = document.getElementById('c1')!;
    patchElement(item, '<li id="c1" data-phx-component="1">new</li>');
    expect(item.getAttribute('data-phx-stream')).toBe('0');
    expect(item.textContent).toBe('new');
    patchChildren(container, view([]), { streams: [['0', [], [], true]] });
    expect(ids()).toEqual([]);
  });
});

describe('streams from Rendered', () => {
  it('append through real diffs and keep earlier items after the cache drops them', () => {
    const join: WireDiff = {
      s: ['<ul id="songs" phx-update="stream">', '</ul>'],
      '0': {
        s: ['<li id="', '">', '</li>'],
        k: { '0': { '0': 'songs-1', '1': 'A' }, kc: 1 },
        stream: ['0', [['songs-1', -1, null, null]], []],
      },
    };
    const rendered = new Rendered('phx-1', join);
    document.body.innerHTML = '<div id="phx-1" data-phx-session="s"></div>';
    const container = document.getElementById('phx-1')!;
    const patch = (): void =>
      patchChildren(container, rendered.toString(), { streams: rendered.pendingStreams() });
    patch();
    rendered.mergeDiff({
      '0': {
        k: { '0': { '0': 'songs-2', '1': 'B' }, kc: 1 },
        stream: ['0', [['songs-2', 0, null, null]], []],
      },
    });
    patch();
    rendered.mergeDiff({ '0': { k: { kc: 0 }, stream: ['0', [], ['songs-1']] } });
    patch();
    const list = document.getElementById('songs')!;
    expect(list.outerHTML).toBe(
      '<ul id="songs" phx-update="stream"><li id="songs-2" data-phx-stream="0">B</li></ul>',
    );
  });
});
