import { describe, expect, it } from 'vitest';
import type { LiveComponent } from '../../views/index.js';
import {
  DiffEngine,
  defineComponent,
  html,
  liveComponent,
  renderToString,
  TemplateError,
} from '../../views/render/index.js';

interface Ev {
  readonly id: string;
  readonly name: string;
  readonly remaining: number;
}

function reserveComponent() {
  const counts = { mount: 0, update: 0, render: 0 };
  const Reserve = defineComponent<{ name: string; remaining: number }>({
    mount() {
      counts.mount++;
    },
    update(props, socket) {
      counts.update++;
      socket.assign(props);
    },
    handleEvent(event, _value, socket) {
      if (event !== 'reserve') return undefined;
      socket.update('remaining', (n) => n - 1);
      socket.pushEvent('reserved', { left: socket.assigns.remaining });
      return { reply: { ok: true } };
    },
    render: (a) => {
      counts.render++;
      return html`<li>${a.name}: ${a.remaining} <button phx-click="reserve" phx-target=${a.myself}>+</button></li>`;
    },
  });
  const view = (a: { events: readonly Ev[] }) =>
    html`<ul>${a.events.map((e) => liveComponent(Reserve, { id: e.id, name: e.name, remaining: e.remaining }))}</ul>`;
  return { Reserve, view, counts };
}

/** A view showing one `<p>` component (id 1, n 7) while `show` is true. */
function toggledComponent() {
  const One = defineComponent<{ n: number }>({ render: (a) => html`<p>${a.n}</p>` });
  return (a: { show: boolean }) =>
    html`<div>${a.show ? liveComponent(One, { id: 1, n: 7 }) : ''}</div>`;
}

const LI = ['<li>', ': ', ' <button phx-click="reserve"', '>+</button></li>'];
const events = (...ids: string[]): Ev[] =>
  ids.map((id) => ({ id, name: `ev ${id}`, remaining: 5 }));

