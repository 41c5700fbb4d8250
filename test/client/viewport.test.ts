/**
 * phx-viewport-top / phx-viewport-bottom in happy-dom, which lays nothing out: each test sets
 * the boxes it needs (`getBoundingClientRect`) and the scroll positions by hand, then fires the
 * scroll event a browser would. The same bindings run in Chromium in test/e2e/viewport.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { $, joined, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();
beforeEach(() => {
  document.documentElement.scrollTop = 0;
});

/** Gives `el` a box from `top` to `bottom` (viewport coordinates). */
function box(el: Element, top: number, bottom: number): void {
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue({ top, bottom } as DOMRect);
}

const list = (attrs: string, style = '') => ({
  s: [
    `<div id="scroller" style="${style}"><ol id="feed" phx-update="stream" ${attrs}><li id="a">a</li><li id="b">b</li><li id="c">c</li></ol></div>`,
  ],
});

/** Scrolls the window to `y`. */
function scrollWindow(y: number): void {
  document.documentElement.scrollTop = y;
  document.dispatchEvent(new Event('scroll'));
}

/** A page whose last child is in view, after the scroll down that pushed `more` once. */
function pushedOnce() {
  const t = joined({}, list('phx-viewport-bottom="more"'));
  vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(800);
  box($('c'), 600, 700);
  scrollWindow(100);
  expect(t.server.all('event')).toHaveLength(1);
  return t;
}

describe('phx-viewport-bottom on a page that scrolls as a whole', () => {
  it('pushes the event with the last child id when scrolling down brings it into view', () => {
    const { server } = joined({}, list('phx-viewport-bottom="more" phx-value-page="2"'));
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(800);
    box($('c'), 900, 1000);
    scrollWindow(50);
    expect(server.all('event')).toEqual([]);
    box($('c'), 600, 700);
    scrollWindow(100);
    expect(server.last('event')[4]).toEqual({
      type: 'js',
      event: 'more',
      value: { page: '2', id: 'c' },
    });
  });

  it('keeps the last child in view while the page is on its way, then listens again', () => {
    const { server } = pushedOnce();
    const scrolled = vi.fn();
    $('c').scrollIntoView = scrolled;
    scrollWindow(150);
    expect(scrolled).toHaveBeenCalledWith({ block: 'end' });
    expect(server.all('event')).toHaveLength(1);
    server.reply(server.last('event'), {});
    vi.advanceTimersByTime(500);
    scrollWindow(200);
    expect(server.all('event')).toHaveLength(2);
  });

  it('throttles to one push per 500 ms, the last of a burst sent when the time is up', () => {
    const { server } = pushedOnce();
    server.reply(server.last('event'), {});
    scrollWindow(120);
    scrollWindow(140);
    expect(server.all('event')).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(server.all('event')).toHaveLength(2);
  });

  it('measures a scroll from where the patch of a reply left the page, not from before it', () => {
    const rendered = {
      '0': '2',
      s: [
        '<ol id="feed" phx-update="stream" phx-viewport-bottom="more" data-page="',
        '"><li id="a">a</li><li id="b">b</li><li id="c">c</li></ol>',
      ],
    };
    const { server } = joined({}, rendered);
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(800);
    box($('c'), 600, 700);
    scrollWindow(3000);
    expect(server.all('event')).toHaveLength(1);
    vi.advanceTimersByTime(500);
    // The patch drops rows above the view: the browser moves the page up to keep what is shown
    // in place, and the scroll event for that has not fired yet when the user scrolls back
    // down to 3000: one event, at the position of the last one.
    document.documentElement.scrollTop = 1600;
    server.reply(server.last('event'), { diff: { '0': '3' } });
    scrollWindow(3000);
    expect(server.all('event')).toHaveLength(2);
  });

  it('does nothing while scrolling up, or for a scroll of another element', () => {
    const { server } = pushedOnce();
    server.reply(server.last('event'), {});
    vi.advanceTimersByTime(500);
    scrollWindow(40);
    $('scroller').dispatchEvent(new Event('scroll'));
    expect(server.all('event')).toHaveLength(1);
  });
});

describe('phx-viewport-top', () => {
  it('pushes the first child id when scrolling up brings it to the top', () => {
    const { server } = joined({}, list('phx-viewport-top="less"'));
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(800);
    scrollWindow(500);
    box($('feed'), -300, 900);
    box($('a'), 10, 40);
    scrollWindow(400);
    expect(server.last('event')[4]).toEqual({ type: 'js', event: 'less', value: { id: 'a' } });
  });

  it('reports an overrun when the container top comes back into view', () => {
    const { server } = joined({}, list('phx-viewport-top="less"'));
    vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(800);
    scrollWindow(500);
    box($('feed'), 20, 900);
    box($('a'), -200, -150);
    scrollWindow(400);
    expect(server.last('event')[4]).toEqual({
      type: 'js',
      event: 'less',
      value: { id: 'a', _overran: true },
    });
  });
});

describe('a viewport binding inside a scrolling element', () => {
  it('follows that element, not the window', () => {
    const { server } = joined({}, list('phx-viewport-bottom="more"', 'overflow-y: auto'));
    const scroller = $('scroller');
    box(scroller, 100, 500);
    box($('c'), 400, 450);
    scrollWindow(100);
    expect(server.all('event')).toEqual([]);
    scroller.scrollTop = 80;
    scroller.dispatchEvent(new Event('scroll'));
    expect(server.last('event')[4]).toMatchObject({ event: 'more', value: { id: 'c' } });
  });

  it('stops listening once the element leaves the page', () => {
    const { server } = joined({}, list('phx-viewport-bottom="more"', 'overflow-y: auto'));
    const scroller = $('scroller');
    server.push('diff', { s: ['<p>gone</p>'] });
    box($('c') ?? scroller, 400, 450);
    scroller.scrollTop = 80;
    scroller.dispatchEvent(new Event('scroll'));
    expect(server.all('event')).toEqual([]);
  });
});
