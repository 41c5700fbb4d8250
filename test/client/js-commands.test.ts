import { describe, expect, it, vi } from 'vitest';
import { execJS } from '../../client/js-commands.js';
import { byId, fakeTimers, host, json, page, patch, useJsPage } from './js-page.js';

useJsPage();

describe('push, navigate and patch', () => {
  it('treats a plain event name as one push with the type and extra passed through', () => {
    page('<button id="b">+</button>');
    const form = { kind: 'submit', form: document.createElement('form') } as const;
    execJS(host, byId('b'), 'inc', 'click', { meta: { key: 'x' }, form });
    expect(host.pushes).toEqual([
      { el: byId('b'), args: { event: 'inc', type: 'click', meta: { key: 'x' }, form } },
    ]);
  });

  it("merges a push's value over extra.value and passes target, loading and page_loading", () => {
    page('<button id="b">+</button>');
    const cmd = json([
      [
        'push',
        { event: 'save', value: { id: 7, a: 2 }, target: 3, loading: '#f', page_loading: true },
      ],
    ]);
    execJS(host, byId('b'), cmd, 'click', { value: { a: 1, b: 1 }, meta: { m: 1 } });
    expect(host.pushes[0]?.args).toEqual({
      event: 'save',
      type: 'click',
      value: { a: 2, b: 1, id: 7 },
      target: 3,
      loading: '#f',
      pageLoading: true,
      meta: { m: 1 },
    });
  });

  it('keeps the binding target and value when the push has none', () => {
    page('<button id="b">+</button>');
    execJS(host, byId('b'), json([['push', { event: 'go' }]]), null, {
      target: '#c',
      value: { v: 1 },
    });
    expect(host.pushes[0]?.args).toMatchObject({ event: 'go', type: null, target: '#c' });
    expect(host.pushes[0]?.args.value).toEqual({ v: 1 });
  });

  it('runs navigate and patch through the host, in order, with replace', () => {
    page('<a id="a">x</a>');
    const cmd = json([
      ['navigate', { href: '/n' }],
      ['patch', { href: '/p?x=1', replace: true }],
    ]);
    execJS(host, byId('a'), cmd, 'click');
    expect(host.navigations).toEqual([
      ['navigate', '/n', false],
      ['patch', '/p?x=1', true],
    ]);
  });
});

describe('bad input', () => {
  it('logs malformed JSON naming the element, and runs nothing', () => {
    page('<button id="b">+</button>');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => execJS(host, byId('b'), '[["push",{"event":', 'click')).not.toThrow();
    expect(host.pushes).toEqual([]);
    expect(error).toHaveBeenCalledOnce();
    expect(error.mock.calls[0]).toContain(byId('b'));
  });

  it('logs an unknown or failing command and still runs the ones after it', () => {
    page('<button id="b">+</button>');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cmd = json([
      ['frobnicate', {}],
      ['push', {}],
      ['hide', { to: '!!bad' }],
      ['push', { event: 'ok' }],
    ]);
    execJS(host, byId('b'), cmd, 'click');
    expect(error).toHaveBeenCalledTimes(3);
    expect(host.pushes.map((p) => p.args.event)).toEqual(['ok']);
  });
});

describe('targets', () => {
  it('acts on the element itself by default', () => {
    page('<div id="a"></div><div id="b"></div>');
    execJS(host, byId('a'), json([['add_class', { names: ['on'] }]]), 'click');
    expect(byId('a').className).toBe('on');
    expect(byId('b').className).toBe('');
  });

  it('finds every match of a selector in the document', () => {
    page('<div id="src"></div><p class="t" id="p1"></p><p class="t" id="p2"></p>');
    execJS(host, byId('src'), json([['add_class', { to: '.t', names: ['on'] }]]), 'click');
    expect([byId('p1').className, byId('p2').className]).toEqual(['t on', 't on']);
  });

  it('finds the closest ancestor and the inner descendants', () => {
    page(
      '<section id="s" class="box"><div id="src"><i class="x" id="i1"></i></div></section><i class="x" id="i2"></i>',
    );
    const cmd = json([
      ['add_class', { to: { closest: '.box' }, names: ['near'] }],
      ['add_class', { to: { inner: '.x' }, names: ['in'] }],
    ]);
    execJS(host, byId('src'), cmd, 'click');
    expect(byId('s').className).toBe('box near');
    expect(byId('i1').className).toBe('x in');
    expect(byId('i2').className).toBe('x');
  });
});

