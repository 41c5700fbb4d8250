/**
 * A live component's `handleEvent` may be `async`, as a view's may: its update and its reply
 * arrive with the event's reply, never lost. An `async` mount or update cannot be waited for
 * inside a render, so it is refused with a clear error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, defineLiveView, html, liveComponent } from '../../views/index.js';
import { DiffEngine } from '../../views/render/index.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

/** Resolves when the test says so: the handler is still waiting while the test looks. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function savingComponent(wait: () => Promise<void>) {
  return defineComponent<{ saved: number }>({
    mount: (socket) => socket.assign({ saved: 0 }),
    async handleEvent(event, _value, socket) {
      await wait();
      socket.update('saved', (n) => n + 1);
      socket.pushEvent('saved', { n: socket.assigns.saved });
      return event === 'save-reply' ? { reply: { saved: socket.assigns.saved } } : undefined;
    },
    render: (a) => html`<b>${a.saved}</b>`,
  });
}

describe('an async live component handleEvent', () => {
  let lv: LiveViewTest | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
  });

  it('gives the engine a promise of the diff, rendered after the handler settled', async () => {
    const door = gate();
    const Saving = savingComponent(() => door.opened);
    const engine = new DiffEngine();
    engine.renderView(() => html`<div>${liveComponent(Saving, { id: 's' })}</div>`, {});
    const pending = engine.handleComponentEvent(1, 'save-reply', {});
    expect(pending).toBeInstanceOf(Promise);
    door.open();
    expect(await pending).toEqual({
      c: { '1': { '0': '1' } },
      e: [['saved', { n: 1 }]],
      r: { saved: 1 },
    });
  });

  it("answers the client's event with the update (the diff was {} before)", async () => {
    const Saving = savingComponent(() => new Promise((resolve) => setImmediate(resolve)));
    const Page = defineLiveView<Record<string, never>>({
      render: () => html`<div>${liveComponent(Saving, { id: 's' })}</div>`,
    });
    lv = await mountLive(Page);
    expect(await lv.event('save', {}, { cid: 1 })).toEqual({
      c: { '1': { '0': '1' } },
      e: [['saved', { n: 1 }]],
    });
    expect(await lv.event('save', {}, { cid: 1 })).toMatchObject({ c: { '1': { '0': '2' } } });
    expect(lv.html()).toContain('<b>2</b>');
  });

  it('handles the next message only once the handler settled', async () => {
    const door = gate();
    const Saving = savingComponent(() => door.opened);
    const Page = defineLiveView<{ n: number }, { bump: unknown }>({
      mount: (_p, _s, socket) => {
        socket.assign({ n: 0 });
      },
      handleEvent: (_e, _v, socket) => {
        socket.update('n', (n) => n + 1);
      },
      render: (a) => html`<i>${a.n}</i><div>${liveComponent(Saving, { id: 's' })}</div>`,
    });
    lv = await mountLive(Page);
    const order: string[] = [];
    const noted = <T>(name: string, reply: Promise<T>) =>
      reply.then((value) => {
        order.push(name);
        return value;
      });
    const save = noted('save', lv.event('save', {}, { cid: 1 }));
    const bump = noted('bump', lv.event('bump', {}));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    door.open();
    expect(await save).toMatchObject({ c: { '1': { '0': '1' } } });
    expect(await bump).toEqual({ '0': '1' });
    expect(order).toEqual(['save', 'bump']);
  });

  it('refuses an async mount or update with an error that says why', () => {
    const engine = new DiffEngine();
    const AsyncMount = defineComponent<{ n: number }>({
      mount: async (socket) => {
        socket.assign({ n: 1 });
      },
      render: (a) => html`<b>${a.n}</b>`,
    });
    expect(() =>
      engine.renderView(() => html`<div>${liveComponent(AsyncMount, { id: 1 })}</div>`, {}),
    ).toThrow(/a live component's mount must be synchronous/);
    const AsyncUpdate = defineComponent<{ n: number }>({
      update: async (props, socket) => {
        socket.assign({ n: props.n ?? 0 });
      },
      render: (a) => html`<b>${a.n}</b>`,
    });
    expect(() =>
      new DiffEngine().renderView(
        () => html`<div>${liveComponent(AsyncUpdate, { id: 1, n: 2 })}</div>`,
        {},
      ),
    ).toThrow(/a live component's update must be synchronous/);
  });
});
