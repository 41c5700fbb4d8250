/**
 * Nested and sticky live views over the wire (PROTOCOL.md 2.5), frame by frame: the
 * containers of the dead and the connected render, a child's join on its own topic with its
 * own token, what a crash of either side does to the other, and a sticky view living through
 * its parent's live navigation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  getPage,
  type JoinedView,
  LiveClient,
  type Page,
  startLiveServer,
} from '../support/live-client.js';
import { connectedMounts, NESTED_ROUTES } from './nested-views.js';

interface Container {
  readonly tag: string;
  readonly session: string;
  readonly static: string;
  /** `data-phx-parent-id`, or 'sticky'. */
  readonly link: string;
  readonly markup: string;
}

/** The container of `id` in a render (a join reply's `rendered`, or dead HTML). */
function containerIn(rendered: unknown, id: string): Container | undefined {
  const pattern = new RegExp(
    `<([a-z]+) id="${id}" data-phx-session="([^"]*)" data-phx-static="([^"]*)"(?: data-phx-parent-id="([^"]*)"| (data-phx-sticky))[^>]*>`,
  );
  for (const s of allStrings(rendered)) {
    const m = pattern.exec(s);
    if (m === null) continue;
    const [markup, tag = '', session = '', statics = '', parent, sticky] = m;
    return { tag, session, static: statics, link: sticky ? 'sticky' : (parent ?? ''), markup };
  }
  return undefined;
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(allStrings);
}

/** Joins a nested or sticky container the way the official client does: no url. */
async function joinChild(
  client: LiveClient,
  id: string,
  container: Container,
  csrfToken = '',
): Promise<JoinedView> {
  const page: Page = {
    status: 200,
    headers: new Headers(),
    html: '',
    csrfToken,
    url: '',
    id,
    topic: `lv:${id}`,
    session: container.session,
    static: container.static,
  };
  return client.join(page, { url: undefined, sticky: container.link === 'sticky' });
}

async function homePage() {
  const { url, live } = await startLiveServer({ routes: NESTED_ROUTES });
  const page = await getPage(url, '/home');
  const client = await LiveClient.connect(url);
  const home = await client.join(page);
  expect(home.reply.status).toBe('ok');
  const kid = containerIn(home.rendered, 'kid');
  const basket = containerIn(home.rendered, 'basket');
  if (kid === undefined || basket === undefined) throw new Error('no containers in the render');
  return { url, live, page, client, home, kid, basket };
}

beforeEach(() => connectedMounts.clear());

