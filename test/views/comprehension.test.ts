import { describe, expect, it } from 'vitest';
import type { Template } from '../../views/index.js';
import {
  DiffEngine,
  defineComponent,
  html,
  keyed,
  liveComponent,
  renderToString,
} from '../../views/render/index.js';

interface Row {
  readonly id: number;
  readonly label: string;
}

const row = (r: Row) => html`<tr id=${`r${r.id}`}><td>${r.label}</td></tr>`;
const ROW_STATICS = ['<tr', '><td>', '</td></tr>'];

function keyedTable() {
  let calls = 0;
  const view = (a: { rows: readonly Row[] }) =>
    html`<table>${keyed(
      a.rows,
      (r) => r.id,
      (r) => {
        calls++;
        return row(r);
      },
    )}</table>`;
  return { view, calls: () => calls };
}

const rows = (...ids: number[]): Row[] => ids.map((id) => ({ id, label: `row ${id}` }));

describe('plain arrays of templates (keyed by index)', () => {
  const list = (a: { items: readonly string[] }) =>
    html`<ul>${a.items.map((item) => html`<li>${item}</li>`)}</ul>`;

  it('sends the statics once and one entry of slots per item', () => {
    const engine = new DiffEngine();
    expect(engine.renderView(list, { items: ['a', 'b'] })).toEqual({
      '0': { s: 0, k: { '0': { '0': 'a' }, '1': { '0': 'b' }, kc: 2 } },
      s: 1,
      p: { '0': ['<li>', '</li>'], '1': ['<ul>', '</ul>'] },
    });
  });

  it('sends one changed entry, an appended entry, and a shorter count', () => {
    const engine = new DiffEngine();
    engine.renderView(list, { items: ['a', 'b'] });
    expect(engine.renderView(list, { items: ['a', 'B'] })).toEqual({
      '0': { k: { '1': { '0': 'B' }, kc: 2 } },
    });
    expect(engine.renderView(list, { items: ['a', 'B', 'c'] })).toEqual({
      '0': { k: { '2': { '0': 'c' }, kc: 3 } },
    });
    expect(engine.renderView(list, { items: ['a'] })).toEqual({ '0': { k: { kc: 1 } } });
  });

  it('omits the comprehension when no entry changed and the count is the same', () => {
    const engine = new DiffEngine();
    engine.renderView(list, { items: ['a', 'b'] });
    expect(engine.renderView(list, { items: ['a', 'b'] })).toEqual({});
  });

  it('resends the changed dynamics of every position after a prepend', () => {
    const engine = new DiffEngine();
    engine.renderView(list, { items: ['a', 'b'] });
    expect(engine.renderView(list, { items: ['z', 'a', 'b'] })).toEqual({
      '0': { k: { '0': { '0': 'z' }, '1': { '0': 'a' }, '2': { '0': 'b' }, kc: 3 } },
    });
  });

  it('sends "" for an empty list on first render, and {k:{kc:0}} when a list empties', () => {
    const engine = new DiffEngine();
    expect(engine.renderView(list, { items: [] })).toEqual({
      '0': '',
      s: 0,
      p: { '0': ['<ul>', '</ul>'] },
    });
    expect(engine.renderView(list, { items: ['a'] })).toEqual({
      '0': { s: 0, k: { '0': { '0': 'a' }, kc: 1 } },
      p: { '0': ['<li>', '</li>'] },
    });
    expect(engine.renderView(list, { items: [] })).toEqual({ '0': { k: { kc: 0 } } });
    expect(engine.renderView(list, { items: ['b'] })).toEqual({
      '0': { k: { '0': { '0': 'b' }, kc: 1 } },
    });
  });

  it('wraps entries of different templates: statics ["", ""] and a node per entry', () => {
    const engine = new DiffEngine();
    const mixed = (a: { done: boolean[] }) =>
      html`<ul>${a.done.map((d) => (d ? html`<s>done</s>` : html`<b>todo</b>`))}</ul>`;
    expect(engine.renderView(mixed, { done: [true, false] })).toEqual({
      '0': {
        s: 2,
        k: { '0': { '0': { s: 0, r: 1 } }, '1': { '0': { s: 1, r: 1 } }, kc: 2 },
      },
      s: 3,
      p: { '0': ['<s>done</s>'], '1': ['<b>todo</b>'], '2': ['', ''], '3': ['<ul>', '</ul>'] },
    });
    expect(engine.renderView(mixed, { done: [true, true] })).toEqual({
      '0': { k: { '1': { '0': { s: 0, r: 1 } }, kc: 2 } },
      p: { '0': ['<s>done</s>'] },
    });
  });

  it('resends the whole comprehension when its entry template changes', () => {
    const engine = new DiffEngine();
    const view = (a: { bold: boolean; items: string[] }) =>
      html`<p>${a.items.map((i) => (a.bold ? html`<b>${i}</b>` : html`<i>${i}</i>`))}</p>`;
    engine.renderView(view, { bold: false, items: ['x'] });
    expect(engine.renderView(view, { bold: true, items: ['x'] })).toEqual({
      '0': { s: 0, k: { '0': { '0': 'x' }, kc: 1 } },
      p: { '0': ['<b>', '</b>'] },
    });
  });
});

