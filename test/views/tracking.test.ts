import { describe, expect, it } from 'vitest';
import {
  DiffEngine,
  defineComponent,
  html,
  liveComponent,
  renderToString,
} from '../../views/render/index.js';

interface Assigns {
  user: { name: string };
  count: number;
  theme: string;
}

const start: Assigns = { user: { name: 'ann' }, count: 0, theme: 'light' };

function lazyView() {
  const calls = { user: 0, theme: 0 };
  const view = (a: Readonly<Assigns>) =>
    html`<header>${() => {
      calls.user++;
      return html`<b>${a.user.name}</b>`;
    }}</header><main class=${() => {
      calls.theme++;
      return a.theme;
    }}>${a.count}</main>`;
  return { view, calls };
}

describe('lazy slots', () => {
  it('run on the first render and record what they read', () => {
    const engine = new DiffEngine();
    const { view, calls } = lazyView();
    expect(engine.renderView(view, start)).toEqual({
      '0': { '0': 'ann', s: 0, r: 1 },
      '1': ' class="light"',
      '2': '0',
      s: 1,
      p: { '0': ['<b>', '</b>'], '1': ['<header>', '</header><main', '>', '</main>'] },
    });
    expect(calls).toEqual({ user: 1, theme: 1 });
  });

  it('are skipped (not called, nothing sent) when none of their assigns changed', () => {
    const engine = new DiffEngine();
    const { view, calls } = lazyView();
    engine.renderView(view, start);
    expect(
      engine.renderView(view, { ...start, count: 1 }, { changed: new Set(['count']) }),
    ).toEqual({ '2': '1' });
    expect(calls).toEqual({ user: 1, theme: 1 });
  });

  it('run again when an assign they read changed, and send only what differs', () => {
    const engine = new DiffEngine();
    const { view, calls } = lazyView();
    engine.renderView(view, start);
    const next = { ...start, user: { name: 'bob' } };
    expect(engine.renderView(view, next, { changed: new Set(['user']) })).toEqual({
      '0': { '0': 'bob' },
    });
    expect(calls).toEqual({ user: 2, theme: 1 });
    expect(
      engine.renderView(view, { ...next, theme: 'dark' }, { changed: new Set(['theme']) }),
    ).toEqual({
      '1': ' class="dark"',
    });
    expect(calls).toEqual({ user: 2, theme: 2 });
  });

  it('all run when changed is undefined', () => {
    const engine = new DiffEngine();
    const { view, calls } = lazyView();
    engine.renderView(view, start);
    expect(engine.renderView(view, start)).toEqual({});
    expect(calls).toEqual({ user: 2, theme: 2 });
  });

  it('credit reads of nested lazy slots to the enclosing one', () => {
    const engine = new DiffEngine();
    let outer = 0;
    let inner = 0;
    const view = (a: Readonly<{ x: number; y: number }>) =>
      html`<div>${() => {
        outer++;
        return html`<p>${() => {
          inner++;
          return a.y;
        }}</p>`;
      }}${a.x}</div>`;
    engine.renderView(view, { x: 0, y: 0 });
    expect(engine.renderView(view, { x: 1, y: 0 }, { changed: new Set(['x']) })).toEqual({
      '1': '1',
    });
    expect([outer, inner]).toEqual([1, 1]);
    expect(engine.renderView(view, { x: 1, y: 5 }, { changed: new Set(['y']) })).toEqual({
      '0': { '0': '5' },
    });
    expect([outer, inner]).toEqual([2, 2]);
  });

  it('see only the reads of their last run (a branch not taken is not a dependency)', () => {
    const engine = new DiffEngine();
    let runs = 0;
    const view = (a: Readonly<{ admin: boolean; secret: string }>) =>
      html`<p>${() => {
        runs++;
        return a.admin ? a.secret : 'hidden';
      }}</p>`;
    engine.renderView(view, { admin: false, secret: 's1' });
    expect(
      engine.renderView(view, { admin: false, secret: 's2' }, { changed: new Set(['secret']) }),
    ).toEqual({});
    expect(runs).toBe(1);
    expect(
      engine.renderView(view, { admin: true, secret: 's2' }, { changed: new Set(['admin']) }),
    ).toEqual({ '0': 's2' });
    expect(
      engine.renderView(view, { admin: true, secret: 's3' }, { changed: new Set(['secret']) }),
    ).toEqual({ '0': 's3' });
    expect(runs).toBe(3);
  });

  it('do not depend on what a live component placed inside them reads', () => {
    const Label = defineComponent<{ label: string }>({ render: (a) => html`<p>${a.label}</p>` });
    const engine = new DiffEngine();
    let runs = 0;
    const view = (a: Readonly<{ x: number; label: string }>) =>
      html`<div>${() => {
        runs++;
        return liveComponent(Label, { id: 1, label: 'fixed' });
      }}${a.x}</div>`;
    engine.renderView(view, { x: 0, label: 'a' });
    expect(engine.renderView(view, { x: 0, label: 'b' }, { changed: new Set(['label']) })).toEqual(
      {},
    );
    expect(runs).toBe(1);
  });

  it('are called in the dead render', () => {
    const { view } = lazyView();
    expect(renderToString(view(start))).toBe(
      '<header><b>ann</b></header><main class="light">0</main>',
    );
  });
});

describe('the assigns proxy', () => {
  it('is read-only', () => {
    const engine = new DiffEngine();
    const tracked = engine.track({ a: 1 }) as { a: number };
    expect(() => {
      tracked.a = 2;
    }).toThrow(TypeError);
    expect(tracked.a).toBe(1);
  });

  it('is the same proxy for the same assigns object', () => {
    const engine = new DiffEngine();
    const assigns = { a: 1 };
    expect(engine.track(assigns)).toBe(engine.track(assigns));
  });
});