describe('show, hide and toggle', () => {
  it('hides and shows by display, firing the phx: events, and only when needed', () => {
    page('<div id="m"></div><button id="b"></button>');
    const seen: string[] = [];
    for (const name of ['show-start', 'show-end', 'hide-start', 'hide-end']) {
      byId('m').addEventListener(`phx:${name}`, () => seen.push(name));
    }
    execJS(host, byId('b'), json([['hide', { to: '#m' }]]), 'click');
    expect(byId('m').style.display).toBe('none');
    execJS(host, byId('b'), json([['hide', { to: '#m' }]]), 'click');
    execJS(host, byId('b'), json([['show', { to: '#m', display: 'flex' }]]), 'click');
    expect(byId('m').style.display).toBe('flex');
    expect(seen).toEqual(['hide-start', 'hide-end', 'show-start', 'show-end']);
  });

  it('shows with display block by default and table-row for a tr', () => {
    page(
      '<div id="d" style="display: none"></div><table><tbody><tr id="r" style="display:none"></tr></tbody></table>',
    );
    execJS(host, byId('d'), json([['show', {}]]), 'click');
    execJS(host, byId('r'), json([['show', {}]]), 'click');
    expect(byId('d').style.display).toBe('block');
    expect(byId('r').style.display).toBe('table-row');
  });

  it('toggles between hidden and shown', () => {
    page('<div id="m"></div>');
    const toggle = json([['toggle', {}]]);
    execJS(host, byId('m'), toggle, 'click');
    expect(byId('m').style.display).toBe('none');
    execJS(host, byId('m'), toggle, 'click');
    expect(byId('m').style.display).toBe('block');
  });

  it('hides with a transition: running and start, then end, then display none after time', () => {
    fakeTimers();
    page('<div id="m" class="box"></div>');
    const cmd = json([
      ['hide', { transition: [['fade'], ['opacity-100'], ['opacity-0']], time: 300 }],
    ]);
    execJS(host, byId('m'), cmd, 'click');
    expect(byId('m').className).toBe('box fade opacity-100');
    vi.advanceTimersByTime(20);
    expect(byId('m').className).toBe('box fade opacity-0');
    expect(byId('m').style.display).toBe('');
    vi.advanceTimersByTime(280);
    expect(byId('m').className).toBe('box');
    expect(byId('m').style.display).toBe('none');
  });

  it('shows with a transition of the default 200 ms, display set first', () => {
    fakeTimers();
    page('<div id="m" style="display:none"></div>');
    const cmd = json([['toggle', { ins: [['fade'], ['opacity-0'], ['opacity-100']] }]]);
    execJS(host, byId('m'), cmd, 'click');
    expect(byId('m').style.display).toBe('block');
    expect(byId('m').className).toBe('fade opacity-0');
    vi.advanceTimersByTime(199);
    expect(byId('m').className).toBe('fade opacity-100');
    vi.advanceTimersByTime(1);
    expect(byId('m').className).toBe('');
  });
});