describe('keyed comprehensions', () => {
  it('renders every entry on first render', () => {
    const engine = new DiffEngine();
    const { view } = keyedTable();
    expect(engine.renderView(view, { rows: rows(1, 2) })).toEqual({
      '0': {
        s: 0,
        k: {
          '0': { '0': ' id="r1"', '1': 'row 1' },
          '1': { '0': ' id="r2"', '1': 'row 2' },
          kc: 2,
        },
      },
      s: 1,
      p: { '0': ROW_STATICS, '1': ['<table>', '</table>'] },
    });
  });

  it('does not call the render callback for items === the last ones', () => {
    const engine = new DiffEngine();
    const { view, calls } = keyedTable();
    const data = rows(1, 2, 3);
    engine.renderView(view, { rows: data });
    expect(calls()).toBe(3);
    expect(engine.renderView(view, { rows: [...data] })).toEqual({});
    expect(calls()).toBe(3);
  });

  it('renders === items again when an assign their callback read has changed', () => {
    const engine = new DiffEngine();
    let calls = 0;
    const view = (a: Readonly<{ rows: readonly Row[]; selected: number }>) =>
      html`<ul>${keyed(
        a.rows,
        (r) => r.id,
        (r) => {
          calls++;
          return html`<li class=${a.selected === r.id ? 'on' : 'off'}>${r.label}</li>`;
        },
      )}</ul>`;
    const data = rows(1, 2, 3);
    engine.renderView(view, { rows: data, selected: 1 });
    expect(
      engine.renderView(view, { rows: data, selected: 1 }, { changed: new Set(['other']) }),
    ).toEqual({});
    expect(calls).toBe(3);
    expect(
      engine.renderView(view, { rows: data, selected: 2 }, { changed: new Set(['selected']) }),
    ).toEqual({
      '0': { k: { '0': { '0': ' class="off"' }, '1': { '0': ' class="on"' }, kc: 3 } },
    });
    expect(calls).toBe(6);
  });

  it('sends one changed entry and renders only that one', () => {
    const engine = new DiffEngine();
    const { view, calls } = keyedTable();
    const data = rows(1, 2, 3);
    engine.renderView(view, { rows: data });
    const next = data.map((r) => (r.id === 2 ? { ...r, label: 'changed' } : r));
    expect(engine.renderView(view, { rows: next })).toEqual({
      '0': { k: { '1': { '1': 'changed' }, kc: 3 } },
    });
    expect(calls()).toBe(4);
  });

  it('appends a new key as a full entry', () => {
    const engine = new DiffEngine();
    const { view } = keyedTable();
    const data = rows(1, 2);
    engine.renderView(view, { rows: data });
    expect(engine.renderView(view, { rows: [...data, ...rows(9)] })).toEqual({
      '0': { k: { '2': { '0': ' id="r9"', '1': 'row 9' }, kc: 3 } },
    });
  });

  it('sends a swap as two moves with km', () => {
    const engine = new DiffEngine();
    const { view, calls } = keyedTable();
    const [a, b, c] = rows(1, 2, 3) as [Row, Row, Row];
    engine.renderView(view, { rows: [a, b, c] });
    expect(engine.renderView(view, { rows: [c, b, a] })).toEqual({
      '0': { k: { '0': 2, '2': 0, kc: 3, km: true } },
    });
    expect(calls()).toBe(3);
  });

  it('sends a deletion in the middle as moves of the entries after it', () => {
    const engine = new DiffEngine();
    const { view } = keyedTable();
    const [a, b, c, d] = rows(1, 2, 3, 4) as [Row, Row, Row, Row];
    engine.renderView(view, { rows: [a, b, c, d] });
    expect(engine.renderView(view, { rows: [a, c, d] })).toEqual({
      '0': { k: { '1': 2, '2': 3, kc: 3, km: true } },
    });
  });

  it('sends a moved entry that also changed as [old index, diff]', () => {
    const engine = new DiffEngine();
    const { view } = keyedTable();
    const [a, b] = rows(1, 2) as [Row, Row];
    engine.renderView(view, { rows: [a, b] });
    expect(engine.renderView(view, { rows: [{ ...b, label: 'B' }, a] })).toEqual({
      '0': { k: { '0': [1, { '1': 'B' }], '1': 0, kc: 2, km: true } },
    });
  });

  it('keeps its key index right over a series of moves, inserts and deletes', () => {
    const engine = new DiffEngine();
    const { view } = keyedTable();
    const all = rows(1, 2, 3, 4, 5) as [Row, Row, Row, Row, Row];
    const [r1, r2, r3, r4, r5] = all;
    engine.renderView(view, { rows: [r1, r2, r3] });
    engine.renderView(view, { rows: [r3, r1, r2] });
    engine.renderView(view, { rows: [r3, r4, r2] });
    expect(engine.renderView(view, { rows: [r2, r5, r3] })).toEqual({
      '0': { k: { '0': 2, '1': { '0': ' id="r5"', '1': 'row 5' }, '2': 0, kc: 3, km: true } },
    });
  });

  it('ships p again for a new entry holding a nested template', () => {
    const engine = new DiffEngine();
    const view = (a: { rows: readonly Row[] }) =>
      html`<ul>${keyed(
        a.rows,
        (r) => r.id,
        (r) => html`<li>${html`<b>${r.label}</b>`}</li>`,
      )}</ul>`;
    engine.renderView(view, { rows: rows(1) });
    expect(engine.renderView(view, { rows: rows(1, 2) })).toEqual({
      '0': { k: { '1': { '0': { '0': 'row 2', s: 0, r: 1 } }, kc: 2 } },
      p: { '0': ['<b>', '</b>'] },
    });
  });

  it('rejects duplicate keys, on first render and on update', () => {
    const engine = new DiffEngine();
    const { view } = keyedTable();
    const [a, b] = rows(1, 2) as [Row, Row];
    expect(() => engine.renderView(view, { rows: [a, a] })).toThrow(
      expect.objectContaining({ code: 'ERR_DUPLICATE_KEY' }),
    );
    const fresh = new DiffEngine();
    fresh.renderView(view, { rows: [a, b] });
    expect(() => fresh.renderView(view, { rows: [b, b] })).toThrow(
      expect.objectContaining({ code: 'ERR_DUPLICATE_KEY' }),
    );
    const third = new DiffEngine();
    third.renderView(view, { rows: [a, b] });
    expect(() => third.renderView(view, { rows: [a, b, { ...a }] })).toThrow(
      expect.objectContaining({ code: 'ERR_DUPLICATE_KEY' }),
    );
  });

  it('renders the same HTML in the dead render', () => {
    const { view } = keyedTable();
    expect(renderToString(view({ rows: rows(1, 2) }))).toBe(
      '<table><tr id="r1"><td>row 1</td></tr><tr id="r2"><td>row 2</td></tr></table>',
    );
  });
});

