/**
 * Nested live views (`liveRender`) through `views/testing`: the containers a parent renders
 * (dead and connected), each child a process of its own linked to its parent's, joined as a
 * client joins it, and the semantics of the issue: a child updates on its own, its crash
 * restarts only itself, the parent's exit ends it, a re-render never mounts it again, and
 * parent and child talk by messages through pids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Pid } from '../../actors/pid.js';
import { liveRender } from '../../views/live-render.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { renderToString } from '../../views/render/render-to-string.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

type ChildInfo = { type: 'from-parent'; text: string };
type ChildEvents = { inc: unknown; boom: unknown; tell: unknown };

/** Mounts of the child so far, connected or not, by session `who`. */
const mounts: string[] = [];

const Child = defineLiveView<{ n: number; note: string; who: string }, ChildEvents, ChildInfo>({
  mount(_params, session, socket) {
    mounts.push(`${String(session.who)}:${socket.connected}`);
    socket.assign({ n: 0, note: '', who: String(session.who) });
    if (socket.connected && socket.parentPid !== undefined) {
      socket.send(socket.parentPid, { type: 'child-ready', pid: socket.self });
    }
  },
  handleEvent(event, _value, socket) {
    if (event === 'boom') throw new Error('child boom');
    if (event === 'tell' && socket.parentPid !== undefined) {
      socket.send(socket.parentPid, { type: 'child-says', n: socket.assigns.n });
    }
    if (event === 'inc') socket.update('n', (n) => n + 1);
  },
  handleInfo(msg, socket) {
    socket.assign({ note: msg.text });
  },
  render: (a) => html`<p class="child">${a.who} ${a.n} ${a.note}</p>`,
});

type ParentInfo =
  | { type: 'child-ready'; pid: Pid }
  | { type: 'child-says'; n: number }
  | { type: 'crash' };
type ParentEvents = { bump: unknown; hide: unknown; ping: unknown; sticky: unknown };

const Parent = defineLiveView<
  { count: number; heard: string; show: boolean; child: Pid | undefined },
  ParentEvents,
  ParentInfo
>({
  mount(_params, _session, socket) {
    socket.assign({ count: 0, heard: '', show: true, child: undefined });
  },
  handleEvent(event, _value, socket) {
    if (event === 'bump') socket.update('count', (n) => n + 1);
    if (event === 'hide') socket.assign({ show: false });
    if (event === 'ping' && socket.assigns.child !== undefined) {
      socket.send(socket.assigns.child, { type: 'from-parent', text: 'hello' });
    }
  },
  handleInfo(msg, socket) {
    if (msg.type === 'crash') throw new Error('parent crash');
    if (msg.type === 'child-ready') socket.assign({ child: msg.pid });
    else socket.assign({ heard: `child at ${msg.n}` });
  },
  render: (a) =>
    html`<h1>${a.count}</h1><p id="heard">${a.heard}</p>${
      a.show
        ? liveRender(Child, {
            id: 'kid',
            session: { who: 'kid' },
            container: ['section', { class: 'box' }],
          })
        : ''
    }`,
});