describe('classes and attributes', () => {
  it('adds, removes and toggles classes', () => {
    page('<div id="d" class="a b"></div>');
    const d = byId('d');
    execJS(host, d, json([['add_class', { names: ['c', 'd'] }]]), 'click');
    execJS(host, d, json([['remove_class', { names: ['a'] }]]), 'click');
    execJS(host, d, json([['toggle_class', { names: ['b', 'e'] }]]), 'click');
    expect([...d.classList].sort()).toEqual(['c', 'd', 'e']);
  });

  it('applies class names when a transition given with them ends', () => {
    fakeTimers();
    page('<div id="d"></div>');
    execJS(
      host,
      byId('d'),
      json([['add_class', { names: ['on'], transition: [['t'], [], []], time: 50 }]]),
      'click',
    );
    expect(byId('d').className).toBe('t');
    vi.advanceTimersByTime(50);
    expect(byId('d').className).toBe('on');
  });

  it('ends in the end state even when time is shorter than a frame', () => {
    fakeTimers();
    page('<div id="d"></div>');
    execJS(
      host,
      byId('d'),
      json([['transition', { transition: [['t'], ['s'], ['e']], time: 0 }]]),
      'click',
    );
    vi.advanceTimersByTime(100);
    expect(byId('d').className).toBe('');
  });

  it('runs a bare transition and removes its classes after time', () => {
    fakeTimers();
    page('<div id="d"></div>');
    execJS(host, byId('d'), json([['transition', { transition: [['shake'], [], []] }]]), 'click');
    expect(byId('d').className).toBe('shake');
    vi.advanceTimersByTime(200);
    expect(byId('d').className).toBe('');
  });

  it('sets, removes and toggles attributes', () => {
    page('<div id="d" title="t"></div>');
    const d = byId('d');
    execJS(host, d, json([['set_attr', { attr: ['aria-expanded', 'true'] }]]), 'click');
    execJS(host, d, json([['remove_attr', { attr: 'title' }]]), 'click');
    expect(d.getAttribute('aria-expanded')).toBe('true');
    expect(d.hasAttribute('title')).toBe(false);
    const flip = json([['toggle_attr', { attr: ['aria-expanded', 'true', 'false'] }]]);
    execJS(host, d, flip, 'click');
    expect(d.getAttribute('aria-expanded')).toBe('false');
    execJS(host, d, flip, 'click');
    expect(d.getAttribute('aria-expanded')).toBe('true');
    const open = json([['toggle_attr', { attr: ['open', 'open'] }]]);
    execJS(host, d, open, 'click');
    expect(d.getAttribute('open')).toBe('open');
    execJS(host, d, open, 'click');
    expect(d.hasAttribute('open')).toBe(false);
  });
});

describe('sticky changes across a server patch', () => {
  it('keeps classes, attributes and display the commands changed, and takes the rest', () => {
    page('<div id="root"><div id="d" class="a" title="old">x</div></div>');
    const d = byId('d');
    const cmd = json([
      ['add_class', { names: ['open'] }],
      ['remove_class', { names: ['a'] }],
      ['set_attr', { attr: ['aria-expanded', 'true'] }],
      ['remove_attr', { attr: 'title' }],
      ['hide', {}],
    ]);
    execJS(host, d, cmd, 'click');
    patch('<div id="root"><div id="d" class="a server" title="new" data-n="2">y</div></div>');
    expect(byId('d')).toBe(d);
    expect([...d.classList].sort()).toEqual(['open', 'server']);
    expect(d.getAttribute('aria-expanded')).toBe('true');
    expect(d.hasAttribute('title')).toBe(false);
    expect(d.getAttribute('data-n')).toBe('2');
    expect(d.style.display).toBe('none');
    expect(d.textContent).toBe('y');
  });

  it('keeps the current values of ignored attributes and patterns', () => {
    page('<div id="root"><details id="x" data-ui-a="1"></details></div>');
    const x = byId('x');
    execJS(host, x, json([['ignore_attrs', { attrs: ['open', 'data-ui-*'] }]]), 'click');
    x.setAttribute('open', ''); // the user opened it
    x.setAttribute('data-ui-a', 'client');
    patch(
      '<div id="root"><details id="x" data-ui-a="server" data-ui-b="2" title="t"></details></div>',
    );
    expect(x.hasAttribute('open')).toBe(true);
    expect(x.getAttribute('data-ui-a')).toBe('client');
    expect(x.hasAttribute('data-ui-b')).toBe(false);
    expect(x.getAttribute('title')).toBe('t');
  });

  it('keeps transition classes during a transition and drops them after it', () => {
    fakeTimers();
    page('<div id="root"><div id="d" class="a"></div></div>');
    execJS(host, byId('d'), json([['transition', { transition: [['shake'], [], []] }]]), 'click');
    patch('<div id="root"><div id="d" class="a"></div></div>');
    expect(byId('d').className).toBe('a shake');
    vi.advanceTimersByTime(200);
    patch('<div id="root"><div id="d" class="a"></div></div>');
    expect(byId('d').className).toBe('a');
  });
});
