import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { LiveHistory, type NavigationHost } from '../../client/navigation.js';

function recordingHost(): NavigationHost & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    patch: (href, replace) => calls.push(['patch', href, replace]),
    navigate: (href, replace) => calls.push(['navigate', href, replace]),
    restore: (type, id, href) => calls.push(['restore', type, id, href]),
  };
}

function bound(): NavigationHost & { calls: unknown[][] } {
  const host = recordingHost();
  onTestFinished(new LiveHistory().bind(window, host));
  return host;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('live links', () => {
  it('turns a patch link click into a patch and keeps the browser from loading it', () => {
    const host = bound();
    document.body.innerHTML =
      '<a id="a" href="/list?page=2" data-phx-link="patch" data-phx-link-state="push"><b>next</b></a>';
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.querySelector('b')!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(host.calls).toEqual([['patch', `${location.origin}/list?page=2`, false]]);
  });

  it('turns a redirect link into a live navigation, with replace from the link state', () => {
    const host = bound();
    document.body.innerHTML =
      '<a id="a" href="/other" data-phx-link="redirect" data-phx-link-state="replace">go</a>';
    document.getElementById('a')!.click();
    expect(host.calls).toEqual([['navigate', `${location.origin}/other`, true]]);
  });

  it('leaves modified clicks, new-tab links and plain links to the browser', () => {
    const host = bound();
    // Registered after the bindings, so it runs after them: happy-dom would follow the link.
    const stop = (e: Event) => e.preventDefault();
    window.addEventListener('click', stop);
    onTestFinished(() => window.removeEventListener('click', stop));
    document.body.innerHTML =
      '<a id="m" href="/x" data-phx-link="patch">m</a><a id="t" href="/x" target="_blank" data-phx-link="patch">t</a><a id="p" href="/x">p</a>';
    document
      .getElementById('m')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, metaKey: true }));
    document.getElementById('t')!.click();
    document
      .getElementById('p')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(host.calls).toEqual([]);
  });

  it('ignores back and forward onto entries that are not live', () => {
    const host = bound();
    window.dispatchEvent(new PopStateEvent('popstate', { state: { other: true } }));
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    expect(host.calls).toEqual([]);
  });

  it('stops listening when unbound', () => {
    const host = recordingHost();
    new LiveHistory().bind(window, host)();
    document.body.innerHTML = '<a id="a" href="/x" data-phx-link="redirect">go</a>';
    document.getElementById('a')!.click();
    expect(host.calls).toEqual([]);
  });
});

describe('LiveHistory', () => {
  it('pushes or replaces entries carrying the live state', () => {
    const live = new LiveHistory();
    const before = history.length;
    live.write('push', '/a?x=1', { type: 'patch', id: 'phx-1' });
    expect(history.length).toBe(before + 1);
    expect(location.pathname + location.search).toBe('/a?x=1');
    live.write('replace', '/b', { type: 'redirect', id: 'phx-1' });
    expect(history.length).toBe(before + 1);
    expect(history.state).toMatchObject({ type: 'redirect', id: 'phx-1' });
  });

  it('replays going back over a patch as a patch and going forward as what the entry was', () => {
    const live = new LiveHistory();
    const host = recordingHost();
    onTestFinished(live.bind(window, host));
    live.write('replace', '/a', { type: 'redirect', id: 'phx-1' });
    const a = history.state;
    live.write('push', '/b', { type: 'redirect', id: 'phx-1' });
    const b = history.state;
    live.write('push', '/b?tab=2', { type: 'patch', id: 'phx-1' });
    const b2 = history.state;
    // The entries as the browser keeps them now (replaceState rewrote the one left behind).
    expect([a.backType, b.type]).toEqual([undefined, 'redirect']);
    const pop = (state: unknown) => window.dispatchEvent(new PopStateEvent('popstate', { state }));
    pop({ ...b, backType: 'patch' }); // back from /b?tab=2 to /b
    pop({ ...a, backType: 'redirect' }); // back from /b to /a
    pop({ ...b, backType: 'patch' }); // forward to /b
    pop(b2); // forward to /b?tab=2
    expect(host.calls.map((c) => c[1])).toEqual(['patch', 'redirect', 'redirect', 'patch']);
  });
});
