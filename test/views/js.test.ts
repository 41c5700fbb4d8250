import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { JsCommands } from '../../views/index.js';
import { DiffEngine, html, JS, renderToString, TemplateError } from '../../views/render/index.js';

/** The value of `attr` on the first element of `markup`, as a browser parses it. */
function parsedAttribute(markup: string, attr: string): string | null {
  const window = new Window();
  window.document.body.innerHTML = markup;
  const value = window.document.body.firstElementChild?.getAttribute(attr) ?? null;
  void window.happyDOM.close();
  return value;
}

const HOSTILE = `a"b<c>d&e'f`;

describe('JS: the commands it encodes', () => {
  it('encodes a push with every option, in the PROTOCOL 7 spelling', () => {
    const js = JS.push('save', {
      value: { id: 7 },
      target: 3,
      loading: '#form',
      page_loading: true,
    });
    expect(js.toJSON()).toEqual([
      [
        'push',
        { event: 'save', value: { id: 7 }, target: 3, loading: '#form', page_loading: true },
      ],
    ]);
  });

  it('leaves undefined options out of the JSON', () => {
    expect(JS.push('x', { value: undefined, target: undefined }).toString()).toBe(
      '[["push",{"event":"x"}]]',
    );
    expect(JS.show().toString()).toBe('[["show",{}]]');
    expect(JS.navigate('/a', {}).toString()).toBe('[["navigate",{"href":"/a"}]]');
  });

  it('encodes every command kind with its arguments', () => {
    const cases: Array<[JsCommands, unknown]> = [
      [JS.navigate('/p', { replace: true }), ['navigate', { href: '/p', replace: true }]],
      [JS.patch('/p?x=1'), ['patch', { href: '/p?x=1' }]],
      [
        JS.show({ to: '#m', display: 'flex', time: 300, blocking: false }),
        ['show', { to: '#m', display: 'flex', time: 300, blocking: false }],
      ],
      [JS.hide({ to: { closest: '.row' } }), ['hide', { to: { closest: '.row' } }]],
      [
        JS.toggle({ to: { inner: 'li' }, in: 'fade-in', out: ['a', 'b', 'c'], display: 'grid' }),
        [
          'toggle',
          {
            to: { inner: 'li' },
            display: 'grid',
            ins: [['fade-in'], [], []],
            outs: [['a'], ['b'], ['c']],
          },
        ],
      ],
      [JS.addClass('a b', { to: '#x' }), ['add_class', { to: '#x', names: ['a', 'b'] }]],
      [JS.removeClass(['a']), ['remove_class', { names: ['a'] }]],
      [JS.toggleClass('  on  '), ['toggle_class', { names: ['on'] }]],
      [
        JS.transition('shake', { to: '#f', time: 500 }),
        ['transition', { to: '#f', transition: [['shake'], [], []], time: 500 }],
      ],
      [
        JS.setAttribute(['aria-expanded', 'true']),
        ['set_attr', { attr: ['aria-expanded', 'true'] }],
      ],
      [JS.removeAttribute('title', { to: '#t' }), ['remove_attr', { to: '#t', attr: 'title' }]],
      [JS.toggleAttribute(['open', 'open']), ['toggle_attr', { attr: ['open', 'open'] }]],
      [JS.toggleAttribute(['a', '1', '2']), ['toggle_attr', { attr: ['a', '1', '2'] }]],
      [JS.ignoreAttributes('open data-ui-*'), ['ignore_attrs', { attrs: ['open', 'data-ui-*'] }]],
      [
        JS.dispatch('app:copy', { to: '#c', detail: { n: 1 }, bubbles: false }),
        ['dispatch', { event: 'app:copy', to: '#c', detail: { n: 1 }, bubbles: false }],
      ],
      [JS.focus({ to: '#s' }), ['focus', { to: '#s' }]],
      [JS.focusFirst({ to: '#m' }), ['focus_first', { to: '#m' }]],
      [JS.pushFocus(), ['push_focus', {}]],
      [JS.popFocus(), ['pop_focus', {}]],
      [JS.exec('data-cancel', { to: '#m' }), ['exec', { attr: 'data-cancel', to: '#m' }]],
    ];
    for (const [js, command] of cases) expect(js.toJSON()).toEqual([command]);
  });

  it('splits three-part transitions into running, start and end lists', () => {
    const js = JS.show({ transition: ['ease-out duration-300', 'opacity-0', ['opacity-100']] });
    expect(js.toJSON()).toEqual([
      ['show', { transition: [['ease-out', 'duration-300'], ['opacity-0'], ['opacity-100']] }],
    ]);
  });

  it('chains commands in order and never changes a chain it extends', () => {
    const base = JS.push('a');
    const longer = base.hide({ to: '#m' }).popFocus();
    expect(base.toJSON()).toEqual([['push', { event: 'a' }]]);
    expect(longer.toJSON()).toEqual([
      ['push', { event: 'a' }],
      ['hide', { to: '#m' }],
      ['pop_focus', {}],
    ]);
    expect(JS.toJSON()).toEqual([]);
  });

  it('serialises to the command array inside a JSON payload', () => {
    const payload = { onDone: JS.addClass('ok', { to: '#n' }) };
    expect(JSON.parse(JSON.stringify(payload))).toEqual({
      onDone: [['add_class', { to: '#n', names: ['ok'] }]],
    });
  });
});

