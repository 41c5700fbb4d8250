/**
 * The page-driven test API: elements and forms are found in the rendered page with CSS
 * selectors, and what they send is what their `phx-*` attributes say, as the browser client
 * sends it. Each test records what the view received, so a wrongly wired element shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineLiveView } from '../../views/live-view.js';
import { defineComponent, liveComponent } from '../../views/render/component.js';
import { html } from '../../views/render/html.js';
import type { Template } from '../../views/render/index.js';
import { JS } from '../../views/render/js.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

type Received = { event: string; value: unknown; by: string };

/** A view whose page is `page`, recording every event it and its Box components get. */
function recorder(page: () => Template, log: Received[]) {
  return defineLiveView<{ n: number }, Record<string, unknown>>({
    mount: (_p, _s, socket) => {
      socket.assign({ n: 0 });
    },
    handleEvent(event, value, socket) {
      log.push({ event, value, by: 'view' });
      socket.update('n', (n) => n + 1);
    },
    render: (a) => html`<p id="n">${a.n}</p>${page()}`,
  });
}

const Box = defineComponent<{ id: string; log: Received[] }>({
  handleEvent(event, value, socket) {
    socket.assigns.log.push({ event, value, by: `box ${socket.assigns.id}` });
    return undefined;
  },
  render: (a) =>
    html`<div class="box" id=${a.id}><button class="mine" phx-click="hit" phx-target=${a.myself}>hit</button><button class="parent" phx-click="hit">up</button></div>`,
});

let lv: LiveViewTest<Record<string, unknown>> | undefined;
afterEach(async () => {
  await lv?.close();
  lv = undefined;
});

async function mount(
  page: () => Template,
): Promise<{ lv: LiveViewTest<Record<string, unknown>>; log: Received[] }> {
  const log: Received[] = [];
  lv = await mountLive(recorder(page, log));
  return { lv, log };
}

