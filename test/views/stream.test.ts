import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import {
  DiffEngine,
  defineComponent,
  html,
  type LiveStream,
  liveComponent,
  renderToString,
  type Template,
} from '../../views/render/index.js';
import { StreamSet } from '../../views/render/stream-set.js';

type Song = { id: number; name: string };
type Page = { title: string; streams: { songs: LiveStream<Song>; other: LiveStream<Song> } };

const li = ([id, s]: readonly [string, Song]) => html`<li id=${id}>${s.name}</li>`;
const page = (a: Page): Template =>
  html`<h1>${a.title}</h1><ul id="songs" phx-update="stream">${a.streams.songs.map(li)}</ul>`;

/** A view's streams and assigns, and its engine: `render()` diffs, then prunes as a view does. */
function setup(render: (a: Page) => Template = page) {
  const changed = new Set<string>();
  const streams = new StreamSet('', () => changed.add('streams'));
  const assigns = { title: 'Songs', streams: streams.assign } as unknown as Page;
  const engine = new DiffEngine();
  return {
    streams,
    engine,
    render() {
      const diff = JSON.parse(JSON.stringify(engine.renderView(render, assigns)));
      streams.prune();
      return diff;
    },
  };
}

const A = { id: 1, name: 'A' };
const B = { id: 2, name: 'B' };
const C = { id: 3, name: 'C' };

describe('a stream in a template (PROTOCOL.md 5.6)', () => {
  it('sends its items as a comprehension with the stream operations, inserts newest first', () => {
    const view = setup();
    view.streams.stream('songs', [A, B]);
    expect(view.render()).toEqual({
      '0': 'Songs',
      '1': {
        s: 0,
        k: {
          '0': { '0': ' id="songs-1"', '1': 'A' },
          '1': { '0': ' id="songs-2"', '1': 'B' },
          kc: 2,
        },
        stream: [
          '0',
          [
            ['songs-2', -1, null, null],
            ['songs-1', -1, null, null],
          ],
          [],
        ],
      },
      s: 1,
      p: {
        '0': ['<li', '>', '</li>'],
        '1': ['<h1>', '</h1><ul id="songs" phx-update="stream">', '</ul>'],
      },
    });
  });

  it('sends nothing while no operation is pending, and never the items again', () => {
    const view = setup();
    view.streams.stream('songs', [A, B]);
    view.render();
    expect(view.render()).toEqual({});
    expect(view.streams.assign.songs?.size).toBe(0);
  });

  it('sends an insert as one full entry, with at, limit and update_only as LiveView does', () => {
    const view = setup();
    view.streams.stream('songs', [A]);
    view.render();
    view.streams.insert('songs', C, { at: 0, limit: 10 });
    expect(view.render()).toEqual({
      '1': {
        k: { '0': { '0': ' id="songs-3"', '1': 'C' }, kc: 1 },
        stream: ['0', [['songs-3', 0, 10, false]], []],
      },
    });
    view.streams.insert('songs', B, { update_only: true, limit: -5 });
    expect(view.render()['1'].stream).toEqual(['0', [['songs-2', -1, -5, true]], []]);
  });

  it('sends a delete as the {"kc":0} comprehension', () => {
    const view = setup();
    view.streams.stream('songs', [A, B]);
    view.render();
    view.streams.delete('songs', A);
    view.streams.deleteByDomId('songs', 'songs-2');
    expect(view.render()).toEqual({
      '1': { k: { kc: 0 }, stream: ['0', [], ['songs-1', 'songs-2']] },
    });
  });

  it('marks a reset with a fourth element, dropping what was pending before it', () => {
    const view = setup();
    view.streams.stream('songs', [A]);
    view.render();
    view.streams.insert('songs', B);
    view.streams.stream('songs', [C], { reset: true });
    expect(view.render()).toEqual({
      '1': {
        k: { '0': { '0': ' id="songs-3"', '1': 'C' }, kc: 1 },
        stream: ['0', [['songs-3', -1, null, false]], [], true],
      },
    });
    view.streams.stream('songs', [], { reset: true });
    expect(view.render()).toEqual({ '1': { k: { kc: 0 }, stream: ['0', [], [], true] } });
  });

  it('keeps one insert per DOM id: a second one updates the item where the first put it', () => {
    const view = setup();
    view.streams.stream('songs', [A]);
    view.render();
    view.streams.insert('songs', B, { at: 0 });
    view.streams.insert('songs', C);
    view.streams.insert('songs', { id: 2, name: 'B2' }, { at: -1, limit: 3 });
    expect(view.render()['1']).toEqual({
      k: {
        '0': { '0': ' id="songs-2"', '1': 'B2' },
        '1': { '0': ' id="songs-3"', '1': 'C' },
        kc: 2,
      },
      stream: [
        '0',
        [
          ['songs-3', -1, null, false],
          ['songs-2', 0, null, false],
        ],
        [],
      ],
    });
  });

  it('lets a delete cancel a pending insert, and an insert after a delete move the item', () => {
    const view = setup();
    view.streams.stream('songs', [A]);
    view.render();
    view.streams.insert('songs', B);
    view.streams.delete('songs', B);
    view.streams.delete('songs', A);
    view.streams.insert('songs', A, { at: 0 });
    expect(view.render()['1']).toEqual({
      k: { '0': { '0': ' id="songs-1"', '1': 'A' }, kc: 1 },
      stream: ['0', [['songs-1', 0, null, false]], ['songs-2', 'songs-1']],
    });
  });

  it('sends an empty stream with no statics of its entries yet, then them with the first items', () => {
    const view = setup();
    view.streams.stream('songs', []);
    const join = view.render();
    expect(join['1']).toEqual({ s: 0, k: { kc: 0 }, stream: ['0', [], []] });
    expect(join.p['0']).toEqual(['', '']);
    view.streams.insert('songs', A);
    expect(view.render()).toEqual({
      '1': {
        s: 0,
        k: { '0': { '0': ' id="songs-1"', '1': 'A' }, kc: 1 },
        stream: ['0', [['songs-1', -1, null, false]], []],
      },
      p: { '0': ['<li', '>', '</li>'] },
    });
    view.streams.insert('songs', B);
    expect(view.render()['1'].s).toBeUndefined();
  });

  it('numbers streams "0", "1"... in the order they are defined', () => {
    const view = setup(
      (a) => html`<ul id="o" phx-update="stream">${a.streams.other.map(li)}</ul>
<ul id="s" phx-update="stream">${a.streams.songs.map(li)}</ul>`,
    );
    view.streams.stream('other', [A]);
    view.streams.stream('songs', [B]);
    const diff = view.render();
    expect(diff['0'].stream[0]).toBe('0');
    expect(diff['1'].stream[0]).toBe('1');
  });

  it('renders pending items in the dead render, and what the page shows with toHtml', () => {
    const view = setup();
    view.streams.stream('songs', [A, B]);
    const assigns = { title: 'Songs', streams: view.streams.assign } as unknown as Page;
    expect(renderToString(page(assigns))).toBe(
      '<h1>Songs</h1><ul id="songs" phx-update="stream"><li id="songs-1">A</li><li id="songs-2">B</li></ul>',
    );
  });

  it('round-trips through the client cache, which keeps no entry after rendering them', () => {
    const view = setup();
    view.streams.stream('songs', [A, B]);
    const rendered = new Rendered('phx-1', view.render());
    expect(rendered.toString()).toContain('<li id="songs-1">A</li><li id="songs-2">B</li>');
    view.streams.insert('songs', C);
    rendered.mergeDiff(view.render());
    expect(rendered.toString()).toBe(
      '<h1>Songs</h1><ul id="songs" phx-update="stream"><li id="songs-3">C</li></ul>',
    );
    expect(rendered.pendingStreams()).toEqual([['0', [['songs-3', -1, null, false]], []]]);
    view.streams.stream('other', []);
    rendered.mergeDiff({ '0': 'New' });
    expect(rendered.toString()).toBe('<h1>New</h1><ul id="songs" phx-update="stream"></ul>');
  });
});

