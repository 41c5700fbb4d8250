import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  defineComponent,
  defineLiveView,
  html,
  type LiveStream,
  type LiveViewSocket,
  liveComponent,
  liveRender,
} from '../../views/index.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';
import { clockedSystemPerTest } from './clocked-system.js';
import { startView } from './view-support.js';

type Entry = { id: number; text: string };
type Assigns = { count: number; streams: { entries: LiveStream<Entry> } };
type Events = {
  add: { text: string; top?: boolean };
  remove: { id: number };
  clear: Record<string, never>;
  crash: Record<string, never>;
};

const entry = (id: number, text = `entry ${id}`): Entry => ({ id, text });

const Log = defineLiveView<Assigns, Events, Entry>({
  mount(_params, _session, socket) {
    socket.assign({ count: 2 }).stream('entries', [entry(1), entry(2)], { limit: -3 });
  },
  handleEvent(event, value, socket) {
    if (event === 'crash') throw new Error('crash on purpose');
    if (event === 'clear') socket.stream('entries', [], { reset: true });
    else if (event === 'remove') socket.streamDeleteByDomId('entries', `entries-${value.id}`);
    else {
      const n = socket.assigns.count + 1;
      const at = value.top === true ? 0 : -1;
      socket.assign({ count: n }).streamInsert('entries', entry(n, value.text), { at, limit: -3 });
    }
  },
  handleInfo(msg, socket) {
    socket.streamInsert('entries', msg);
  },
  render: (a) =>
    html`<p>${a.count} entries</p><ol id="log" phx-update="stream">${a.streams.entries.map(
      ([id, e]) => html`<li id=${id}>${e.text}</li>`,
    )}</ol>`,
});

const items = (page: string) =>
  [...page.matchAll(/<li id="([^"]+)">([^<]*)<\/li>/g)].map((m) => m[2]);

describe('streams in a live view', () => {
  let lv: LiveViewTest<Events, Entry> | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
  });

  it('dead-renders the initial items, and views/testing shows each render applied to the page', async () => {
    lv = await mountLive(Log);
    expect(items(lv.deadHtml)).toEqual(['entry 1', 'entry 2']);
    expect(items(lv.html())).toEqual(['entry 1', 'entry 2']);
    await lv.event('add', { text: 'three' });
    expect(items(lv.html())).toEqual(['entry 1', 'entry 2', 'three']);
    // limit -3 keeps the last three
    await lv.event('add', { text: 'four' });
    expect(items(lv.html())).toEqual(['entry 2', 'three', 'four']);
    await lv.event('add', { text: 'top', top: true });
    // at 0 with limit -3 keeps the last three: the new first item goes at once
    expect(items(lv.html())).toEqual(['entry 2', 'three', 'four']);
  });

  it('deletes, updates in place, and resets', async () => {
    lv = await mountLive(Log);
    await lv.event('remove', { id: 1 });
    expect(items(lv.html())).toEqual(['entry 2']);
    await lv.send(entry(2, 'two, edited'));
    expect(items(lv.html())).toEqual(['two, edited']);
    await lv.event('clear', {});
    expect(lv.html()).toBe('<p>2 entries</p><ol id="log" phx-update="stream"></ol>');
  });

  it('sends an insert as a diff of that one item', async () => {
    lv = await mountLive(Log);
    expect(await lv.event('add', { text: 'three' })).toEqual({
      '0': '3',
      '1': {
        k: { '0': { '0': ' id="entries-3"', '1': 'three' }, kc: 1 },
        stream: ['0', [['entries-3', -1, -3, false]], []],
      },
    });
  });

  it('replaces what the page shows when the view restarts after a crash', async () => {
    lv = await mountLive(Log);
    await lv.event('add', { text: 'three' });
    await expect(lv.event('crash', {})).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
    expect(items(await lv.render())).toEqual(['entry 1', 'entry 2']);
  });

  it('types stream names and items from the assigns, and refuses to assign them', async () => {
    const check = (socket: LiveViewSocket<Assigns>) => {
      socket.stream('entries', [entry(1)]);
      // @ts-expect-error: not an Entry
      socket.streamInsert('entries', { id: 1 });
      // @ts-expect-error: no such stream
      socket.stream('nothing', []);
      expect(() => socket.assign({ streams: {} as Assigns['streams'] })).toThrow(/stream\(\)/);
    };
    expectTypeOf<Assigns['streams']['entries']>().toEqualTypeOf<LiveStream<Entry>>();
    const view = defineLiveView<Assigns>({
      mount: (_p, _s, socket) => check(socket),
      render: () => html`<p></p>`,
    });
    await (await mountLive(view)).close();
  });
});

describe('a restarted view', () => {
  const env = clockedSystemPerTest();

  it('sends its streams with a reset: the page drops what the last life inserted', async () => {
    const view = await startView(env, Log);
    const stream = (out: unknown) =>
      (out as { rendered: Record<string, { stream: unknown }> }).rendered['1']?.stream;
    expect(stream(view.first)).toEqual([
      '0',
      [
        ['entries-2', -1, -3, null],
        ['entries-1', -1, -3, null],
      ],
      [],
    ]);
    view.input({ type: 'lv:event', ref: '1', event: 'crash', value: {} });
    expect(await view.next()).toMatchObject({ type: 'EXIT' });
    const again = await view.next();
    expect(stream(again)).toEqual([
      '0',
      [
        ['entries-2', -1, -3, null],
        ['entries-1', -1, -3, null],
      ],
      [],
      true,
    ]);
  });
});

type PanelAssigns = { streams: { notes: LiveStream<Entry> } };

const Panel = defineComponent<PanelAssigns>({
  mount: (socket) => socket.stream('notes', [entry(1, 'first note')]),
  handleEvent(_event, value, socket) {
    socket.streamInsert('notes', entry(Number(value.id), String(value.text)), { at: 0 });
    return undefined;
  },
  render: (a) =>
    html`<section id="panel"><ul id="notes" phx-update="stream">${a.streams.notes.map(
      ([id, n]) => html`<li id=${id}>${n.text}</li>`,
    )}</ul></section>`,
});

const WithPanel = defineLiveView<Record<string, never>>({
  render: () => html`<main>${liveComponent(Panel, { id: 'panel' })}</main>`,
});

describe('streams in a live component', () => {
  it('show in views/testing with the component state', async () => {
    const lv = await mountLive(WithPanel);
    try {
      expect(items(lv.deadHtml)).toEqual(['first note']);
      expect(items(lv.html())).toEqual(['first note']);
      const diff = await lv.event('note', { id: 2, text: 'second' }, { cid: 1 });
      expect(diff.c?.['1']).toEqual({
        '0': {
          k: { '0': { '0': ' id="notes-2"', '1': 'second' }, kc: 1 },
          stream: ['1-0', [['notes-2', 0, null, false]], []],
        },
      });
      expect(items(lv.html())).toEqual(['second', 'first note']);
    } finally {
      await lv.close();
    }
  });
});

describe('streams in a nested live view', () => {
  it('show in views/testing, through the child', async () => {
    const Parent = defineLiveView<Record<string, never>>({
      render: () => html`<main>${liveRender(Log, { id: 'log' })}</main>`,
    });
    const lv = await mountLive(Parent);
    try {
      const child = lv.liveChild('log');
      expect(items(child.html())).toEqual(['entry 1', 'entry 2']);
      await child.event('add', { text: 'three' });
      expect(items(child.html())).toEqual(['entry 1', 'entry 2', 'three']);
    } finally {
      await lv.close();
    }
  });
});
