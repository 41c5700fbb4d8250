import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropPending, rateLimit } from '../../client/rate-limit.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

function element(markup: string): HTMLElement {
  document.body.innerHTML = markup;
  return document.body.querySelector('[id]') as HTMLElement;
}

/** A send function that records the state it was created with. */
function recorder(): { sent: string[]; send: (label: string) => () => void } {
  const sent: string[] = [];
  return { sent, send: (label) => () => sent.push(label) };
}

const input = () => new Event('input');
const key = (k: string) => new KeyboardEvent('keydown', { key: k });

describe('without phx-debounce or phx-throttle', () => {
  it('sends at once', () => {
    const el = element('<input id="i">');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('a'));
    expect(sent).toEqual(['a']);
  });
});

describe('phx-debounce', () => {
  it('sends the latest state once the element has been quiet for the given ms', () => {
    const el = element('<input id="i" phx-debounce="200">');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('a'));
    vi.advanceTimersByTime(150);
    rateLimit(el, input(), send('ab'));
    vi.advanceTimersByTime(150);
    rateLimit(el, input(), send('abc'));
    vi.advanceTimersByTime(199);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['abc']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['abc']);
  });

  it('waits 300 ms when the attribute is empty', () => {
    const el = element('<input id="i" phx-debounce>');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('a'));
    vi.advanceTimersByTime(299);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a']);
  });

  it('sends a waiting event at once when the element loses focus, and not again later', () => {
    const el = element('<input id="i" phx-debounce="500">');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('a'));
    el.dispatchEvent(new FocusEvent('blur'));
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(1000);
    el.dispatchEvent(new FocusEvent('blur'));
    expect(sent).toEqual(['a']);
  });

  it('with "blur", sends the latest state only when the element loses focus', () => {
    const el = element('<input id="i" phx-debounce="blur">');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('a'));
    rateLimit(el, input(), send('ab'));
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([]);
    el.dispatchEvent(new FocusEvent('blur'));
    expect(sent).toEqual(['ab']);
    el.dispatchEvent(new FocusEvent('blur'));
    expect(sent).toEqual(['ab']);
  });

  it('never holds back a blur or focusout event itself', () => {
    const el = element('<input id="i" phx-debounce="500">');
    const { sent, send } = recorder();
    rateLimit(el, new FocusEvent('focusout'), send('out'));
    rateLimit(el, new FocusEvent('blur'), send('blur'));
    expect(sent).toEqual(['out', 'blur']);
  });
});

describe('phx-throttle', () => {
  it('sends the first event at once, drops the next ones for the given ms, then sends again', () => {
    const el = element('<button id="b" phx-throttle="1000">b</button>');
    const { sent, send } = recorder();
    rateLimit(el, new MouseEvent('click'), send('1'));
    rateLimit(el, new MouseEvent('click'), send('2'));
    vi.advanceTimersByTime(999);
    rateLimit(el, new MouseEvent('click'), send('3'));
    expect(sent).toEqual(['1']);
    vi.advanceTimersByTime(1);
    rateLimit(el, new MouseEvent('click'), send('4'));
    expect(sent).toEqual(['1', '4']);
  });

  it('lets a keydown of a different key through while throttled', () => {
    const el = element('<input id="i" phx-throttle="500">');
    const { sent, send } = recorder();
    rateLimit(el, key('a'), send('a1'));
    rateLimit(el, key('a'), send('a2'));
    rateLimit(el, key('b'), send('b1'));
    rateLimit(el, key('b'), send('b2'));
    expect(sent).toEqual(['a1', 'b1']);
  });

  it('ends the wait when the element loses focus', () => {
    const el = element('<input id="i" phx-throttle="1000">');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('1'));
    rateLimit(el, input(), send('2'));
    el.dispatchEvent(new FocusEvent('blur'));
    rateLimit(el, input(), send('3'));
    expect(sent).toEqual(['1', '3']);
  });

  it('waits 300 ms when the attribute is empty', () => {
    const el = element('<button id="b" phx-throttle>b</button>');
    const { sent, send } = recorder();
    rateLimit(el, new MouseEvent('click'), send('1'));
    vi.advanceTimersByTime(299);
    rateLimit(el, new MouseEvent('click'), send('2'));
    vi.advanceTimersByTime(1);
    rateLimit(el, new MouseEvent('click'), send('3'));
    expect(sent).toEqual(['1', '3']);
  });
});

describe('dropPending', () => {
  it("drops the waiting events of a form's fields and ends their throttles (a submit)", () => {
    document.body.innerHTML =
      '<form id="f"><input id="d" name="d" phx-debounce="500"><input id="t" name="t" phx-throttle="500"></form>';
    const form = document.getElementById('f') as HTMLFormElement;
    const debounced = document.getElementById('d')!;
    const throttled = document.getElementById('t')!;
    const { sent, send } = recorder();
    rateLimit(debounced, input(), send('d'));
    rateLimit(throttled, input(), send('t1'));
    dropPending(form);
    vi.advanceTimersByTime(1000);
    debounced.dispatchEvent(new FocusEvent('blur'));
    expect(sent).toEqual(['t1']);
    rateLimit(throttled, input(), send('t2'));
    expect(sent).toEqual(['t1', 't2']);
  });
});

describe('an invalid value', () => {
  it('is logged with the element and the event is sent at once', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const el = element('<input id="i" phx-debounce="soon">');
    const { sent, send } = recorder();
    rateLimit(el, input(), send('a'));
    expect(sent).toEqual(['a']);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('"soon"'), el);
  });
});
