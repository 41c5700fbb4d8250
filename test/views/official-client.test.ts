import fc from 'fast-check';
import type { MockInstance } from 'vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Template, WireDiff } from '../../views/render/index.js';
import {
  DiffEngine,
  defineComponent,
  html,
  keyed,
  liveComponent,
  renderToString,
} from '../../views/render/index.js';
import {
  elementWithPhxId,
  installWindow,
  OfficialClient,
  type Received,
  skippedIds,
  stripClientAttributes,
} from '../support/official-rendered.js';
import { step } from '../support/random-page.js';
import { playSession, SESSION_FEATURES, type SessionClient } from '../support/random-session.js';

const VIEW = 'phx-F1';

let window: ReturnType<typeof installWindow>;
let consoleError: MockInstance<typeof console.error>;

beforeAll(() => {
  window = installWindow();
});
afterAll(() => {
  window.uninstall();
});
beforeEach(() => {
  window.diagnostics.length = 0;
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  consoleError.mockRestore();
});

/** The official client neither logged nor dispatched an error. */
function expectNoClientErrors(): void {
  expect(consoleError).not.toHaveBeenCalled();
  expect(window.diagnostics).toEqual([]);
}

const PLACEHOLDER =
  /<([a-z][a-z0-9-]*)(?: id="[^"]*")? data-phx-id="([^"]+)"[^>]*? data-phx-skip(?:><\/\1>|\/>)/g;

/**
 * What the DOM patch makes of a tracked render: each `data-phx-skip` placeholder keeps the
 * element with its `data-phx-id` as it was on the page before (morphdom leaves it untouched).
 */
function keepSkipped(patch: string, before: string): string {
  return patch.replace(PLACEHOLDER, (_placeholder, _tag, id: string) => {
    const kept = elementWithPhxId(before, id);
    // A placeholder with nothing to keep would vanish from the page.
    expect(kept, `element ${id} kept by a skip placeholder`).toBeDefined();
    return kept ?? '';
  });
}

/** Checks one received diff: the patches the view would apply turn `before` into `client.page`. */
function expectPatchesReachPage(client: OfficialClient, before: string, received: Received): void {
  const { patches, componentOnly } = received;
  if (!componentOnly) {
    const [patch] = patches;
    if (patch === undefined) expect(client.page).toBe(before);
    else expect(keepSkipped(patch, before)).toBe(client.page);
    return;
  }
  for (const patch of patches) {
    const cid = /data-phx-component="(\d+)"/.exec(patch)?.[1];
    expect(keepSkipped(patch, before)).toBe(elementWithPhxId(client.page, `c${cid}-${VIEW}`));
  }
}

/** The official client, checking on each diff that its patches reach the page it shows. */
function officialClient(bump: (feature: string) => void): SessionClient {
  const client = new OfficialClient(VIEW);
  return {
    receive(diff) {
      const before = client.page;
      const received = client.receive(diff);
      expectPatchesReachPage(client, before, received);
      if (received.patches.some((patch) => skippedIds(patch).length > 0)) bump('skip placeholder');
    },
    html: () => stripClientAttributes(client.page, VIEW),
    componentsOnPage: () => client.componentsOnPage(),
    willDestroy: (cids) => client.willDestroy(cids),
    destroyed: (cids) => client.destroyed(cids),
  };
}

describe('the official Phoenix LiveView 1.2 client applies our diffs', () => {
  // A thousand sessions of CPU work: on a loaded machine it takes what it takes.
  it('reproduces renderToString of the last state after every random diff', {
    timeout: 120_000,
  }, () => {
    const seen = new Map<string, number>();
    const bump = (name: string) => seen.set(name, (seen.get(name) ?? 0) + 1);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        playSession(steps, officialClient(bump), seen);
        expectNoClientErrors();
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
    const features = [...SESSION_FEATURES, 'skip placeholder'];
    for (const feature of features) expect(seen.get(feature) ?? 0, feature).toBeGreaterThan(0);
  });
});

/** Sends `diff` to `client` and checks the complete page against the dead render of `expected`. */
function deliver(client: OfficialClient, diff: WireDiff, expected: Template): Received {
  const received = client.receive(diff);
  expect(stripClientAttributes(client.page, VIEW)).toBe(renderToString(expected));
  return received;
}

const C = (cid: number) =>
  `data-phx-id="c${cid}-${VIEW}" data-phx-component="${cid}" data-phx-view="${VIEW}"`;

describe('the official client on fixed sessions', () => {
  it('follows the counter', () => {
    const view = (a: { count: number }) =>
      html`<span>${a.count}</span><button phx-click="inc">+</button>`;
    const engine = new DiffEngine();
    const client = new OfficialClient(VIEW);
    const join = engine.renderView(view, { count: 0 });
    expect(join).toEqual({
      '0': '0',
      s: 0,
      p: { '0': ['<span>', '</span><button phx-click="inc">+</button>'] },
    });
    expect(deliver(client, join, view({ count: 0 })).patches).toEqual([
      '<span>0</span><button phx-click="inc">+</button>',
    ]);
    const inc = engine.renderView(view, { count: 1 }, { changed: new Set(['count']) });
    expect(inc).toEqual({ '0': '1' });
    expect(deliver(client, inc, view({ count: 1 })).patches).toEqual([
      '<span>1</span><button phx-click="inc">+</button>',
    ]);
    expectNoClientErrors();
  });

  it('switches a conditional between a string and a tagged template, and back', () => {
    const view = (a: { on: boolean; v: string }) =>
      html`<div>${a.on ? html`<p class="x">${a.v}</p>` : a.v}</div>`;
    const engine = new DiffEngine();
    const client = new OfficialClient(VIEW);
    const session: [{ on: boolean; v: string }, WireDiff, string][] = [
      [{ on: false, v: 'a' }, { '0': 'a', s: 0, p: { '0': ['<div>', '</div>'] } }, '<div>a</div>'],
      [
        { on: true, v: 'a' },
        { '0': { '0': 'a', s: 0, r: 1 }, p: { '0': ['<p class="x">', '</p>'] } },
        `<div><p data-phx-id="m1-${VIEW}" class="x">a</p></div>`,
      ],
      [
        { on: true, v: 'b' },
        { '0': { '0': 'b' } },
        `<div><p data-phx-id="m1-${VIEW}" class="x">b</p></div>`,
      ],
      [{ on: false, v: 'b' }, { '0': 'b' }, '<div>b</div>'],
      [
        { on: true, v: 'b' },
        { '0': { '0': 'b', s: 0, r: 1 }, p: { '0': ['<p class="x">', '</p>'] } },
        `<div><p data-phx-id="m2-${VIEW}" class="x">b</p></div>`,
      ],
    ];
    for (const [state, diff, patch] of session) {
      expect(engine.renderView(view, state)).toEqual(diff);
      expect(deliver(client, diff, view(state)).patches).toEqual([patch]);
    }
    expectNoClientErrors();
  });

  it('moves keyed entries (km), with and without a diff, and empties the list', () => {
    interface Row {
      readonly id: number;
      readonly name: string;
    }
    const view = (a: { rows: readonly Row[] }) =>
      html`<ul>${keyed(
        a.rows,
        (r) => r.id,
        (r) => html`<li id=${`i${r.id}`}>${r.name}</li>`,
      )}</ul>`;
    const [a, b, c] = [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ];
    const engine = new DiffEngine();
    const client = new OfficialClient(VIEW);
    const session: [readonly Row[], WireDiff, string][] = [
      [
        [a, b, c],
        {
          '0': {
            s: 0,
            k: {
              '0': { '0': ' id="i1"', '1': 'a' },
              '1': { '0': ' id="i2"', '1': 'b' },
              '2': { '0': ' id="i3"', '1': 'c' },
              kc: 3,
            },
          },
          s: 1,
          p: { '0': ['<li', '>', '</li>'], '1': ['<ul>', '</ul>'] },
        },
        '<ul><li id="i1">a</li><li id="i2">b</li><li id="i3">c</li></ul>',
      ],
      [
        [c, a, b],
        { '0': { k: { '0': 2, '1': 0, '2': 1, kc: 3, km: true } } },
        '<ul><li id="i3">c</li><li id="i1">a</li><li id="i2">b</li></ul>',
      ],
      [
        [{ id: 2, name: 'B' }, c],
        { '0': { k: { '0': [2, { '1': 'B' }], '1': 0, kc: 2, km: true } } },
        '<ul><li id="i2">B</li><li id="i3">c</li></ul>',
      ],
      [[], { '0': { k: { kc: 0 } } }, '<ul></ul>'],
    ];
    for (const [rows, diff, patch] of session) {
      expect(engine.renderView(view, { rows })).toEqual(diff);
      expect(deliver(client, diff, view({ rows })).patches).toEqual([patch]);
    }
    expectNoClientErrors();
  });

  it('builds components sharing statics through s: +cid chains and s: -cid, then a component-only diff', async () => {
    const Card = defineComponent<{ name: string }>({
      handleEvent(_event, _value, socket) {
        socket.assign({ name: 'clicked' });
        socket.pushEvent('hit', { n: 1 });
        return { reply: { ok: true } };
      },
      render: (a) => html`<li class="card">${a.name}</li>`,
    });
    const view = (a: { ids: readonly string[] }) =>
      html`<ul>${a.ids.map((id) => liveComponent(Card, { id, name: `n${id}` }))}</ul>`;
    const engine = new DiffEngine();
    const client = new OfficialClient(VIEW);

    const join = engine.renderView(view, { ids: ['a', 'b', 'c'] });
    expect(join).toEqual({
      '0': { s: 0, k: { '0': { '0': 1 }, '1': { '0': 2 }, '2': { '0': 3 }, kc: 3 } },
      s: 1,
      p: { '0': ['', ''], '1': ['<ul>', '</ul>'] },
      c: {
        '1': { '0': 'na', s: ['<li class="card">', '</li>'], r: 1 },
        '2': { '0': 'nb', s: 1, r: 1 },
        '3': { '0': 'nc', s: 2, r: 1 },
      },
    });
    const li = (cid: number, text: string) => `<li ${C(cid)} class="card">${text}</li>`;
    expect(deliver(client, join, view({ ids: ['a', 'b', 'c'] })).patches).toEqual([
      `<ul>${li(1, 'na')}${li(2, 'nb')}${li(3, 'nc')}</ul>`,
    ]);

    const added = engine.renderView(view, { ids: ['a', 'b', 'c', 'd'] });
    expect(added).toEqual({
      '0': { k: { '3': { '0': 4 }, kc: 4 } },
      c: { '4': { '0': 'nd', s: -3, r: 1 } },
    });
    const skipped = (cid: number) => `<li ${C(cid)} data-phx-skip></li>`;
    expect(deliver(client, added, view({ ids: ['a', 'b', 'c', 'd'] })).patches).toEqual([
      `<ul>${skipped(1)}${skipped(2)}${skipped(3)}${li(4, 'nd')}</ul>`,
    ]);

    const clicked = await engine.handleComponentEvent(2, 'click', {});
    expect(clicked).toEqual({
      c: { '2': { '0': 'clicked' } },
      e: [['hit', { n: 1 }]],
      r: { ok: true },
    });
    const received = client.receive(clicked);
    expect(received).toEqual({
      title: undefined,
      reply: { ok: true },
      events: [['hit', { n: 1 }]],
      patches: [li(2, 'clicked')],
      componentOnly: true,
    });
    expect(stripClientAttributes(client.page, VIEW)).toBe(
      '<ul><li class="card">na</li><li class="card">clicked</li><li class="card">nc</li><li class="card">nd</li></ul>',
    );
    expectNoClientErrors();
  });

  it('takes title, events and reply off the top of the diff before merging', () => {
    const view = (a: { n: number }) => html`<p>${a.n}</p>`;
    const engine = new DiffEngine();
    const client = new OfficialClient(VIEW);
    const join = engine.renderView(view, { n: 0 }, { title: 'Zero' });
    expect(join).toEqual({ '0': '0', s: 0, p: { '0': ['<p>', '</p>'] }, t: 'Zero' });
    expect(deliver(client, join, view({ n: 0 }))).toEqual({
      title: 'Zero',
      reply: null,
      events: [],
      patches: ['<p>0</p>'],
      componentOnly: false,
    });
    const events: WireDiff['e'] = [
      ['counted', { n: 1 }],
      ['early', {}, true],
    ];
    const update = engine.renderView(view, { n: 1 }, { title: 'One', events, reply: { ok: 1 } });
    expect(update).toEqual({ '0': '1', t: 'One', e: events, r: { ok: 1 } });
    expect(deliver(client, update, view({ n: 1 }))).toEqual({
      title: 'One',
      reply: { ok: 1 },
      events,
      patches: ['<p>1</p>'],
      componentOnly: false,
    });
    expect(Object.keys(client.rendered.get()).sort()).toEqual(['0', 'c', 's']);
    expectNoClientErrors();
  });

  it('notices when the official client reports an error (a cid it never received)', () => {
    const client = new OfficialClient(VIEW);
    expect(() => client.receive({ '0': 7, s: ['<div>', '</div>'] })).toThrow(
      'Cannot continue render due to missing component: 7',
    );
    expect(consoleError).toHaveBeenCalledWith('no component for CID 7', expect.anything());
    expect(window.diagnostics).toMatchObject([{ code: 'render.missing-component' }]);
  });

  // A component changed inside an unchanged function-component root (see views/render/diff.ts).
  const Leaf = defineComponent<{ v: string }>({ render: (a) => html`<i>${a.v}</i>` });
  const wrapped = (a: { v: string; n: string }) =>
    html`<div>${html`<b>${liveComponent(Leaf, { id: 1, v: a.v })}</b>`}${a.n}</div>`;
  const joinWrapped: WireDiff = {
    '0': { '0': 1, s: 0, r: 1 },
    '1': '1',
    s: 1,
    p: { '0': ['<b>', '</b>'], '1': ['<div>', '', '</div>'] },
    c: { '1': { '0': 'a', s: ['<i>', '</i>'], r: 1 } },
  };

  it('re-renders a function-component root whose component changed when the cid is re-sent in it', () => {
    // The official server's shape: the slot holding the component re-rendered, so its cid is sent.
    const client = new OfficialClient(VIEW);
    client.receive(joinWrapped);
    const before = client.page;
    const { patches } = client.receive({ '0': { '0': 1 }, '1': '2', c: { '1': { '0': 'b' } } });
    expect(patches).toEqual([`<div><b data-phx-id="m1-${VIEW}"><i ${C(1)}>b</i></b>2</div>`]);
    expect(before).toBe(`<div><b data-phx-id="m1-${VIEW}"><i ${C(1)}>a</i></b>1</div>`);
    expectNoClientErrors();
  });

  it('keeps a component updated inside an unchanged function-component root visible', () => {
    const engine = new DiffEngine();
    const client = new OfficialClient(VIEW);
    expect(engine.renderView(wrapped, { v: 'a', n: '1' })).toEqual(joinWrapped);
    client.receive(joinWrapped);
    const diff = engine.renderView(wrapped, { v: 'b', n: '2' });
    // Without the cid re-sent inside <b>, the official client would skip <b> and the page
    // would keep <i>a</i>.
    expect(diff).toEqual({ '0': { '0': 1 }, '1': '2', c: { '1': { '0': 'b' } } });
    const { patches } = client.receive(diff);
    expect(patches).toEqual([`<div><b data-phx-id="m1-${VIEW}"><i ${C(1)}>b</i></b>2</div>`]);
  });
});
