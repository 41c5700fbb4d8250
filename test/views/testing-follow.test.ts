/**
 * `lv.followRedirect()` mounts the view a navigation went to, and `lv.renderAsync()` waits for
 * the view's async work: both await facts (a reply of the view), never time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AsyncResult } from '../../views/async.js';
import { defineLiveView } from '../../views/live-view.js';
import type { UrlResolver } from '../../views/port.js';
import { html } from '../../views/render/html.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';
import { type Deferred, deferred } from '../../views/testing/test-port.js';

const Start = defineLiveView<object, { go: unknown; leave: unknown }>({
  handleEvent(event, _value, socket) {
    if (event === 'go') socket.pushNavigate('/next?from=start');
    else socket.putFlash('info', 'Bye').redirect('/next');
  },
  render: () =>
    html`<button id="go" phx-click="go">go</button><button id="leave" phx-click="leave">leave</button><a id="back" href="/start?again=1" data-phx-link="redirect">again</a><a id="out" href="/nowhere">out</a>`,
});

const Next = defineLiveView<{ from: string; flash: string }>({
  mount(params, _session, socket) {
    const flash = (socket.assigns as { flash?: Record<string, string> }).flash ?? {};
    socket.assign({ from: String(params.from ?? '-'), flash: flash.info ?? '' });
  },
  render: (a) => html`<p id="from">${a.from}</p><p id="flash">${a.flash}</p>`,
});

const routes: UrlResolver = (url) => {
  const params = Object.fromEntries(url.searchParams);
  if (url.pathname === '/start') return { view: Start, params };
  if (url.pathname === '/next') return { view: Next, params };
  return undefined;
};

const open: LiveViewTest[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((lv) => lv.close()));
});

async function start(resolve?: UrlResolver): Promise<LiveViewTest> {
  const lv = await mountLive(Start, {
    url: 'http://localhost/start',
    ...(resolve === undefined ? {} : { resolve }),
  });
  open.push(lv);
  return lv;
}

describe('lv.followRedirect', () => {
  it('mounts the view a pushNavigate went to, with its params, in the same system', async () => {
    const lv = await start(routes);
    await lv.element('#go').click();
    const next = await lv.followRedirect();
    open.push(next);
    expect(next.system).toBe(lv.system);
    expect(await next.element('#from').render()).toBe('<p id="from">start</p>');
    // The page left behind is closed, the system runs on for the next one.
    await expect(lv.render()).rejects.toMatchObject({ code: 'ERR_VIEW_CLOSED' });
    expect(await next.render()).toContain('start');
  });

  it('carries the flash of a redirect over', async () => {
    const lv = await start(routes);
    await lv.element('#leave').click();
    const next = await lv.followRedirect();
    open.push(next);
    expect(await next.element('#flash').render()).toBe('<p id="flash">Bye</p>');
  });

  it('follows a live link the test clicked', async () => {
    const lv = await start(routes);
    await lv.element('#back').click();
    const again = await lv.followRedirect();
    open.push(again);
    expect(await again.hasElement('#go')).toBe(true);
  });

  it('rejects when nothing navigated, or nothing serves the place, and leaves the view running', async () => {
    const lv = await start(routes);
    await expect(lv.followRedirect()).rejects.toMatchObject({ code: 'ERR_NO_NAVIGATION' });
    await lv.element('#out').click();
    await expect(lv.followRedirect()).rejects.toMatchObject({ code: 'ERR_NO_ROUTE' });
    expect(await lv.hasElement('#go')).toBe(true);
  });

  it('without a resolve, follows only to the mounted path', async () => {
    const lv = await start();
    await lv.element('#back').click();
    const again = await lv.followRedirect();
    open.push(again);
    expect(await again.hasElement('#go')).toBe(true);
    await again.element('#go').click();
    await expect(again.followRedirect()).rejects.toMatchObject({ code: 'ERR_NO_ROUTE' });
  });
});

describe('lv.renderAsync', () => {
  type Work = { first: Deferred<string>; second: Deferred<string> };

  function asyncView(work: Work) {
    return defineLiveView<{ org: AsyncResult<string>; more: string }, { load: unknown }>({
      mount(_p, _s, socket) {
        socket.assign({ more: '' });
        socket.assignAsync('org', () => work.first.promise.then((org) => ({ org })));
      },
      handleEvent(_event, _value, socket) {
        socket.startAsync('more', () => work.second.promise);
      },
      handleAsync(_name, result, socket) {
        if (result.ok) socket.assign({ more: String(result.value) });
      },
      render: (a) =>
        html`<p id="org">${a.org.loading ? 'Loading…' : (a.org.result ?? 'failed')}</p><p id="more">${a.more}</p><button phx-click="load">more</button>`,
    });
  }

  it('resolves once every async work finished and was rendered, at once when none runs', async () => {
    const work = { first: deferred<string>(), second: deferred<string>() };
    const lv = await mountLive(asyncView(work));
    open.push(lv);
    expect(lv.html()).toContain('Loading…');
    const done = lv.renderAsync();
    work.first.resolve('Acme');
    expect(await done).toContain('<p id="org">Acme</p>');
    expect(await lv.renderAsync()).toContain('Acme');

    await lv.element('button').click();
    const more = lv.renderAsync();
    work.second.resolve('and more');
    expect(await more).toContain('<p id="more">and more</p>');
  });
});
