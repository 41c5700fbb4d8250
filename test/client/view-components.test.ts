import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../client/channel.js';
import { type Payload, Push } from '../../client/push.js';
import { Rendered } from '../../client/rendered.js';
import { ViewComponents } from '../../client/view-components.js';
import { diff } from './rendered-fixtures.js';

interface Sent {
  readonly event: string;
  readonly payload: Payload;
  readonly push: Push;
}

/** A channel that records pushes; the test answers each through its real Push. */
function fakeChannel(): { channel: Channel; sent: Sent[]; answer(i: number, resp: Payload): void } {
  const sent: Sent[] = [];
  const pending = new Map<string, Push>();
  const channel: Pick<Channel, 'push'> = {
    push(event, payload) {
      const push = new Push();
      push.start(String(sent.length + 1), pending, 30_000);
      sent.push({ event, payload: payload as Payload, push });
      return push;
    },
  };
  return {
    channel: channel as Channel,
    sent,
    answer: (i, resp) => sent[i]!.push.settle('ok', resp),
  };
}

/** A view rendering three components, cids 1-3, into a container on the page. */
function setup() {
  const rendered = new Rendered(
    'v',
    diff(
      '{"s":["<div>","","","</div>"],"0":1,"1":2,"2":3,"c":{' +
        '"1":{"s":["<p id=\\"c1\\">","</p>"],"0":"a"},' +
        '"2":{"s":["<p id=\\"c2\\">","</p>"],"0":"b"},' +
        '"3":{"s":["<p id=\\"c3\\">","</p>"],"0":"c"}}}',
    ),
    { tagComponents: true },
  );
  document.body.innerHTML = `<div id="v">${rendered.toString()}</div>`;
  const container = document.getElementById('v')!;
  const fake = fakeChannel();
  const components = new ViewComponents(fake.channel, () => container);
  /** Takes a component root out of the page, as a patch would, and tells the bookkeeping. */
  const remove = (cid: number): Element => {
    const el = container.querySelector(`[data-phx-component="${cid}"]`)!;
    el.remove();
    components.removed(el);
    return el;
  };
  return { rendered, container, components, remove, ...fake };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ViewComponents', () => {
  it('sends cids_will_destroy for removed components still absent and marks them reset', () => {
    const { rendered, components, remove, sent } = setup();
    remove(2);
    remove(3);
    components.prune(rendered);
    expect(sent.map((s) => [s.event, s.payload])).toEqual([
      ['cids_will_destroy', { cids: [2, 3] }],
    ]);
    expect([rendered.isReset(1), rendered.isReset(2), rendered.isReset(3)]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('after the reply, sends cids_destroyed for those still gone, not for one that came back', () => {
    const { rendered, container, components, remove, sent, answer } = setup();
    remove(2);
    const three = remove(3);
    components.prune(rendered);
    container.append(three);
    answer(0, {});
    expect(sent.map((s) => [s.event, s.payload])).toEqual([
      ['cids_will_destroy', { cids: [2, 3] }],
      ['cids_destroyed', { cids: [2] }],
    ]);
  });

  it("prunes exactly the cids of the server's reply from the cache", () => {
    const { rendered, components, remove, answer } = setup();
    remove(2);
    remove(3);
    components.prune(rendered);
    answer(0, {});
    // The server kept 3 alive (it may, PROTOCOL.md 3.5): its tree must stay.
    answer(1, { cids: [2] });
    expect([1, 2, 3].map((cid) => rendered.hasComponent(cid))).toEqual([true, false, true]);
    expect(rendered.isReset(2)).toBe(false);
  });

  it('sends nothing for a removed component whose cid is still on the page, or a plain element', () => {
    const { rendered, container, components, sent } = setup();
    const el = container.querySelector('[data-phx-component="1"]')!;
    components.removed(el.cloneNode(true) as Element);
    const plain = document.createElement('span');
    components.removed(plain);
    components.prune(rendered);
    expect(sent).toEqual([]);
  });

  it('sends each removal once: a later prune without removals sends nothing', () => {
    const { rendered, components, remove, sent } = setup();
    remove(2);
    components.prune(rendered);
    components.prune(rendered);
    expect(sent).toHaveLength(1);
  });

  it('drops the handshake of a previous join after reset', () => {
    const { rendered, components, remove, sent, answer } = setup();
    remove(2);
    components.prune(rendered);
    components.reset();
    answer(0, {});
    expect(sent).toHaveLength(1);
  });

  it('does not prune on a reply that came after reset', () => {
    const { rendered, components, remove, answer } = setup();
    remove(2);
    components.prune(rendered);
    answer(0, {});
    components.reset();
    answer(1, { cids: [2] });
    expect(rendered.hasComponent(2)).toBe(true);
  });

  it('stops when cids_will_destroy fails', () => {
    const { rendered, components, remove, sent } = setup();
    remove(2);
    components.prune(rendered);
    sent[0]!.push.settle('error', {});
    expect(sent).toHaveLength(1);
  });
});
