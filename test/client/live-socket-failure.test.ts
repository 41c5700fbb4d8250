/**
 * A failed view looks failed: the server giving up on a view, refusing its join, or the page
 * reloading too often shows the failure notice and dims the view; clicks and submits that cannot
 * be sent are refused visibly, never dropped in silence, and never replayed later.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FailureNotice } from '../../client/failure-notice.js';
import { $, COUNTER, click, joined, setup, TOPIC, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

const notice = () => document.querySelector<HTMLElement>('[data-phx-failure-notice]');
const banner = () => document.querySelector<HTMLElement>('[data-phx-offline-banner]');
const reloadsKey = () => `phx:consecutive-reloads:${location.pathname}`;

describe('a view the server gave up on', () => {
  it('shows the notice above the dimmed view at once on phx_error, and takes both away on the rejoin', () => {
    const { ws, server, container } = joined({ offlineBannerDelayMs: 60_000 });
    ws().receive(['1', null, TOPIC, 'phx_error', {}]);
    expect(notice()?.textContent).toBe('Something went wrong. Reloading\u2026');
    expect(notice()?.nextElementSibling).toBe(container());
    expect(container().classList.contains('phx-failed')).toBe(true);

    vi.advanceTimersByTime(1000);
    server.join({ ...COUNTER, '0': '5' });
    expect($('count').textContent).toBe('5');
    expect(notice()).toBeNull();
    expect(container().classList.contains('phx-failed')).toBe(false);
  });

  it('leaves a lost socket to the offline banner: no failure notice', () => {
    const { ws, container } = joined();
    ws().fail();
    expect(notice()).toBeNull();
    expect(container().classList.contains('phx-failed')).toBe(false);
  });

  it('says a reload is coming when the rejoin is refused, and reloads after the jitter', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const { ws, server } = joined({ reloadJitterMin: 5000, reloadJitterMax: 5000 });
    ws().receive(['1', null, TOPIC, 'phx_error', {}]);
    vi.advanceTimersByTime(1000);
    server.reply(server.last('phx_join'), { reason: 'join crashed' }, 'error');
    expect(notice()?.textContent).toBe('Something went wrong. Reloading\u2026');
    vi.advanceTimersByTime(4999);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(sessionStorage.getItem(reloadsKey())).toBe('1');
  });

  it('treats a join render it cannot read as a failed join', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const { liveSocket, ws, server } = setup({ reloadJitterMin: 10, reloadJitterMax: 10 });
    liveSocket.connect();
    ws().open();
    server.join({ s: 'not statics' });
    expect(notice()?.textContent).toMatch(/Reloading/);
    vi.advanceTimersByTime(10);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

describe('a mount that keeps failing', () => {
  /** One page load whose join the server refuses: whether it reloaded, and what it said. */
  function loadRefused(maxReloads?: number): [boolean, string | undefined] {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const { liveSocket, ws, server } = setup({
      maxReloads,
      reloadJitterMin: 5000,
      reloadJitterMax: 10_000,
    });
    liveSocket.connect();
    ws().open();
    server.reply(server.last('phx_join'), { reason: 'join crashed' }, 'error');
    vi.advanceTimersByTime(60_000);
    const said = notice()?.textContent;
    const reloaded = reload.mock.calls.length > 0;
    liveSocket.disconnect();
    reload.mockRestore();
    return [reloaded, said];
  }

  it('reloads maxReloads times in a row, then stays on the notice with a Reload button', () => {
    const retrying = [true, 'Something went wrong. Reloading…'];
    const stopped = [false, 'This part of the page stopped working. Reload'];
    const loads = [1, 2, 3, 4, 5].map(() => loadRefused(3));
    expect(loads).toEqual([retrying, retrying, retrying, stopped, stopped]);
    expect(sessionStorage.getItem(reloadsKey())).toBe('3');
  });

  it('defaults to the official client’s ten reloads', () => {
    sessionStorage.setItem(reloadsKey(), '9');
    expect(loadRefused()[0]).toBe(true);
    expect(loadRefused()[0]).toBe(false);
  });

  it('starts counting afresh once a join succeeds', () => {
    sessionStorage.setItem(reloadsKey(), '3');
    joined();
    expect(sessionStorage.getItem(reloadsKey())).toBeNull();
  });

  it('lets the user reload by hand from the stopped notice', () => {
    sessionStorage.setItem(reloadsKey(), '10');
    const { liveSocket, ws, server, container } = setup();
    liveSocket.connect();
    ws().open();
    server.reply(server.last('phx_join'), { reason: 'join crashed' }, 'error');
    expect(container().classList.contains('phx-failed')).toBe(true);
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    notice()!.querySelector('button')!.click();
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

describe('a click or submit that cannot be sent', () => {
  const FORM = {
    s: [
      '<span id="count">',
      '</span><button id="inc" phx-click="inc">+</button><form id="f" phx-submit="save"><input name="q" value="x"><button id="go">Go</button></form>',
    ],
    '0': '0',
  };

  it('while offline is refused visibly: the control is marked, the banner shows at once, then pulses', () => {
    const { ws, server } = joined({ offlineBannerDelayMs: 60_000 }, FORM);
    ws().fail();
    expect(banner()).toBeNull();
    click($('inc'));
    expect($('inc').classList.contains('phx-offline-rejected')).toBe(true);
    expect($('inc').classList.contains('phx-click-loading')).toBe(false);
    expect(banner()?.isConnected).toBe(true);
    expect(banner()?.classList.contains('phx-pulse')).toBe(false);
    $('go').click();
    expect($('f').classList.contains('phx-offline-rejected')).toBe(true);
    expect(banner()?.classList.contains('phx-pulse')).toBe(true);

    // Not queued: the rejoined view may be a fresh one, where the click could mean another thing.
    vi.advanceTimersByTime(100);
    ws().open();
    server.join(FORM);
    expect(server.all('event')).toEqual([]);
    expect($('inc').classList.contains('phx-offline-rejected')).toBe(false);
    expect($('f').classList.contains('phx-offline-rejected')).toBe(false);
    expect(banner()).toBeNull();
  });

  it('on a failed view pulses its notice', () => {
    const { ws } = joined();
    ws().receive(['1', null, TOPIC, 'phx_error', {}]);
    click($('inc'));
    expect($('inc').classList.contains('phx-offline-rejected')).toBe(true);
    expect(notice()?.classList.contains('phx-pulse')).toBe(true);
    expect(banner()).toBeNull();
  });

  it('outside any live view is none of the client’s business', () => {
    const { ws } = joined();
    document.body.insertAdjacentHTML('beforeend', '<button id="dead" phx-click="x">x</button>');
    ws().fail();
    click($('dead'));
    expect($('dead').classList.contains('phx-offline-rejected')).toBe(false);
  });
});

describe('the page’s own failure notice', () => {
  it('replaces the default one, and the view is still dimmed', () => {
    const log: string[] = [];
    const failureNotice: FailureNotice = {
      show: (el, state) => log.push(`show ${el.id} ${state}`),
      hide: (el) => log.push(`hide ${el.id}`),
    };
    const { ws, server, container } = joined({ failureNotice });
    ws().receive(['1', null, TOPIC, 'phx_error', {}]);
    click($('inc'));
    expect(container().classList.contains('phx-failed')).toBe(true);
    vi.advanceTimersByTime(1000);
    server.join();
    expect(notice()).toBeNull();
    expect(log).toEqual([`show ${container().id} retrying`, `hide ${container().id}`]);
  });
});
