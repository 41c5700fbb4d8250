import { afterEach, describe, expect, it } from 'vitest';
import { defaultOfflineBanner } from '../../client/offline-banner.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('default offline banner', () => {
  it('appears on show, announced as a status, and hides again', () => {
    const banner = defaultOfflineBanner(document);
    expect(document.querySelector('[data-phx-offline-banner]')).toBeNull();
    banner.show();
    const el = document.querySelector<HTMLElement>('[data-phx-offline-banner]')!;
    expect(el.hidden).toBe(false);
    expect(el.getAttribute('role')).toBe('status');
    expect(el.textContent).toMatch(/Reconnecting/);
    banner.hide();
    expect(el.hidden).toBe(true);
    banner.show();
    expect(document.querySelectorAll('[data-phx-offline-banner]')).toHaveLength(1);
  });

  it('comes back if the page replaced the body', () => {
    const banner = defaultOfflineBanner(document, 'Offline');
    banner.show();
    document.body.innerHTML = '<p>new</p>';
    banner.show();
    expect(document.querySelector('[data-phx-offline-banner]')?.textContent).toBe('Offline');
  });
});
