/**
 * Our client's nested and sticky containers without a server: which containers get a view,
 * which views leave with their container, what live navigation carries over, and what a
 * parent's patch leaves to the child (its content, its session, its status classes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { patchChildren } from '../../client/dom-patch.js';
import {
  isNested,
  leaveNested,
  type NestedHost,
  nestedAdded,
  nestedRemoved,
} from '../../client/nested-views.js';
import type { View } from '../../client/view.js';

/** A host whose views are stand-ins that record leaving. */
function host(): NestedHost & { readonly mounted: string[]; readonly left: string[] } {
  const views = new Map<string, View>();
  const mounted: string[] = [];
  const left: string[] = [];
  return {
    views,
    mounted,
    left,
    mountView(el) {
      mounted.push(el.id);
      views.set(el.id, { el, destroy: () => left.push(el.id) } as unknown as View);
    },
  };
}

function page(html: string): HTMLElement {
  document.body.innerHTML = `<div id="main" data-phx-main data-phx-session="m">${html}</div>`;
  return document.getElementById('main')!;
}

const el = (id: string): HTMLElement => document.getElementById(id)!;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('nested containers', () => {
  it('joins a nested container once it has a session, and a sticky one; each once', () => {
    page(
      '<div id="dead" data-phx-session="" data-phx-parent-id="main"></div>' +
        '<div id="kid" data-phx-session="t" data-phx-parent-id="main"></div>' +
        '<div id="basket" data-phx-session="t" data-phx-sticky></div>',
    );
    const h = host();
    for (const id of ['dead', 'kid', 'basket', 'kid', 'main']) nestedAdded(h, el(id));
    expect(h.mounted).toEqual(['kid', 'basket']);
    expect(isNested(el('main'))).toBe(false);
  });

  it('lets a view go with its container, not while the container is still on the page', () => {
    page('<div id="kid" data-phx-session="t" data-phx-parent-id="main"></div>');
    const h = host();
    nestedAdded(h, el('kid'));
    const kid = el('kid');
    nestedRemoved(h, kid);
    expect(h.left).toEqual([]);
    kid.remove();
    nestedRemoved(h, kid);
    expect(h.left).toEqual(['kid']);
    expect(h.views.has('kid')).toBe(false);
  });

  it('live navigation: the nested views of the page leave, the sticky ones are carried over', () => {
    const main = page(
      '<div id="kid" data-phx-session="t" data-phx-parent-id="main"><div id="grandkid" data-phx-session="t" data-phx-parent-id="kid"></div></div>' +
        '<aside><div id="basket" data-phx-session="t" data-phx-sticky><div id="in-basket" data-phx-session="t" data-phx-parent-id="basket"></div></div></aside>',
    );
    const h = host();
    for (const id of ['kid', 'grandkid', 'basket', 'in-basket']) nestedAdded(h, el(id));
    const sticky = leaveNested(h, main);
    expect(sticky).toEqual([el('basket')]);
    expect(h.left.sort()).toEqual(['grandkid', 'kid']);
    expect([...h.views.keys()].sort()).toEqual(['basket', 'in-basket']);
  });
});

describe("a parent's patch over a nested or sticky container", () => {
  it.each([
    ['nested', 'data-phx-parent-id="main"'],
    ['sticky', 'data-phx-sticky'],
  ])(
    '%s: keeps its content, its session and its status classes; takes the other attributes',
    (_kind, link) => {
      const main = page(
        `<div id="c" class="box phx-connected" data-phx-session="mine" ${link}><b>its own</b></div>`,
      );
      const content = main.querySelector('b');
      patchChildren(main, `<div id="c" class="box wide" data-phx-session="new" ${link}></div>`);
      expect(el('c').querySelector('b')).toBe(content);
      expect(el('c').getAttribute('data-phx-session')).toBe('mine');
      expect([...el('c').classList].sort()).toEqual(['box', 'phx-connected', 'wide']);
    },
  );

  it('moves a sticky container carried into a new page to where that page renders it', () => {
    const main = page('<p>new page</p>');
    const basket = document.createElement('div');
    basket.id = 'basket';
    basket.setAttribute('data-phx-session', 'mine');
    basket.setAttribute('data-phx-sticky', '');
    basket.innerHTML = '<b>holds</b>';
    main.append(basket);
    patchChildren(
      main,
      '<p>new page</p><section><div id="basket" data-phx-session="t" data-phx-sticky></div></section>',
    );
    expect(main.querySelector('section > #basket')).toBe(basket);
    expect(basket.innerHTML).toBe('<b>holds</b>');
  });
});
