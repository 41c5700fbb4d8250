/**
 * The seed's first example, written with the public API only, as a check that it reads the way
 * the LiveView original does: a Reservations module that owns the count and broadcasts it, and
 * a view that subscribes when connected, reserves, flashes, and follows every broadcast.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ActorSystem, PubSub } from '../../actors/index.js';
import { defineLiveView, html } from '../../views/index.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

type Remaining = { readonly type: 'remaining'; readonly remaining: number };

/** The stock of one item, shared by every view of the server. */
function createReservations(pubsub: PubSub, stock: number) {
  let remaining = stock;
  return {
    topic: 'reservations',
    remaining: () => remaining,
    reserve(): boolean {
      if (remaining === 0) return false;
      remaining -= 1;
      pubsub.broadcast('reservations', { type: 'remaining', remaining } satisfies Remaining);
      return true;
    },
  };
}

function reservationView(reservations: ReturnType<typeof createReservations>) {
  return defineLiveView<{ remaining: number }, { reserve: unknown }, Remaining>({
    mount(_params, _session, socket) {
      if (socket.connected) socket.subscribe(reservations.topic);
      socket.assign({ remaining: reservations.remaining() });
    },
    handleEvent(_event, _value, socket) {
      if (reservations.reserve()) socket.putFlash('info', '1 ticket reserved!');
    },
    handleInfo(msg, socket) {
      socket.assign({ remaining: msg.remaining });
    },
    render: (a) => html`<p class="flash">${a.flash.info ?? ''}</p>
<p>${a.remaining === 1 ? 'One item left' : `${a.remaining} items left`}</p>
${a.remaining > 0 ? html`<button phx-click="reserve">Reserve</button>` : html`<p>Sorry, sold out!</p>`}`,
  });
}

describe('the reservations example', () => {
  const system = new ActorSystem();
  const pubsub = new PubSub(system);
  const views: LiveViewTest[] = [];
  afterEach(async () => {
    await Promise.all(views.splice(0).map((lv) => lv.close()));
  });
  afterAll(() => system.shutdown());

  it("every open view's count follows a reservation made in any of them", async () => {
    const Reserve = reservationView(createReservations(pubsub, 2));
    const mine = await mountLive(Reserve, { system, pubsub });
    const theirs = await mountLive(Reserve, { system, pubsub });
    views.push(mine, theirs);
    expect(theirs.html()).toContain('<p>2 items left</p>');

    await mine.event('reserve');
    expect(mine.html()).toContain('1 ticket reserved!');
    expect(mine.html()).toContain('<p>One item left</p>');
    expect(await theirs.render()).toContain('<p>One item left</p>');
    expect(theirs.html()).not.toContain('reserved!');

    await theirs.event('reserve');
    expect(await mine.render()).toContain('Sorry, sold out!');
    expect(mine.html()).not.toContain('<button');
  });
});