describe('nested live views on the wire', () => {
  it('dead-renders each child inside its container, as LiveView 1.2 does', async () => {
    const { url } = await startLiveServer({ routes: NESTED_ROUTES });
    const page = await getPage(url, '/home');
    const kid = containerIn(page.html, 'kid');
    expect(kid).toMatchObject({ tag: 'section', session: '', link: page.id });
    expect(kid?.static).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(kid?.markup).toMatch(/ class="kid-box">$/);
    expect(page.html).toContain(`class="kid-box"><div class="kid"><span id="kid-n">0</span>`);
    const basket = containerIn(page.html, 'basket');
    expect(basket).toMatchObject({ tag: 'div', link: 'sticky' });
    expect(basket?.session).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(basket?.static).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(page.html).toContain(
      'data-phx-sticky><aside class="basket"><span id="basket-n">0</span>',
    );
  });

  it('renders connected containers empty, with a session token and no static; the child joins on its own topic', async () => {
    const { home, client, kid, page } = await homePage();
    expect(kid.markup).toBe(
      `<section id="kid" data-phx-session="${kid.session}" data-phx-static="" data-phx-parent-id="${page.id}" class="kid-box">`,
    );
    expect(JSON.stringify(home.rendered)).toContain(`class=\\"kid-box\\"></section>`);
    const child = await joinChild(client, 'kid', kid);
    expect(child.reply.status).toBe('ok');
    expect(child.reply.response.liveview_version).toBe('1.2.12');
    expect(JSON.stringify(child.rendered)).toContain('kid-n');
    expect(await child.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': '1' } },
    });
    // The parent heard nothing of it, and renders on as before.
    expect(await home.push('bump')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
    expect(client.received.filter((f) => f[2] === home.topic && f[3] === 'diff')).toEqual([]);
  });

  it('binds a child token to its id and to a parent joined on the same socket', async () => {
    const { url, client, kid, page: home } = await homePage();
    const deadBasket = containerIn(home.html, 'basket');
    // Another topic with the kid's token.
    const wrongTopic = await joinChild(client, 'other', kid);
    expect(wrongTopic.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
    // A socket where the parent is not joined.
    const stranger = await LiveClient.connect(url);
    const orphan = await joinChild(stranger, 'kid', kid);
    expect(orphan.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
    // A child token as a page's join, and a page's token as a child's.
    const page = await getPage(url, '/home');
    const asRoot = await client.join({ ...page, topic: 'lv:kid', session: kid.session });
    expect(asRoot.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
    const asChild = await joinChild(client, page.id, { ...kid, session: page.session });
    expect(asChild.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
    // A static token of another container.
    const wrongStatic = await joinChild(client, 'kid', {
      ...kid,
      static: deadBasket?.static ?? '',
    });
    expect(wrongStatic.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
  });

  it("a child's crash restarts only the child: the parent's state and process stay", async () => {
    const { live, home, client, kid } = await homePage();
    await home.push('bump');
    const child = await joinChild(client, 'kid', kid);
    await child.push('inc');
    expect(await child.push('boom')).toEqual({ status: 'ok', response: {} });
    const restarted = await child.nextPush('diff');
    expect(JSON.stringify(restarted[4])).toContain('"s"');
    expect(connectedMounts.get('kid')).toBe(2);
    expect(await child.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
    expect(await home.push('bump')).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });
    expect(client.received.some((f) => f[2] === home.topic && f[3] === 'phx_error')).toBe(false);
    expect(live.system).toBeDefined();
  });

  it("the parent's crash ends its child: phx_error on the child, which joins again once the parent is back", async () => {
    const { home, client, kid } = await homePage();
    const child = await joinChild(client, 'kid', kid);
    await child.push('inc');
    await home.push('crash');
    await child.nextPush('phx_error');
    const parentBack = await home.nextPush('diff');
    expect(JSON.stringify(parentBack[4])).toContain('"s"');
    const again = await joinChild(client, 'kid', kid);
    expect(again.reply.status).toBe('ok');
    expect(JSON.stringify(again.rendered)).toContain('"0":"0"');
    expect(connectedMounts.get('kid')).toBe(2);
  });

  it('a child leaves on its own; a parent that leaves takes its child along', async () => {
    const { home, client, kid } = await homePage();
    const child = await joinChild(client, 'kid', kid);
    expect(await child.leave()).toEqual({ status: 'ok', response: {} });
    const again = await joinChild(client, 'kid', kid);
    expect(again.reply.status).toBe('ok');
    expect(connectedMounts.get('kid')).toBe(2);
    await home.leave();
    await again.nextPush('phx_close');
  });

  it('a parent that renders again never mounts its child again', async () => {
    const { home, client, kid } = await homePage();
    const child = await joinChild(client, 'kid', kid);
    await child.push('inc');
    for (let i = 1; i <= 3; i++) {
      expect(await home.push('bump')).toEqual({
        status: 'ok',
        response: { diff: { '0': String(i) } },
      });
    }
    expect(await child.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });
    expect(connectedMounts.get('kid')).toBe(1);
  });

  it('a sticky view joins alone and lives through two live navigations of its parent', async () => {
    const { url, page, client, home, basket } = await homePage();
    const forged = await joinChild(client, 'basket', basket);
    expect(forged.reply).toEqual({ status: 'error', response: { reason: 'stale' } });
    const sticky = await joinChild(client, 'basket', basket, page.csrfToken);
    expect(sticky.reply.status).toBe('ok');
    await sticky.push('add');
    let main = home;
    for (const path of ['/other', '/third']) {
      // Live navigation (PROTOCOL.md 2.6): leave the main topic, join it again with `redirect`.
      await main.leave();
      main = await client.join(page, { url: undefined, redirect: `${url}${path}` });
      expect(main.reply.status).toBe('ok');
      expect(containerIn(main.rendered, 'basket')?.link).toBe('sticky');
    }
    expect(await sticky.push('add')).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });
    expect(connectedMounts.get('basket')).toBe(1);
  });
});