describe('comprehensions inside live components', () => {
  it('carry their own p for nested templates (components have no templates table)', () => {
    const List = defineComponent<{ items: string[] }>({
      render: (a) => html`<ul>${a.items.map((i) => html`<li>${html`<b>${i}</b>`}</li>`)}</ul>`,
    });
    const engine = new DiffEngine();
    const view = (a: { items: string[] }): Template =>
      html`<div>${liveComponent(List, { id: 'l', items: a.items })}</div>`;
    expect(engine.renderView(view, { items: ['x'] })).toEqual({
      '0': 1,
      s: 0,
      p: { '0': ['<div>', '</div>'] },
      c: {
        '1': {
          '0': {
            s: ['<li>', '</li>'],
            k: { '0': { '0': { '0': 'x', s: 0, r: 1 } }, kc: 1 },
            p: { '0': ['<b>', '</b>'] },
          },
          s: ['<ul>', '</ul>'],
          r: 1,
        },
      },
    });
    expect(engine.renderView(view, { items: ['x', 'y'] })).toEqual({
      '0': 1,
      c: {
        '1': {
          '0': {
            k: { '1': { '0': { '0': 'y', s: 0, r: 1 } }, kc: 2 },
            p: { '0': ['<b>', '</b>'] },
          },
        },
      },
    });
  });
});
