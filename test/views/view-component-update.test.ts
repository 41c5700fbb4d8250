import { afterEach, describe, expect, it } from 'vitest';
import {
  defineComponent,
  defineLiveView,
  html,
  liveComponent,
  sendUpdate,
} from '../../views/index.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

const Leaf = defineComponent<{ n: number }>({ render: (a) => html`<i>${a.n}</i>` });

type Info = { readonly type: 'bump'; readonly id: number; readonly n: number };

const Page = defineLiveView<{ ids: number[] }, Record<string, never>, Info>({
  mount(_params, _session, socket) {
    socket.assign({ ids: [1, 2] });
  },
  handleInfo(msg, socket) {
    socket.sendUpdate(Leaf, { id: msg.id, n: msg.n });
  },
  render: (a) => html`<p>${a.ids.map((id) => liveComponent(Leaf, { id, n: 0 }))}</p>`,
});

describe('sendUpdate (send_update)', () => {
  let lv: LiveViewTest<Record<string, never>, Info> | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
  });

  it('updates one live component through the mailbox and pushes only its diff', async () => {
    lv = await mountLive(Page);
    await lv.send({ type: 'bump', id: 2, n: 9 });
    expect(await lv.render()).toBe('<p><i>0</i><i>9</i></p>');
    expect(lv.pushes).toEqual([{ event: 'diff', payload: { c: { '2': { '0': '9' } } } }]);
  });

  it('works from any process of the system, and drops an update for a component not shown', async () => {
    lv = await mountLive(Page);
    sendUpdate(lv.system, lv.pid, Leaf, { id: 1, n: 5 });
    sendUpdate(lv.system, lv.pid, Leaf, { id: 99, n: 5 });
    expect(await lv.render()).toBe('<p><i>5</i><i>0</i></p>');
    expect(lv.pushes).toEqual([{ event: 'diff', payload: { c: { '1': { '0': '5' } } } }]);
  });
});
