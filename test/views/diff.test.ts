import { describe, expect, it } from 'vitest';
import { DiffEngine, html, raw, renderToString, TemplateError } from '../../views/render/index.js';

const counter = (a: { count: number }) =>
  html`<span>${a.count}</span><button phx-click="inc">+</button>`;

describe('DiffEngine: first render and slots', () => {
  it('sends the complete tree first, with root statics in p, and no root flag at the top', () => {
    const engine = new DiffEngine();
    expect(engine.renderView(counter, { count: 0 })).toEqual({
      '0': '0',
      s: 0,
      p: { '0': ['<span>', '</span><button phx-click="inc">+</button>'] },
    });
  });

  it('sends only the changed slot, then nothing when nothing changed', () => {
    const engine = new DiffEngine();
    engine.renderView(counter, { count: 0 });
    expect(engine.renderView(counter, { count: 1 }, { changed: new Set(['count']) })).toEqual({
      '0': '1',
    });
    expect(engine.renderView(counter, { count: 1 }, { changed: new Set() })).toEqual({});
    expect(engine.renderView(counter, { count: 1 })).toEqual({});
  });

  it('never puts the root flag at the top level, even for a single-element root', () => {
    const engine = new DiffEngine();
    const diff = engine.render(html`<div id="x">${'a'}</div>`);
    expect(diff).toEqual({ '0': 'a', s: 0, p: { '0': ['<div id="x">', '</div>'] } });
    expect(diff).not.toHaveProperty('r');
  });

  it('diffs nested templates by position, three levels deep', () => {
    const engine = new DiffEngine();
    const view = (a: { x: string; y: string }) =>
      html`<main>${html`<section>${html`<p>${a.x}</p>`}${a.y}</section>`}</main>`;
    expect(engine.renderView(view, { x: 'a', y: 'b' })).toEqual({
      '0': { '0': { '0': 'a', s: 0, r: 1 }, '1': 'b', s: 1, r: 1 },
      s: 2,
      p: {
        '0': ['<p>', '</p>'],
        '1': ['<section>', '', '</section>'],
        '2': ['<main>', '</main>'],
      },
    });
    expect(engine.renderView(view, { x: 'A', y: 'b' })).toEqual({ '0': { '0': { '0': 'A' } } });
    expect(engine.renderView(view, { x: 'A', y: 'B' })).toEqual({ '0': { '1': 'B' } });
  });

  it('resends a slot whole when its template changes (a conditional switching branches)', () => {
    const engine = new DiffEngine();
    const view = (a: { on: boolean; n: number }) =>
      html`<div>${a.on ? html`<b>${a.n}</b>` : html`<i>${a.n} off</i>`}</div>`;
    engine.renderView(view, { on: true, n: 1 });
    expect(engine.renderView(view, { on: false, n: 1 })).toEqual({
      '0': { '0': '1', s: 0, r: 1 },
      p: { '0': ['<i>', ' off</i>'] },
    });
    expect(engine.renderView(view, { on: false, n: 2 })).toEqual({ '0': { '0': '2' } });
    expect(engine.renderView(view, { on: true, n: 2 })).toEqual({
      '0': { '0': '2', s: 0, r: 1 },
      p: { '0': ['<b>', '</b>'] },
    });
  });

  it('drops the fingerprint when a template slot becomes a string, and resends s after', () => {
    const engine = new DiffEngine();
    const view = (a: { show: boolean }) => html`<div>${a.show ? html`<p>hi</p>` : ''}</div>`;
    engine.renderView(view, { show: true });
    expect(engine.renderView(view, { show: false })).toEqual({ '0': '' });
    expect(engine.renderView(view, { show: true })).toEqual({
      '0': { s: 0, r: 1 },
      p: { '0': ['<p>hi</p>'] },
    });
  });

  it('shares one p entry between slots that use the same template', () => {
    const engine = new DiffEngine();
    const badge = (text: string) => html`<em>${text}</em>`;
    expect(engine.render(html`<p>${badge('a')}${badge('b')}</p>`)).toEqual({
      '0': { '0': 'a', s: 0, r: 1 },
      '1': { '0': 'b', s: 0, r: 1 },
      s: 1,
      p: { '0': ['<em>', '</em>'], '1': ['<p>', '', '</p>'] },
    });
  });

  it('sends the complete tree again when the root template changes', () => {
    const engine = new DiffEngine();
    engine.renderView(counter, { count: 0 });
    expect(engine.render(html`<h1>${'other'}</h1>`)).toEqual({
      '0': 'other',
      s: 0,
      p: { '0': ['<h1>', '</h1>'] },
    });
  });

  it('treats an === value as unchanged and an equal-looking new one by its markup', () => {
    const engine = new DiffEngine();
    const view = (a: { tags: string[]; note: ReturnType<typeof raw> }) =>
      html`<p>${a.tags}</p><p>${a.note}</p>`;
    engine.renderView(view, { tags: ['a', '<b>'], note: raw('<br>') });
    expect(engine.renderView(view, { tags: ['a', '<b>'], note: raw('<br>') })).toEqual({});
    expect(engine.renderView(view, { tags: ['a'], note: raw('<hr>') })).toEqual({
      '0': 'a',
      '1': '<hr>',
    });
  });

  it('sends the complete tree again after reset() (a client that lost its state)', () => {
    const engine = new DiffEngine();
    engine.renderView(counter, { count: 3 });
    engine.reset();
    expect(engine.renderView(counter, { count: 3 })).toEqual({
      '0': '3',
      s: 0,
      p: { '0': ['<span>', '</span><button phx-click="inc">+</button>'] },
    });
  });

  it('starts over with a complete render after a render threw', () => {
    const engine = new DiffEngine();
    const view = (a: { bad: boolean; n: number }) =>
      html`<p>${a.n}</p>${a.bad ? { not: 'renderable' } : ''}`;
    engine.renderView(view, { bad: false, n: 1 });
    expect(() => engine.renderView(view, { bad: true, n: 2 })).toThrow(TemplateError);
    expect(engine.renderView(view, { bad: false, n: 2 })).toMatchObject({
      '0': '2',
      '1': '',
      s: 0,
    });
  });
});