describe('lv.element', () => {
  it("click sends the element's phx-click with phx-value-*, its own value, and the test's value last", async () => {
    const { lv, log } = await mount(
      () =>
        html`<button id="b" phx-click="pick" phx-value-id="7" phx-value-user-id="u" value="x">Pick</button>`,
    );
    const page = await lv.element('#b').click({ shift: true });
    expect(log).toEqual([
      { event: 'pick', value: { id: '7', 'user-id': 'u', value: 'x', shift: true }, by: 'view' },
    ]);
    expect(page).toContain('<p id="n">1</p>');
  });

  it('finds the element by text too, and says what it found when it is not exactly one', async () => {
    const { lv, log } = await mount(
      () => html`<button phx-click="a">Add one</button><button phx-click="b">Add two</button>`,
    );
    await lv.element('button', 'Add two').click();
    await lv.element('button', /one$/).click();
    expect(log.map((r) => r.event)).toEqual(['b', 'a']);
    await expect(lv.element('button').click()).rejects.toMatchObject({ code: 'ERR_MANY_ELEMENTS' });
    await expect(lv.element('button', 'Add three').click()).rejects.toMatchObject({
      code: 'ERR_NO_ELEMENT',
    });
    await expect(lv.element('p[').click()).rejects.toThrow(/not a CSS selector/);
  });

  it('refuses what a browser would not send: no binding, a disabled button, a filtered key', async () => {
    const { lv, log } = await mount(
      () =>
        html`<span id="s">x</span><fieldset disabled><button id="off" phx-click="no">x</button></fieldset><input id="q" phx-keyup="search" phx-key="Enter">`,
    );
    await expect(lv.element('#s').click()).rejects.toMatchObject({ code: 'ERR_NO_BINDING' });
    await expect(lv.element('#s').blur()).rejects.toMatchObject({ code: 'ERR_NO_BINDING' });
    await expect(lv.element('#off').click()).rejects.toMatchObject({
      code: 'ERR_ELEMENT_DISABLED',
    });
    await expect(lv.element('#q').keyup({ key: 'a' })).rejects.toMatchObject({
      code: 'ERR_NO_BINDING',
    });
    await lv.element('#q').keyup();
    await lv.element('#q').keyup({ key: 'enter' });
    expect(log).toEqual([
      { event: 'search', value: { key: 'Enter', value: '' }, by: 'view' },
      { event: 'search', value: { key: 'enter', value: '' }, by: 'view' },
    ]);
  });

  it('runs the JS commands in a binding: each push with its value and target, patch and navigate', async () => {
    const boxLog: Received[] = [];
    const { lv, log } = await mount(
      () =>
        html`${liveComponent(Box, { id: 'b1', log: boxLog })}<button id="js" phx-click=${JS.push(
          'one',
          { value: { id: 1 } },
        )
          .hide({ to: '#x' })
          .push('two', {
            target: '#b1',
          })}>go</button><button id="nav" phx-click=${JS.navigate('/elsewhere')}>nav</button>`,
    );
    await lv.element('#js').click();
    expect(log).toEqual([{ event: 'one', value: { id: 1, value: '' }, by: 'view' }]);
    expect(boxLog).toEqual([{ event: 'two', value: { value: '' }, by: 'box b1' }]);
    await lv.element('#nav').click();
    expect(lv.navigation).toEqual({ to: '/elsewhere', kind: 'push' });
  });

  it('sends to the component a phx-target names, by cid or by a selector inside it', async () => {
    const boxLog: Received[] = [];
    const { lv, log } = await mount(
      () =>
        html`${liveComponent(Box, { id: 'b1', log: boxLog })}${liveComponent(Box, { id: 'b2', log: boxLog })}<button id="both" phx-click="ping" phx-target=".box">both</button>`,
    );
    await lv.element('#b2 .mine').click();
    await lv.element('#b1 .parent').click();
    await lv.element('#both').click();
    expect(boxLog.map((r) => `${r.by}:${r.event}`)).toEqual([
      'box b2:hit',
      'box b1:ping',
      'box b2:ping',
    ]);
    expect(log.map((r) => `${r.by}:${r.event}`)).toEqual(['view:hit']);
    expect(await lv.element('#b1').render()).toMatch(
      /^<div data-phx-component="\d+" class="box" id="b1">/,
    );
  });

  it('blur and focus send the element value; hook sends its payload as is', async () => {
    const { lv, log } = await mount(
      () =>
        html`<input id="i" value="typed" phx-blur="left" phx-focus="came"><div id="h" phx-hook="Chart">chart</div>`,
    );
    await lv.element('#i').blur();
    await lv.element('#i').focus();
    await lv.element('#h').hook('point', { x: 1 });
    await expect(lv.element('#i').hook('point')).rejects.toMatchObject({ code: 'ERR_NO_BINDING' });
    expect(log.map((r) => [r.event, r.value])).toEqual([
      ['left', { value: 'typed' }],
      ['came', { value: 'typed' }],
      ['point', { x: 1 }],
    ]);
  });

  it('follows a live link with a patch, and records a navigation for the others', async () => {
    const patched: string[] = [];
    const View = defineLiveView<{ page: string }>({
      mount: (_p, _s, socket) => {
        socket.assign({ page: '1' });
      },
      handleParams: (params, _url, socket) => {
        patched.push(String(params.page ?? ''));
        socket.assign({ page: String(params.page ?? '1') });
      },
      render: (a) =>
        html`<p id="page">${a.page}</p><a id="next" href="/?page=2" data-phx-link="patch" data-phx-link-state="push">next</a><a id="away" href="/other" data-phx-link="redirect" data-phx-link-state="replace">away</a><a id="plain" href="/plain">plain</a>`,
    });
    const view = await mountLive(View);
    lv = view as unknown as LiveViewTest<Record<string, unknown>>;
    await view.element('#next').click();
    expect(await view.element('#page').render()).toBe('<p id="page">2</p>');
    await view.element('#away').click();
    expect(view.navigation).toEqual({ to: '/other', kind: 'replace' });
    await view.element('#plain').click();
    expect(view.navigation).toEqual({ to: '/plain' });
  });
});

describe('lv.hasElement', () => {
  it('sees broadcasts handled since the last operation, and filters by text', async () => {
    const { lv } = await mount(() => html`<ul><li>Ann</li><li>Bob</li></ul>`);
    expect(await lv.hasElement('li', 'Bob')).toBe(true);
    expect(await lv.hasElement('li', 'Cat')).toBe(false);
    expect(await lv.hasElement('table')).toBe(false);
  });
});