describe('JS in a template', () => {
  const js = JS.push('save', { value: { note: HOSTILE } }).hide({ to: '#m' });

  it('renders an attribute whose parsed value is the commands JSON', () => {
    const markup = renderToString(html`<button phx-click=${js}>Save</button>`);
    const value = parsedAttribute(markup, 'phx-click');
    expect(value).not.toBeNull();
    expect(JSON.parse(value ?? '')).toEqual(js.toJSON());
  });

  it('escapes quotes, angle brackets, ampersands and apostrophes inside values', () => {
    const markup = renderToString(html`<button phx-click=${js}>Save</button>`);
    const attribute = markup.slice(markup.indexOf('"') + 1, markup.lastIndexOf('"'));
    expect(attribute).not.toMatch(/["<>']/);
    expect(attribute).toContain('&quot;');
    expect(attribute).toContain('&lt;c&gt;d&amp;e&#39;f');
  });

  it('renders the same in a quoted value and in a spread', () => {
    const quoted = renderToString(html`<b phx-click="${js}">x</b>`);
    const spread = renderToString(html`<b ${{ 'phx-click': js }}>x</b>`);
    expect(quoted).toBe(renderToString(html`<b phx-click=${js}>x</b>`));
    expect(spread).toBe(quoted);
  });

  it('goes through the diff engine as the same escaped attribute, resent only when it changes', () => {
    const engine = new DiffEngine();
    const view = (a: { id: number }) =>
      html`<button phx-click=${JS.push('pick', { value: { id: a.id, note: HOSTILE } })}>x</button>`;
    const first = engine.renderView(view, { id: 1 });
    const slot = first['0'];
    expect(typeof slot).toBe('string');
    expect(`<button${slot}>x</button>`).toBe(renderToString(view({ id: 1 })));
    expect(engine.renderView(view, { id: 1 })).toEqual({});
    const second = engine.renderView(view, { id: 2 });
    const value = parsedAttribute(`<button${second['0']}>x</button>`, 'phx-click');
    expect(JSON.parse(value ?? '')).toEqual(
      JS.push('pick', { value: { id: 2, note: HOSTILE } }).toJSON(),
    );
  });

  it('is refused in text content and as a whole spread, with a TemplateError', () => {
    expect(() => renderToString(html`<p>${js}</p>`)).toThrow(TemplateError);
    expect(() => renderToString(html`<p ${js}></p>`)).toThrow(/JS commands/);
  });
});