describe('DiffEngine: attribute slots', () => {
  const input = (a: { off: boolean | null | undefined; cls: unknown[]; v: string }) =>
    html`<input disabled=${a.off} class=${a.cls} value="${a.v}">`;

  it('renders a boolean attribute as the bare name, or not at all', () => {
    const engine = new DiffEngine();
    expect(engine.renderView(input, { off: true, cls: ['a'], v: 'x' })).toEqual({
      '0': ' disabled',
      '1': ' class="a"',
      '2': ' value="x"',
      s: 0,
      p: { '0': ['<input', '', '', '>'] },
    });
    expect(engine.renderView(input, { off: false, cls: ['a'], v: 'x' })).toEqual({ '0': '' });
    // null and undefined render like false: nothing new to send.
    expect(engine.renderView(input, { off: null, cls: ['a'], v: 'x' })).toEqual({});
    expect(engine.renderView(input, { off: undefined, cls: ['a'], v: 'x' })).toEqual({});
    expect(engine.renderView(input, { off: true, cls: ['a'], v: 'x' })).toEqual({
      '0': ' disabled',
    });
  });

  it('joins the truthy entries of a class list with spaces', () => {
    const engine = new DiffEngine();
    engine.renderView(input, { off: false, cls: ['btn'], v: '' });
    expect(
      engine.renderView(input, {
        off: false,
        cls: ['btn', false, null, 'primary', undefined, 0 && 'x'],
        v: '',
      }),
    ).toEqual({ '1': ' class="btn primary"' });
  });

  it('renders the same markup in the dead render', () => {
    expect(renderToString(input({ off: true, cls: ['a', false, 'b'], v: '"q"' }))).toBe(
      '<input disabled class="a b" value="&quot;q&quot;">',
    );
    expect(renderToString(input({ off: false, cls: [], v: '' }))).toBe('<input class="" value="">');
  });

  it('keeps a slot inside a quoted value as part of the value', () => {
    const engine = new DiffEngine();
    const view = (a: { kind: string }) => html`<a class="btn btn-${a.kind}" href="/x">go</a>`;
    expect(engine.renderView(view, { kind: 'primary' })).toEqual({
      '0': 'primary',
      s: 0,
      p: { '0': ['<a class="btn btn-', '" href="/x">go</a>'] },
    });
  });

  it('spreads an object of attributes between attributes', () => {
    expect(
      renderToString(
        html`<button ${{ id: 'b1', disabled: true, hidden: false, 'data-x': '<1>' }}>ok</button>`,
      ),
    ).toBe('<button id="b1" disabled data-x="&lt;1&gt;">ok</button>');
  });

  it('refuses a template in an attribute', () => {
    expect(() => renderToString(html`<a title=${html`<b></b>`}></a>`)).toThrow(
      expect.objectContaining({ code: 'ERR_TEMPLATE_SLOT_VALUE' }),
    );
  });
});

describe('DiffEngine: title, events and replies', () => {
  it('sends the title with the first render and then only when it changes', () => {
    const engine = new DiffEngine();
    expect(engine.renderView(counter, { count: 0 }, { title: 'Counter' })).toMatchObject({
      t: 'Counter',
    });
    expect(engine.renderView(counter, { count: 0 }, { title: 'Counter' })).toEqual({});
    expect(engine.renderView(counter, { count: 0 }, { title: 'Count: 1' })).toEqual({
      t: 'Count: 1',
    });
  });

  it('carries pushed events even when the tree did not change', () => {
    const engine = new DiffEngine();
    engine.renderView(counter, { count: 0 });
    expect(
      engine.renderView(
        counter,
        { count: 0 },
        {
          events: [
            ['highlight', { id: 1 }],
            ['scroll', {}, true],
          ],
        },
      ),
    ).toEqual({
      e: [
        ['highlight', { id: 1 }],
        ['scroll', {}, true],
      ],
    });
  });

  it('puts an event reply at the top-level r, next to the changed slots', () => {
    const engine = new DiffEngine();
    engine.renderView(counter, { count: 0 });
    expect(
      engine.renderView(
        counter,
        { count: 5 },
        { changed: new Set(['count']), reply: { ok: true } },
      ),
    ).toEqual({ '0': '5', r: { ok: true } });
  });
});
