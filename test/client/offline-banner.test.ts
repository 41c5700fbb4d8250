import { afterEach, describe, expect, it } from 'vitest';
import { defaultOfflineBanner } from '../../client/offline-banner.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const bar = () => document.querySelector<HTMLElement>('[data-phx-offline-banner]');

describe('default offline banner', () => {
  it('is put into the page as an alert on show, so it is spoken, and taken out on hide', () => {
    const banner = defaultOfflineBanner(document);
    expect(bar()).toBeNull();
    banner.show();
    const el = bar()!;
    expect(el.getAttribute('role')).toBe('alert');
    expect(el.textContent).toMatch(/Reconnecting/);
    banner.hide();
    expect(bar()).toBeNull();
    banner.show();
    expect(document.querySelectorAll('[data-phx-offline-banner]')).toHaveLength(1);
  });

  it('is styled by a class and an adopted stylesheet, never a style attribute (strict CSP)', () => {
    defaultOfflineBanner(document).show();
    const el = bar()!;
    expect(el.hasAttribute('style')).toBe(false);
    expect(el.classList.contains('phx-offline-banner')).toBe(true);
    expect(document.querySelector('style')).toBeNull();
    expect(document.adoptedStyleSheets.length).toBeGreaterThan(0);
  });

  it('pulses by coming back into the page with phx-pulse, so it is spoken again', () => {
    const banner = defaultOfflineBanner(document);
    banner.pulse?.();
    expect(bar()).toBeNull();
    banner.show();
    const el = bar()!;
    const removals: number[] = [];
    new MutationObserver((records) => {
      for (const r of records) removals.push(r.removedNodes.length);
    }).observe(document.body, { childList: true });
    banner.pulse?.();
    expect(bar()).toBe(el);
    expect(el.classList.contains('phx-pulse')).toBe(true);
    return Promise.resolve().then(() => expect(removals).toContain(1));
  });

  it('comes back if the page replaced the body', () => {
    const banner = defaultOfflineBanner(document, 'Offline');
    banner.show();
    document.body.innerHTML = '<p>new</p>';
    banner.show();
    expect(bar()?.textContent).toBe('Offline');
  });
});
