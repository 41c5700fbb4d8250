import { describe, expect, it, vi } from 'vitest';
import { execBinding, execJS } from '../../client/js-commands.js';
import { escapeHtml } from '../../views/render/escape.js';
import { JS } from '../../views/render/js.js';
import { byId, host, json, page, useJsPage } from './js-page.js';

useJsPage();

describe('dispatch, focus and exec', () => {
  it('dispatches a bubbling CustomEvent with detail and the dispatcher', () => {
    page('<div id="outer"><div id="t"></div></div><button id="b"></button>');
    const seen: CustomEvent[] = [];
    byId('outer').addEventListener('app:copy', (e) => seen.push(e as CustomEvent));
    execJS(
      host,
      byId('b'),
      json([['dispatch', { event: 'app:copy', to: '#t', detail: { n: 1 } }]]),
      'click',
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.target).toBe(byId('t'));
    expect(seen[0]?.detail).toEqual({ n: 1, dispatcher: byId('b') });
  });

  it('does not bubble when bubbles is false', () => {
    page('<div id="outer"><div id="t"></div></div>');
    const outer = vi.fn();
    const own = vi.fn();
    byId('outer').addEventListener('x', outer);
    byId('t').addEventListener('x', own);
    execJS(host, byId('t'), json([['dispatch', { event: 'x', bubbles: false }]]), 'click');
    expect(own).toHaveBeenCalledOnce();
    expect(outer).not.toHaveBeenCalled();
  });

  it('dispatches click as a real click', () => {
    page('<input id="c" type="checkbox"><button id="b"></button>');
    const clicks: Event[] = [];
    byId('c').addEventListener('click', (e) => clicks.push(e));
    execJS(host, byId('b'), json([['dispatch', { event: 'click', to: '#c' }]]), 'click');
    expect(clicks[0]).toBeInstanceOf(MouseEvent);
    expect((byId('c') as HTMLInputElement).checked).toBe(true);
  });

  it('focuses an element, the first focusable one inside, and back through the focus stack', () => {
    page(
      '<button id="opener"></button><div id="modal"><span tabindex="-1"></span><input id="i" type="hidden"><input id="first"></div><a id="l" href="#">l</a>',
    );
    execJS(
      host,
      byId('opener'),
      json([
        ['push_focus', {}],
        ['focus_first', { to: '#modal' }],
      ]),
      'click',
    );
    expect(document.activeElement).toBe(byId('first'));
    execJS(host, byId('first'), json([['focus', { to: '#l' }]]), 'click');
    expect(document.activeElement).toBe(byId('l'));
    execJS(host, byId('l'), json([['pop_focus', {}]]), 'click');
    expect(document.activeElement).toBe(byId('opener'));
  });

  it("runs another attribute's commands on its targets, with the same type", () => {
    page(
      '<div id="m" data-close=\'[["push",{"event":"closed"}],["hide",{}]]\'></div><button id="b"></button>',
    );
    execJS(host, byId('b'), json([['exec', { attr: 'data-close', to: '#m' }]]), 'keydown');
    expect(host.pushes).toEqual([{ el: byId('m'), args: { event: 'closed', type: 'keydown' } }]);
    expect(byId('m').style.display).toBe('none');
  });

  it('logs an exec whose attribute is missing', () => {
    page('<div id="m"></div>');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    execJS(host, byId('m'), json([['exec', { attr: 'data-none' }]]), 'click');
    expect(error).toHaveBeenCalledOnce();
  });

  it('runs a binding attribute stored on an element, and says whether it had one', () => {
    page('<div id="m" phx-mounted=\'[["add_class",{"names":["ready"]}]]\'></div>');
    expect(execBinding(host, byId('m'), 'phx-mounted', null)).toBe(true);
    expect(execBinding(host, byId('m'), 'phx-remove', 'remove')).toBe(false);
    expect(byId('m').className).toBe('ready');
  });
});

describe('commands built on the server', () => {
  it('runs what views/render/js.ts renders into an attribute', () => {
    const js = JS.push('save', { value: { note: `"<>&'` }, target: 2 })
      .addClass('saving', { to: { closest: 'form' } })
      .setAttribute(['aria-busy', 'true']);
    page(`<form id="f"><button id="b" phx-click="${escapeHtml(String(js))}">Save</button></form>`);
    const b = byId('b');
    execJS(host, b, b.getAttribute('phx-click') ?? '', 'click', { meta: {} });
    expect(host.pushes).toEqual([
      {
        el: b,
        args: { event: 'save', type: 'click', value: { note: `"<>&'` }, target: 2, meta: {} },
      },
    ]);
    expect(byId('f').className).toBe('saving');
    expect(b.getAttribute('aria-busy')).toBe('true');
  });
});