type Box = { title: string; streams: { notes: LiveStream<Song> } };

const Notes = defineComponent<Box>({
  mount(socket) {
    socket.stream('notes', [A]);
  },
  update(props, socket) {
    socket.assign({ title: props.title ?? '' });
    if (props.title === 'more') socket.streamInsert('notes', B, { at: 0 });
  },
  handleEvent(_event, _value, socket) {
    socket.streamDelete('notes', A);
    return undefined;
  },
  render: (a) =>
    html`<section><h2>${a.title}</h2><ol id=${`notes-${a.myself}`} phx-update="stream">${a.streams.notes.map(
      ([id, n]) => html`<li id=${id}>${n.name}</li>`,
    )}</ol></section>`,
});

describe('a stream in a live component', () => {
  const host = (title: string) => html`<main>${liveComponent(Notes, { id: 'n', title })}</main>`;

  it('has refs "<cid>-<n>" and statics inline, and sends only what is pending', () => {
    const engine = new DiffEngine();
    const join = JSON.parse(JSON.stringify(engine.render(host('x'))));
    expect(join.c['1']).toMatchObject({
      '2': {
        s: ['<li', '>', '</li>'],
        k: { '0': { '0': ' id="notes-1"', '1': 'A' }, kc: 1 },
        stream: ['1-0', [['notes-1', -1, null, null]], []],
      },
    });
    expect(engine.render(host('x'))).toEqual({});
    expect(engine.render(host('more'))).toEqual({
      '0': 1,
      c: {
        '1': {
          '0': 'more',
          '2': {
            k: { '0': { '0': ' id="notes-2"', '1': 'B' }, kc: 1 },
            stream: ['1-0', [['notes-2', 0, null, false]], []],
          },
        },
      },
    });
    expect(engine.handleComponentEvent(1, 'drop', {})).toEqual({
      c: { '1': { '2': { k: { kc: 0 }, stream: ['1-0', [], ['notes-1']] } } },
    });
  });
});

describe('stream misuse', () => {
  it('throws a clear error for an unknown stream, a late configure, or an item without id', () => {
    const { streams } = setup();
    expect(() => streams.insert('songs', A)).toThrow(/no stream named "songs"/);
    streams.stream('songs', [A]);
    expect(() => streams.configure('songs', { dom_id: () => 'x' })).toThrow(
      /after it has been streamed/,
    );
    expect(() => streams.insert('songs', { name: 'no id' })).toThrow(
      /expected an item with an `id`/,
    );
    expect(() => streams.insert('songs', A, { at: -2 })).toThrow(/at must be/);
    expect(() => streams.insert('songs', A, { limit: 1.5 })).toThrow(/limit must be an integer/);
    expect(() => streams.deleteByDomId('songs', '')).toThrow(/non-empty string/);
  });

  it('uses a configured dom_id', () => {
    const view = setup();
    view.streams.configure('songs', { dom_id: (s) => `song-${(s as Song).name}` });
    expect(() => view.streams.configure('songs', {})).toThrow(/re-configure/);
    view.streams.stream('songs', [A]);
    expect(view.render()['1'].stream).toEqual(['0', [['song-A', -1, null, null]], []]);
  });
});