describe('liveRender under views/testing', () => {
  let lv: LiveViewTest<ParentEvents, ParentInfo> | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
    mounts.length = 0;
  });

  it('dead-renders the child inside a container with a static token and no session', async () => {
    lv = await mountLive(Parent, { session: { user: 'ann' } });
    expect(lv.deadHtml).toBe(
      `<h1>0</h1><p id="heard"></p><section id="kid" data-phx-session="" data-phx-static="test-static-kid" data-phx-parent-id="${lv.id}" class="box"><p class="child">kid 0 </p></section>`,
    );
  });

  it('renders the connected container empty, with a session token, and joins the child in it', async () => {
    lv = await mountLive(Parent);
    const [child] = lv.liveChildren();
    expect(child?.id).toBe('kid');
    expect(lv.liveChild('kid')).toBe(child);
    expect(mounts).toEqual(['kid:false', 'kid:true']);
    expect(lv.html()).toMatch(
      new RegExp(
        `^<h1>0</h1><p id="heard"></p><section id="kid" data-phx-session="test-session-\\d+" data-phx-static="" data-phx-parent-id="${lv.id}" class="box"><p class="child">kid 0 </p></section>$`,
      ),
    );
  });

  it('a child updates on its own: its events change its page and leave the parent untouched', async () => {
    lv = await mountLive(Parent);
    const child = lv.liveChild('kid');
    expect(await child.event('inc')).toEqual({ '1': '1' });
    expect(child.html()).toBe('<p class="child">kid 1 </p>');
    expect(await lv.render()).toContain('<h1>0</h1>');
    expect(lv.html()).toContain('<p class="child">kid 1 </p>');
  });

  it('a parent that renders again keeps its child running: never mounted twice', async () => {
    lv = await mountLive(Parent);
    const child = lv.liveChild('kid');
    const pid = child.pid;
    await child.event('inc');
    expect(await lv.event('bump')).toEqual({ '0': '1' });
    expect(await lv.event('bump')).toEqual({ '0': '2' });
    expect(lv.liveChild('kid')).toBe(child);
    expect(child.pid).toBe(pid);
    expect(mounts).toEqual(['kid:false', 'kid:true']);
    expect(await child.render()).toBe('<p class="child">kid 1 </p>');
  });

  it("a child's crash restarts only the child; the parent keeps its state", async () => {
    lv = await mountLive(Parent);
    await lv.event('bump');
    const parentPid = lv.pid;
    const child = lv.liveChild('kid');
    const before = child.pid;
    await expect(child.event('boom')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
    expect(await child.render()).toBe('<p class="child">kid 0 </p>');
    expect(child.pid).not.toBe(before);
    expect(lv.pid).toBe(parentPid);
    expect(await lv.render()).toContain('<h1>1</h1>');
  });

  it("the parent's exit ends the child; the restarted parent's child is joined again", async () => {
    lv = await mountLive(Parent);
    const child = lv.liveChild('kid');
    const childPid = child.pid;
    const exited = lv.system.exited(childPid);
    await expect(lv.send({ type: 'crash' })).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
    await exited;
    expect(lv.system.isAlive(childPid)).toBe(false);
    await lv.render();
    const again = lv.liveChild('kid');
    expect(again).not.toBe(child);
    expect(await again.render()).toBe('<p class="child">kid 0 </p>');
  });

  it('a parent that stops rendering the child leaves it, and the child stops', async () => {
    lv = await mountLive(Parent);
    const childPid = lv.liveChild('kid').pid;
    const exited = lv.system.exited(childPid);
    await lv.event('hide');
    await exited;
    expect(lv.liveChildren()).toEqual([]);
  });

  it('parent and child talk through pids: socket.parentPid one way, a pid the child sent the other', async () => {
    lv = await mountLive(Parent);
    const child = lv.liveChild('kid');
    await child.event('inc');
    await child.event('tell');
    expect(await lv.render()).toContain('<p id="heard">child at 1</p>');
    await lv.event('ping');
    expect(await child.render()).toBe('<p class="child">kid 1 hello</p>');
  });
});

describe('liveRender, checked where it is written', () => {
  it('wants an id a topic and a DOM id can carry, and a view without handleParams', () => {
    expect(() => liveRender(Child, { id: '' })).toThrow(/id must be/);
    expect(() => liveRender(Child, { id: 'phx-x' })).toThrow(/not starting with "phx-"/);
    expect(() => liveRender(Child, { id: 'a b' })).toThrow(TypeError);
    const Routed = defineLiveView({ handleParams() {}, render: () => html`x` });
    expect(() => liveRender(Routed, { id: 'r' })).toThrow(/handleParams/);
    expect(() => liveRender({} as typeof Child, { id: 'r' })).toThrow(/defineLiveView/);
    expect(() => liveRender(Child, { id: 'r', container: ['img'] })).toThrow(/cannot hold/);
    expect(() => liveRender(Child, { id: 'r', container: ['div', { id: 'x' }] })).toThrow(
      /view's own/,
    );
  });

  it('cannot render outside a live view, nor twice in one page', async () => {
    expect(() => renderToString(html`<div>${liveRender(Child, { id: 'k' })}</div>`)).toThrow(
      /renders only inside a live view/,
    );
    const Twice = defineLiveView({
      render: () =>
        html`${liveRender(Child, { id: 'k', session: { who: 'a' } })}${liveRender(Child, { id: 'k', session: { who: 'b' } })}`,
    });
    await expect(mountLive(Twice)).rejects.toMatchObject({ code: 'ERR_DUPLICATE_VIEW' });
  });
});
