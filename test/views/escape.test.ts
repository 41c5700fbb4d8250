import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Template } from '../../views/index.js';
import {
  DiffEngine,
  defineComponent,
  escapeHtml,
  html,
  keyed,
  liveComponent,
  raw,
  renderToString,
} from '../../views/render/index.js';

// Written out by hand, independently of escape.ts.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const expectedEscape = (s: string) => [...s].map((ch) => ENTITIES[ch] ?? ch).join('');

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '" onmouseover="alert(1)',
  ' onclick=alert(1) ',
  '</textarea><script>x</script>',
  '<!-- comment --><svg onload=alert(1)>',
  '&amp; &lt;b&gt; &#39; &quot;',
  '&',
  '`{x}` \\ / = > <',
  'emoji 🎉, RTL \u202e override, line sep \u2028, nul \u0000, é',
];

const Show = defineComponent<{ v: string }>({
  render: (a) => html`<p title=${a.v}>${a.v}</p>`,
});

// Each context: the template with the hostile value, and the markup expected for an escaped value.
const CONTEXTS: Record<
  string,
  { render: (s: string) => Template; expected: (e: string) => string }
> = {
  text: { render: (s) => html`<p>${s}</p>`, expected: (e) => `<p>${e}</p>` },
  'quoted attribute': {
    render: (s) => html`<a title="${s}">x</a>`,
    expected: (e) => `<a title="${e}">x</a>`,
  },
  'single-quoted attribute': {
    render: (s) => html`<a title='${s}'>x</a>`,
    expected: (e) => `<a title="${e}">x</a>`,
  },
  'unquoted attribute': {
    render: (s) => html`<a title=${s}>x</a>`,
    expected: (e) => `<a title="${e}">x</a>`,
  },
  'part of a quoted value': {
    render: (s) => html`<a class="btn ${s}">x</a>`,
    expected: (e) => `<a class="btn ${e}">x</a>`,
  },
  'class list': {
    render: (s) => html`<a class=${['btn', s]}>x</a>`,
    expected: (e) => `<a class="btn ${e}">x</a>`,
  },
  'spread attributes': {
    render: (s) => html`<a ${{ 'data-v': s }}>x</a>`,
    expected: (e) => `<a data-v="${e}">x</a>`,
  },
  'array of strings': { render: (s) => html`<p>${[s, s]}</p>`, expected: (e) => `<p>${e}${e}</p>` },
  'comprehension entry': {
    render: (s) => html`<ul>${[s].map((v) => html`<li>${v}</li>`)}</ul>`,
    expected: (e) => `<ul><li>${e}</li></ul>`,
  },
  'keyed entry': {
    render: (s) =>
      html`<ul>${keyed(
        [s],
        (v) => v,
        (v) => html`<li id=${v}>${v}</li>`,
      )}</ul>`,
    expected: (e) => `<ul><li id="${e}">${e}</li></ul>`,
  },
  'live component': {
    render: (s) => html`<div>${liveComponent(Show, { id: 1, v: s })}</div>`,
    expected: (e) => `<div><p title="${e}">${e}</p></div>`,
  },
  'lazy slot': { render: (s) => html`<p>${() => s}</p>`, expected: (e) => `<p>${e}</p>` },
};

describe('escaping', () => {
  it('escapes the five HTML specials and nothing else', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;',
    );
    expect(escapeHtml('plain é 🎉')).toBe('plain é 🎉');
  });

  it('escapes already-escaped text again: values are text, not markup (use raw() for markup)', () => {
    expect(renderToString(html`<p>${'&amp;'}</p>`)).toBe('<p>&amp;amp;</p>');
    expect(renderToString(html`<p>${raw('&amp;')}</p>`)).toBe('<p>&amp;</p>');
  });

  it('does not sanitise URLs: a javascript: href is the application’s to refuse', () => {
    // Escaping keeps a value inside its attribute; it cannot judge a URL scheme.
    expect(renderToString(html`<a href=${'javascript:alert(1)'}>x</a>`)).toBe(
      '<a href="javascript:alert(1)">x</a>',
    );
  });

  for (const [context, { render, expected }] of Object.entries(CONTEXTS)) {
    it(`renders hostile strings inert in ${context}`, () => {
      for (const hostile of HOSTILE) {
        const markup = expected(expectedEscape(hostile));
        expect(renderToString(render(hostile))).toBe(markup);
      }
    });
  }

  it('sends the same escaped markup in diffs as in the dead render', () => {
    const engine = new DiffEngine();
    const view = (a: { v: string }) => html`<p title=${a.v}>${a.v}</p>`;
    engine.renderView(view, { v: 'x' });
    const hostile = HOSTILE[1] as string;
    expect(engine.renderView(view, { v: hostile })).toEqual({
      '0': ` title="${expectedEscape(hostile)}"`,
      '1': expectedEscape(hostile),
    });
  });

  it('property: text and attribute values never carry a raw < > " \' or a bare &', () => {
    const isInert = (s: string) => !/[<>"']/.test(s) && !/&(?!amp;|lt;|gt;|quot;|#39;)/.test(s);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(isInert(renderToString(html`${s}`))).toBe(true);
        const attribute = renderToString(html`<a title="${s}">`);
        expect(attribute.startsWith('<a title="') && attribute.endsWith('">')).toBe(true);
        expect(isInert(attribute.slice('<a title="'.length, -'">'.length))).toBe(true);
      }),
    );
  });
});
