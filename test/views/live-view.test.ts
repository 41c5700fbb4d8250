import { describe, expect, it } from 'vitest';
import { defineLiveView, isLiveView, LiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { mountLive } from '../../views/testing/index.js';

type Events = { inc: { by: number }; rename: { name: string } };

describe('defineLiveView', () => {
  it('returns a LiveView holding the definition; isLiveView tells it apart', () => {
    const definition = { render: () => html`<p></p>` };
    const view = defineLiveView(definition);
    expect(view).toBeInstanceOf(LiveView);
    expect(view.definition).toBe(definition);
    expect(isLiveView(view)).toBe(true);
    expect(isLiveView(definition)).toBe(false);
    expect(isLiveView(null)).toBe(false);
  });

  it('rejects a definition without render', () => {
    expect(() => defineLiveView({} as never)).toThrow(TypeError);
  });

  it('narrows the value of handleEvent by the event name (dependent parameters)', async () => {
    const View = defineLiveView<{ n: number; name: string }, Events>({
      mount(_p, _s, socket) {
        socket.assign({ n: 0, name: '' });
      },
      handleEvent(event, value, socket) {
        if (event === 'inc') {
          socket.update('n', (n) => n + value.by);
          // @ts-expect-error: `name` belongs to the 'rename' event only
          value.name;
        } else {
          socket.assign('name', value.name);
          // @ts-expect-error: `by` belongs to the 'inc' event only
          value.by;
        }
      },
      render: (a) => html`<p>${a.name}:${a.n}</p>`,
    });
    const lv = await mountLive(View);
    try {
      expect(await lv.event('inc', { by: 2 })).toEqual({ '1': '2' });
      expect(await lv.event('rename', { name: 'ann' })).toEqual({ '0': 'ann' });
      // Type-level only (never called): the value of 'inc' must be { by: number }.
      // @ts-expect-error
      const _wrong = () => lv.event('inc', { name: 'x' });
      expect(lv.html()).toBe('<p>ann:2</p>');
    } finally {
      await lv.close();
    }
  });

  it('types the assigns of render and the socket from its type arguments', () => {
    defineLiveView<{ n: number }>({
      mount(_p, _s, socket) {
        // @ts-expect-error: n is a number
        socket.assign({ n: 'one' });
        // @ts-expect-error: no such assign
        socket.assign('m', 1);
      },
      render: (a) => html`${a.n.toFixed(0)}${a.flash.info ?? ''}`,
    });
    expect(true).toBe(true);
  });
});

describe('the socket', () => {
  it('marks only keys whose value changed (===) and sends only those', async () => {
    const shared = { id: 1 };
    const View = defineLiveView<
      { obj: { id: number }; n: number },
      { same: unknown; bump: unknown }
    >({
      mount(_p, _s, socket) {
        socket.assign({ obj: shared, n: 0 });
      },
      handleEvent(event, _value, socket) {
        socket.assign({ obj: shared });
        socket.assign('n', socket.assigns.n);
        if (event === 'bump') socket.update('n', (n) => n + 1);
      },
      render: (a) => html`<p>${() => a.obj.id}|${() => a.n}</p>`,
    });
    const lv = await mountLive(View);
    try {
      expect(await lv.event('same')).toEqual({});
      expect(await lv.event('bump')).toEqual({ '1': '1' });
      expect(lv.pushes).toEqual([]);
    } finally {
      await lv.close();
    }
  });

  it('assignNew computes a value only when the key has none yet', async () => {
    let loads = 0;
    const View = defineLiveView<{ user: string; n: number }, { again: unknown }>({
      mount(_p, _s, socket) {
        socket.assignNew('user', () => `user${++loads}`).assign({ n: 0 });
      },
      handleEvent(_event, _value, socket) {
        socket.assignNew('user', () => `user${++loads}`).update('n', (n) => n + 1);
      },
      render: (a) => html`<p>${a.user} ${a.n}</p>`,
    });
    const lv = await mountLive(View);
    try {
      expect(await lv.event('again')).toEqual({ '1': '1' });
      expect(lv.html()).toBe('<p>user2 1</p>');
      expect(loads).toBe(2);
    } finally {
      await lv.close();
    }
  });

  it('exposes id, url, connectParams, connected, self, system and pubsub', async () => {
    const seen: unknown[] = [];
    const View = defineLiveView<object>({
      mount(_p, _s, socket) {
        if (socket.connected) {
          seen.push(socket.id.startsWith('phx-'), socket.url.pathname, socket.connectParams);
          seen.push(socket.self !== undefined && socket.system.isAlive(socket.self));
          seen.push(socket.pubsub !== undefined);
        }
      },
      render: () => html`<p></p>`,
    });
    const lv = await mountLive(View, {
      url: 'http://localhost/room/1',
      connectParams: { tz: 'UTC' },
    });
    await lv.close();
    expect(seen).toEqual([true, '/room/1', { tz: 'UTC' }, true, true]);
  });
});
