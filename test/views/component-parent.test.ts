/** A live component reaches the process of the view it renders in: `system` and `sendParent`. */
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, defineLiveView, html, liveComponent } from '../../views/index.js';
import { DiffEngine } from '../../views/render/index.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

type Picked = { readonly type: 'picked'; readonly id: number };

const Choice = defineComponent<{ label: string }>({
  handleEvent(event, _value, socket) {
    if (event === 'pick') socket.sendParent({ type: 'picked', id: Number(socket.id) });
    // Another process of the same system, found by name, as a view would reach it.
    else socket.system.send('audit', { from: socket.id });
    return undefined;
  },
  render: (a) => html`<button phx-click="pick" phx-target=${a.myself}>${a.label}</button>`,
});

const Page = defineLiveView<{ picked: number }, Record<string, never>, Picked>({
  mount(_params, _session, socket) {
    socket.assign({ picked: 0 });
  },
  handleInfo(msg, socket) {
    socket.assign({ picked: msg.id });
  },
  render: (a) =>
    html`<p>${a.picked}</p>${[1, 2].map((id) => liveComponent(Choice, { id, label: `#${id}` }))}`,
});

describe('a live component and its view', () => {
  let lv: LiveViewTest<Record<string, never>, Picked> | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
  });

  it('sendParent delivers to the view’s handleInfo after the event', async () => {
    lv = await mountLive(Page);
    await lv.event('pick', {}, { cid: 2 });
    expect(await lv.render()).toContain('<p>2</p>');
  });

  it('system reaches the other processes of the view’s system', async () => {
    lv = await mountLive(Page);
    const heard: unknown[] = [];
    const audit = lv.system.spawn(
      {
        handleInfo(msg: unknown, state: null) {
          heard.push(msg);
          return state;
        },
      },
      null,
    );
    lv.system.register('audit', audit);
    await lv.event('note', {}, { cid: 1 });
    await lv.render();
    expect(heard).toEqual([{ from: 1 }]);
  });

  it('outside a connected view both say why they cannot work', () => {
    const engine = new DiffEngine();
    engine.render(html`${liveComponent(Choice, { id: 1, label: 'x' })}`);
    expect(() => engine.handleComponentEvent(1, 'pick', {})).toThrow(/needs a connected view/);
    expect(() => engine.handleComponentEvent(1, 'note', {})).toThrow(/needs a connected view/);
  });
});
