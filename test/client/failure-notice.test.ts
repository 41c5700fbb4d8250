import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  defaultFailureNotice,
  type FailureNotice,
  ViewFailure,
} from '../../client/failure-notice.js';

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function view(id = 'v'): HTMLElement {
  document.body.insertAdjacentHTML('beforeend', `<div id="${id}" data-phx-session="s"></div>`);
  return document.getElementById(id)!;
}

const notices = () => [...document.querySelectorAll<HTMLElement>('[data-phx-failure-notice]')];

describe('the default failure notice', () => {
  it('goes right before the view as an alert, saying a reload is coming', () => {
    const container = view();
    defaultFailureNotice(document).show(container, 'retrying');
    const [el] = notices();
    expect(el!.nextElementSibling).toBe(container);
    expect(el!.getAttribute('role')).toBe('alert');
    expect(el!.textContent).toBe('Something went wrong. Reloading\u2026');
    expect(el!.querySelector('button')).toBeNull();
    expect(el!.hasAttribute('style')).toBe(false);
    expect(el!.classList.contains('phx-failure-notice')).toBe(true);
  });

  it('says the view stopped, with a Reload button that reloads the page', () => {
    const reload = vi.spyOn(location, 'reload').mockImplementation(() => {});
    const container = view();
    const notice = defaultFailureNotice(document);
    notice.show(container, 'retrying');
    notice.show(container, 'stopped');
    expect(notices()).toHaveLength(1);
    const [el] = notices();
    expect(el!.textContent).toBe('This part of the page stopped working. Reload');
    const button = el!.querySelector('button')!;
    expect(button.type).toBe('button');
    button.click();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('keeps one notice per view, takes it away on hide, and takes its words from the page', () => {
    const a = view('a');
    const b = view('b');
    const notice = defaultFailureNotice(document, {
      retrying: 'Erreur. Rechargement…',
      stopped: 'Arrêté.',
      reload: 'Recharger',
    });
    notice.show(a, 'retrying');
    notice.show(b, 'stopped');
    expect(notices().map((n) => n.textContent)).toEqual([
      'Erreur. Rechargement…',
      'Arrêté. Recharger',
    ]);
    notice.hide(a);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.nextElementSibling).toBe(b);
  });

  it('pulses a notice that shows, and only that', () => {
    const container = view();
    const notice = defaultFailureNotice(document);
    notice.pulse?.(container);
    expect(notices()).toHaveLength(0);
    notice.show(container, 'retrying');
    notice.pulse?.(container);
    expect(notices()[0]!.classList.contains('phx-pulse')).toBe(true);
    expect(notices()[0]!.nextElementSibling).toBe(container);
  });
});

describe('a view failure', () => {
  function recorder(): FailureNotice & { log: string[] } {
    const log: string[] = [];
    return {
      log,
      show: (el, state) => log.push(`show ${el.id} ${state}`),
      hide: (el) => log.push(`hide ${el.id}`),
      pulse: (el) => log.push(`pulse ${el.id}`),
    };
  }

  it('dims the view while the notice shows, once per state, and clears both', () => {
    const el = view();
    const notice = recorder();
    const failure = new ViewFailure(notice, () => el);
    failure.refused();
    failure.show('retrying');
    failure.show('retrying');
    expect(el.classList.contains('phx-failed')).toBe(true);
    failure.refused();
    failure.show('stopped');
    failure.clear();
    failure.clear();
    expect(el.classList.contains('phx-failed')).toBe(false);
    expect(notice.log).toEqual(['show v retrying', 'pulse v', 'show v stopped', 'hide v']);
  });

  it('follows the view to a new container, taking the old notice away', () => {
    let el = view('old');
    const notice = recorder();
    const failure = new ViewFailure(notice, () => el);
    failure.show('retrying');
    const old = el;
    el = view('new');
    failure.show('retrying');
    expect(old.classList.contains('phx-failed')).toBe(false);
    expect(notice.log).toEqual(['show old retrying', 'hide old', 'show new retrying']);
  });

  it('still dims the view when the page wants no notice', () => {
    const el = view();
    const failure = new ViewFailure(false, () => el);
    failure.show('stopped');
    failure.refused();
    expect(el.classList.contains('phx-failed')).toBe(true);
    expect(notices()).toHaveLength(0);
  });
});
