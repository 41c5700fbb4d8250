/** The page the JS command tests run on: a fake host recording pushes and navigations. */
import morphdom from 'morphdom';
import { afterEach, beforeEach, vi } from 'vitest';
import type { JSHost, PushArgs } from '../../client/host.js';
import { carrySticky } from '../../client/js-sticky.js';

export interface FakeHost extends JSHost {
  readonly pushes: Array<{ el: Element; args: PushArgs }>;
  readonly navigations: Array<[string, string, boolean]>;
}

export function fakeHost(): FakeHost {
  const pushes: FakeHost['pushes'] = [];
  const navigations: FakeHost['navigations'] = [];
  return {
    pushes,
    navigations,
    push: (el, args) => pushes.push({ el, args }),
    navigate: (href, replace) => navigations.push(['navigate', href, replace]),
    patch: (href, replace) => navigations.push(['patch', href, replace]),
  };
}

export const json = (commands: unknown): string => JSON.stringify(commands);

export function page(markup: string): void {
  document.body.innerHTML = markup;
}

export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`no #${id}`);
  return el;
}

/** Patches `#root` with server HTML the way the DOM patcher does. */
export function patch(markup: string): void {
  morphdom(byId('root'), markup, {
    onBeforeElUpdated: (fromEl, toEl) => {
      carrySticky(fromEl, toEl);
      return true;
    },
  });
}

/** The host of the current test: a new one for each. */
export let host: FakeHost;

/** A new host and an empty page before each test; real timers again after it. */
export function useJsPage(): void {
  beforeEach(() => {
    host = fakeHost();
    document.body.innerHTML = '';
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

export function fakeTimers(): void {
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'Date',
      'requestAnimationFrame',
    ],
  });
}
