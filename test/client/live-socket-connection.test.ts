import { describe, expect, it, vi } from 'vitest';
import type { HookDefinition } from '../../client/hooks.js';
import { $, COUNTER, click, joined, setup, TOPIC, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

describe('losing the server', () => {
  it('marks the view errored, shows the banner after the delay, and rejoins with _mounts 1', () => {
    const { ws, fake, server, container } = joined({ offlineBannerDelayMs: 500 });
    const first = ws();
    first.fail();
    expect([...container().classList].sort()).toEqual([
      'phx-client-error',
      'phx-error',
      'phx-loading',
    ]);
    const banner = () => document.querySelector<HTMLElement>('[data-phx-offline-banner]');
    vi.advanceTimersByTime(499);
    expect(banner()).toBeNull();
    vi.advanceTimersByTime(1);
    expect(banner()?.isConnected).toBe(true);

    expect(fake.sockets).toHaveLength(2);
    ws().open();
    expect(banner()).toBeNull();
    expect(server.last('phx_join')[4].params).toEqual({
      _csrf_token: 'TOKEN',
      _mounts: 1,
      _mount_attempts: 0,
    });
    server.join({ ...COUNTER, '0': '9' });
    expect($('count').textContent).toBe('9');
    expect([...container().classList]).toEqual(['phx-connected']);
  });

  it('marks a server crash (phx_error on a live socket) as a server error', () => {
    const { ws, container } = joined();
    ws().receive(['1', null, TOPIC, 'phx_error', {}]);
    expect(container().classList.contains('phx-server-error')).toBe(true);
    expect(container().classList.contains('phx-client-error')).toBe(false);
  });

  it('tells hooks about the disconnect and the reconnect', () => {
    const log: string[] = [];
    const Spy: HookDefinition = {
      disconnected: () => log.push('disconnected'),
      reconnected: () => log.push('reconnected'),
    };
    const rendered = { s: ['<div id="spy" phx-hook="Spy"></div>'] };
    const { ws, server } = joined({ hooks: { Spy } }, rendered);
    ws().fail();
    vi.advanceTimersByTime(100);
    ws().open();
    server.join(rendered);
    expect(log).toEqual(['disconnected', 'reconnected']);
  });

  it('replays a form before the rejoin render is applied, then applies both in order', () => {
    const render = (label: string) => ({
      s: [
        '<form id="f" phx-change="validate"><input id="q" name="q" value="',
        '"><input id="r" name="r"></form><p id="label">',
        '</p>',
      ],
      '0': '',
      '1': label,
    });
    const { ws, server } = joined({}, render('before'));
    const q = $('q') as HTMLInputElement;
    q.value = 'typed';
    q.dispatchEvent(new Event('input', { bubbles: true }));
    server.reply(server.last('event'), {});

    ws().fail();
    vi.advanceTimersByTime(100);
    ws().open();
    server.join(render('after'));
    // Frames of the new socket only: the recovery is its one event.
    const events = server.all('event');
    expect(events).toHaveLength(1);
    expect(events[0]?.[4]).toEqual({
      type: 'form',
      event: 'validate',
      value: 'q=typed&_unused_r=&r=',
      meta: { _target: 'q' },
      uploads: {},
    });
    expect($('label').textContent).toBe('before');
    // The fresh server rebuilt its state from the replay and renders the value back.
    server.reply(events[0]!, { diff: { '0': 'typed' } });
    expect($('label').textContent).toBe('after');
    expect(($('q') as HTMLInputElement).value).toBe('typed');
  });
});

describe('the server refusing or closing', () => {
  it('loads the page afresh when the join is stale', () => {
    const setHref = vi.spyOn(location, 'href', 'set').mockImplementation(() => {});
    const { liveSocket, ws, server, container } = setup();
    liveSocket.connect();
    ws().open();
    server.reply(server.last('phx_join'), { reason: 'stale' }, 'error');
    expect(setHref).toHaveBeenCalledWith(location.href);
    expect(container().classList.contains('phx-error')).toBe(true);
  });

  it('shows a server error and reloads with jitter when a join fails for another reason', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const { liveSocket, ws, server, container } = setup({
      reloadJitterMin: 100,
      reloadJitterMax: 100,
    });
    liveSocket.connect();
    ws().open();
    server.reply(server.last('phx_join'), { reason: 'join crashed' }, 'error');
    expect([...container().classList].sort()).toEqual([
      'phx-error',
      'phx-failed',
      'phx-loading',
      'phx-server-error',
    ]);
    vi.advanceTimersByTime(100);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('follows a redirect reply with a full page load, handing the flash over in a cookie', () => {
    const setHref = vi.spyOn(location, 'href', 'set').mockImplementation(() => {});
    const { server } = joined();
    click($('inc'));
    server.reply(server.last('event'), { redirect: { to: '/login', flash: 'FLASH' } });
    expect(setHref).toHaveBeenCalledWith('/login');
    expect(document.cookie).toContain('__phoenix_flash__=FLASH');
  });

  it('reloads after a random delay in the jitter range when the server closes with 1000', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { ws } = joined({ reloadJitterMin: 1000, reloadJitterMax: 3000 });
    ws().serverClose(1000);
    vi.advanceTimersByTime(1999);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(sessionStorage.getItem(`phx:consecutive-reloads:${location.pathname}`)).toBe('1');
  });

  it('does not reload for a close after disconnect(), nor for a network loss', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const a = joined();
    a.ws().fail();
    vi.advanceTimersByTime(60_000);
    a.liveSocket.disconnect();
    vi.advanceTimersByTime(60_000);
    expect(reload).not.toHaveBeenCalled();
  });
});