describe('live components', () => {
  it('are sent complete under their cid on first render, statics shared by later instances', () => {
    const engine = new DiffEngine();
    const { view } = reserveComponent();
    expect(engine.renderView(view, { events: events('a', 'b', 'c') })).toEqual({
      '0': { s: 0, k: { '0': { '0': 1 }, '1': { '0': 2 }, '2': { '0': 3 }, kc: 3 } },
      s: 1,
      p: { '0': ['', ''], '1': ['<ul>', '</ul>'] },
      c: {
        '1': { '0': 'ev a', '1': '5', '2': ' phx-target="1"', s: LI, r: 1 },
        '2': { '0': 'ev b', '1': '5', '2': ' phx-target="2"', s: 1, r: 1 },
        '3': { '0': 'ev c', '1': '5', '2': ' phx-target="3"', s: 2, r: 1 },
      },
    });
  });

  it('point a component added later at one the client has cached (s: -cid)', () => {
    const engine = new DiffEngine();
    const { view } = reserveComponent();
    engine.renderView(view, { events: events('a') });
    expect(engine.renderView(view, { events: events('a', 'b') })).toEqual({
      '0': { k: { '1': { '0': 2 }, kc: 2 } },
      c: { '2': { '0': 'ev b', '1': '5', '2': ' phx-target="2"', s: -1, r: 1 } },
    });
  });

  it('send only the component whose assigns changed, and render only that one', () => {
    const engine = new DiffEngine();
    const { view, counts } = reserveComponent();
    const data = events('a', 'b', 'c');
    engine.renderView(view, { events: data });
    const next = data.map((e) => (e.id === 'b' ? { ...e, remaining: 4 } : e));
    // The changed component's cid comes again in its entry, so the client re-renders the
    // entry around it (the official client skips entries a diff does not touch).
    expect(engine.renderView(view, { events: next })).toEqual({
      '0': { k: { '1': { '0': 2 }, kc: 3 } },
      c: { '2': { '1': '4' } },
    });
    expect(counts).toEqual({ mount: 3, update: 6, render: 4 });
    expect(engine.renderView(view, { events: next })).toEqual({});
  });

  it('handle their own events: the diff holds only c, plus e and r', () => {
    const engine = new DiffEngine();
    const { view } = reserveComponent();
    engine.renderView(view, { events: events('a', 'b') });
    expect(engine.handleComponentEvent(2, 'reserve', {})).toEqual({
      c: { '2': { '1': '4' } },
      e: [['reserved', { left: 4 }]],
      r: { ok: true },
    });
    expect(engine.handleComponentEvent(2, 'other', {})).toEqual({});
  });

  it('stay after leaving the template until the client destroys them', () => {
    const engine = new DiffEngine();
    const { view } = reserveComponent();
    engine.renderView(view, { events: events('a', 'b') });
    expect(engine.renderView(view, { events: events('a') })).toEqual({ '0': { k: { kc: 1 } } });
    expect(engine.hasComponent(2)).toBe(true);
    expect(engine.destroy([2])).toEqual([]);
    engine.markForDestroy([2]);
    expect(engine.destroy([2, 99])).toEqual([2]);
    expect(engine.hasComponent(2)).toBe(false);
    expect(engine.componentCount).toBe(1);
  });

  it('are revived when rendered again between cids_will_destroy and cids_destroyed', () => {
    const engine = new DiffEngine();
    const view = toggledComponent();
    engine.renderView(view, { show: true });
    engine.renderView(view, { show: false });
    engine.markForDestroy([1]);
    expect(engine.renderView(view, { show: true })).toEqual({
      '0': 1,
      c: { '1': { '0': '7', s: ['<p>', '</p>'], r: 1 } },
    });
    expect(engine.destroy([1])).toEqual([]);
    expect(engine.hasComponent(1)).toBe(true);
  });

  it('get a new cid (never reused) after being destroyed', () => {
    const engine = new DiffEngine();
    const view = toggledComponent();
    engine.renderView(view, { show: true });
    engine.renderView(view, { show: false });
    engine.markForDestroy([1]);
    engine.destroy([1]);
    expect(engine.renderView(view, { show: true })).toEqual({
      '0': 2,
      c: { '2': { '0': '7', s: ['<p>', '</p>'], r: 1 } },
    });
  });

  it('are all re-mounted with new cids when the root template changes', () => {
    const engine = new DiffEngine();
    const One = defineComponent<{ n: number }>({ render: (a) => html`<p>${a.n}</p>` });
    engine.render(html`<div>${liveComponent(One, { id: 1, n: 1 })}</div>`);
    expect(engine.render(html`<section>${liveComponent(One, { id: 1, n: 1 })}</section>`)).toEqual({
      '0': 2,
      s: 0,
      p: { '0': ['<section>', '</section>'] },
      c: { '2': { '0': '1', s: ['<p>', '</p>'], r: 1 } },
    });
  });

  it('push events from mount/update into the view diff', () => {
    const engine = new DiffEngine();
    const Hello = defineComponent<{ n: number }>({
      mount(socket) {
        socket.pushEvent('hello', { cid: socket.myself });
      },
      render: (a) => html`<p>${a.n}</p>`,
    });
    expect(
      engine.render(html`<div>${liveComponent(Hello, { id: 'h', n: 1 })}</div>`, {
        events: [['view', 1]],
      }),
    ).toMatchObject({
      e: [
        ['view', 1],
        ['hello', { cid: 1 }],
      ],
    });
  });

  it('update through updateComponent (send_update)', () => {
    const engine = new DiffEngine();
    const { view } = reserveComponent();
    engine.renderView(view, { events: events('a') });
    expect(engine.updateComponent(1, { remaining: 0 })).toEqual({ c: { '1': { '1': '0' } } });
    expect(engine.updateComponent(1, { remaining: 0 })).toEqual({});
  });

  it('keep their own change tracking for lazy slots', () => {
    const engine = new DiffEngine();
    let lazyRuns = 0;
    const Card = defineComponent<{ title: string; n: number }>({
      render: (a) =>
        html`<div>${() => {
          lazyRuns++;
          return a.title;
        }} ${a.n}</div>`,
    });
    const view = (a: { n: number }) =>
      html`<main>${liveComponent(Card, { id: 'c', title: 'T', n: a.n })}</main>`;
    engine.renderView(view, { n: 1 });
    expect(engine.renderView(view, { n: 2 })).toEqual({ '0': 1, c: { '1': { '1': '2' } } });
    expect(lazyRuns).toBe(1);
  });

  it('render nested live components, sharing statics from the same diff', () => {
    const engine = new DiffEngine();
    const Leaf = defineComponent<{ v: string }>({ render: (a) => html`<i>${a.v}</i>` });
    const Box = defineComponent<{ v: string }>({
      render: (a) => html`<div>${liveComponent(Leaf, { id: `${a.v}-leaf`, v: a.v })}</div>`,
    });
    expect(
      engine.render(
        html`<main>${liveComponent(Box, { id: 1, v: 'x' })}${liveComponent(Box, { id: 2, v: 'y' })}</main>`,
      ),
    ).toEqual({
      '0': 1,
      '1': 3,
      s: 0,
      p: { '0': ['<main>', '', '</main>'] },
      c: {
        '1': { '0': 2, s: ['<div>', '</div>'], r: 1 },
        '2': { '0': 'x', s: ['<i>', '</i>'], r: 1 },
        '3': { '0': 4, s: 1, r: 1 },
        '4': { '0': 'y', s: 2, r: 1 },
      },
    });
  });

  it('never copy a component that is being re-rendered in the same diff', () => {
    // The outer box changes slot 0 and then places the inner box, which has the same template:
    // the client only has the outer box as it was before this diff, so no s: -1 here.
    const Box: LiveComponent<{ mode: string }> = defineComponent<{ mode: string }>({
      render: (a) =>
        html`<section>${a.mode === 'plain' ? 'text' : html`<b>${a.mode}</b>`}${
          a.mode === 'outer' ? liveComponent(Box, { id: 'in', mode: 'inner' }) : ''
        }</section>`,
    });
    const engine = new DiffEngine();
    const view = (a: { mode: string }) =>
      html`<main>${liveComponent(Box, { id: 'out', mode: a.mode })}</main>`;
    engine.renderView(view, { mode: 'plain' });
    expect(engine.renderView(view, { mode: 'outer' })).toEqual({
      '0': 1,
      c: {
        '1': { '0': { '0': 'outer', s: ['<b>', '</b>'], r: 1 }, '1': 2 },
        '2': {
          '0': { '0': 'inner', s: ['<b>', '</b>'], r: 1 },
          '1': '',
          s: ['<section>', '', '</section>'],
          r: 1,
        },
      },
    });
  });

  it('must render exactly one root element', () => {
    const Two = defineComponent({ render: () => html`<p>a</p><p>b</p>` });
    const Text = defineComponent({ render: () => html`just text` });
    for (const component of [Two, Text]) {
      const engine = new DiffEngine();
      expect(() => engine.render(html`<div>${liveComponent(component, { id: 1 })}</div>`)).toThrow(
        expect.objectContaining({ code: 'ERR_COMPONENT_ROOT' }),
      );
      expect(() => renderToString(html`<div>${liveComponent(component, { id: 1 })}</div>`)).toThrow(
        TemplateError,
      );
    }
  });

  it('reject one id placed twice in one render, and events for unknown cids', () => {
    const engine = new DiffEngine();
    const One = defineComponent({ render: () => html`<p></p>` });
    expect(() =>
      engine.render(
        html`<div>${liveComponent(One, { id: 1 })}${liveComponent(One, { id: 1 })}</div>`,
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_DUPLICATE_COMPONENT' }));
    expect(() => engine.handleComponentEvent(42, 'x', {})).toThrow(
      expect.objectContaining({ code: 'ERR_NO_COMPONENT' }),
    );
  });

  it('render in the dead render with cids numbered from 1', () => {
    const { view } = reserveComponent();
    expect(renderToString(view({ events: events('a', 'b') }))).toBe(
      '<ul><li>ev a: 5 <button phx-click="reserve" phx-target="1">+</button></li>' +
        '<li>ev b: 5 <button phx-click="reserve" phx-target="2">+</button></li></ul>',
    );
  });

  it('toHtml renders each kept component from its own state, mounting nothing again', async () => {
    const engine = new DiffEngine();
    const { view, counts } = reserveComponent();
    const assigns = { events: events('a') };
    engine.renderView(view, assigns);
    await engine.handleComponentEvent(1, 'reserve', {});
    expect(engine.toHtml(view(assigns))).toBe(
      '<ul><li>ev a: 4 <button phx-click="reserve" phx-target="1">+</button></li></ul>',
    );
    expect(counts.mount).toBe(1);
  });

  it('starts cids at firstCid, so a restarted view never reuses a cid its client may hold', () => {
    const engine = new DiffEngine({ firstCid: 8 });
    const view = toggledComponent();
    const first = engine.renderView(view, { show: true }) as { c?: Record<string, unknown> };
    expect(Object.keys(first.c ?? {})).toEqual(['8']);
    expect(engine.nextCid).toBe(9);
    expect(() => new DiffEngine({ firstCid: -1 })).toThrow(TypeError);
  });
});
