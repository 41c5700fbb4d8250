import { describe, expect, it } from 'vitest';
import { html, JS, link } from '../../views/index.js';
import { DiffEngine, renderToString } from '../../views/render/index.js';

describe('link', () => {
  it('renders a patch link that pushes history by default', () => {
    expect(renderToString(link({ patch: '/posts?page=2' }, 'Next'))).toBe(
      '<a href="/posts?page=2" data-phx-link="patch" data-phx-link-state="push">Next</a>',
    );
  });

  it('renders a navigate link as a redirect, and replace as the state', () => {
    expect(renderToString(link({ navigate: '/users', replace: true }, 'Users'))).toBe(
      '<a href="/users" data-phx-link="redirect" data-phx-link-state="replace">Users</a>',
    );
  });

  it('renders a plain href as a normal link, ignoring replace', () => {
    expect(renderToString(link({ href: '/logout', replace: true }, 'Out'))).toBe(
      '<a href="/logout">Out</a>',
    );
    expect(renderToString(link({}, 'Nowhere'))).toBe('<a href="#">Nowhere</a>');
  });

  it('escapes the URL and string content, and keeps template content as markup', () => {
    expect(renderToString(link({ patch: '/s?q="x"&a=<b>' }, '<i>'))).toBe(
      '<a href="/s?q=&quot;x&quot;&amp;a=&lt;b&gt;" data-phx-link="patch" data-phx-link-state="push">&lt;i&gt;</a>',
    );
    expect(renderToString(link({ href: '/h' }, html`<b>${'bold & co'}</b>`))).toBe(
      '<a href="/h"><b>bold &amp; co</b></a>',
    );
  });

  it('adds extra attributes, JS commands included', () => {
    const a = link(
      { navigate: '/x', attrs: { class: 'nav', 'phx-click': JS.hide({ to: '#menu' }) } },
      'X',
    );
    expect(renderToString(a)).toBe(
      '<a href="/x" data-phx-link="redirect" data-phx-link-state="push" class="nav" ' +
        'phx-click="[[&quot;hide&quot;,{&quot;to&quot;:&quot;#menu&quot;}]]">X</a>',
    );
  });

  it('refuses two destinations, and javascript: URLs however they are spelled', () => {
    expect(() => link({ patch: '/a', href: '/b' }, 'x')).toThrow(TypeError);
    expect(() => link({ href: 'javascript:alert(1)' }, 'x')).toThrow(/javascript/);
    expect(() => link({ navigate: ' \tJaVa\nScRiPt:alert(1)' }, 'x')).toThrow(TypeError);
    expect(() => link({ href: '/docs/javascript:intro' }, 'x')).not.toThrow();
  });

  it('diffs like any template: a change of kind sends only the changed attributes', () => {
    const engine = new DiffEngine();
    const view = (a: { live: boolean }) =>
      html`<nav>${a.live ? link({ patch: '/a' }, 'A') : link({ navigate: '/a', replace: true }, 'A')}</nav>`;
    const first = engine.renderView(view, { live: true });
    expect(engine.toHtml(view({ live: true }))).toBe(renderToString(view({ live: true })));
    expect(first).toEqual({
      '0': {
        '0': ' href="/a"',
        '1': ' data-phx-link="patch"',
        '2': ' data-phx-link-state="push"',
        '3': '',
        '4': 'A',
        s: 0,
        r: 1,
      },
      s: 1,
      p: { '0': ['<a', '', '', '', '>', '</a>'], '1': ['<nav>', '</nav>'] },
    });
    expect(engine.renderView(view, { live: false })).toEqual({
      '0': { '1': ' data-phx-link="redirect"', '2': ' data-phx-link-state="replace"' },
    });
    expect(engine.renderView(view, { live: false })).toEqual({});
  });
});
