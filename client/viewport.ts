/**
 * `phx-viewport-top` / `phx-viewport-bottom`: infinite scrolling, with the official client's
 * semantics. On an element (usually a stream container) they push their event when the user
 * scrolls the first child into view going up, or the last child going down, with the child's
 * id as `value.id`; and the top event with `_overran: true` once the element's top (or
 * `phx-viewport-overrun-target`'s) comes back into view, which happens when a fast scroll ran
 * past the loaded pages.
 *
 * What scrolls is the nearest element from this one up whose computed `overflow-y` is `auto` or
 * `scroll`, else the window. Each event is throttled to one per 500 ms (the last call of a burst
 * still runs). While a page is being fetched, scrolling keeps the child that asked for it in view
 * (the server is about to insert next to it), and once the reply is patched the child is put
 * back into view if it left it.
 *
 * @example
 * html`<ol id="feed" phx-update="stream" phx-viewport-bottom="more">${a.streams.feed.map(row)}</ol>`
 */
import { hookJS } from './hook-js.js';
import type { HookDefinition } from './hooks.js';

const TOP = 'phx-viewport-top';
const BOTTOM = 'phx-viewport-bottom';
const THROTTLE_MS = 500;

/** True for an element with a viewport binding. @internal */
export function isViewport(el: Element): boolean {
  return el.hasAttribute(TOP) || el.hasAttribute(BOTTOM);
}

type Scroller = Element | null;

/** The element that scrolls `el` into view, or null for the window (as the official client). */
function scrollerOf(el: Element): Scroller {
  for (let e: Element | null = el; e && !/^(HTML|BODY)$/.test(e.nodeName); e = e.parentElement) {
    if (/^(scroll|auto)$/.test(getComputedStyle(e).overflowY)) return e;
  }
  return null;
}

const scrollTop = (s: Scroller): number =>
  s ? s.scrollTop : document.documentElement.scrollTop || document.body.scrollTop;

/** Whether the y coordinate lies within the scroller's visible box. */
function inView(y: number, s: Scroller): boolean {
  const box = s?.getBoundingClientRect();
  const bottom = box ? box.bottom : innerHeight || document.documentElement.clientHeight;
  return Math.ceil(y) >= (box ? box.top : 0) && Math.floor(y) <= bottom;
}

/** A throttled `fn`: at most one call per interval, the last one of a burst delayed. */
function throttle<A extends unknown[]>(fn: (...args: A) => void) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A): void => {
    const wait = THROTTLE_MS - (Date.now() - last);
    if (wait <= 0 || wait > THROTTLE_MS) {
      clearTimeout(timer);
      timer = undefined;
      last = Date.now();
      fn(...args);
    } else {
      timer ??= setTimeout(() => {
        last = Date.now();
        timer = undefined;
        fn(...args);
      }, wait);
    }
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}

/** The built-in hook behind the viewport bindings. @internal */
export const InfiniteScroll: HookDefinition = {
  mounted() {
    const el = this.el;
    let scroller = scrollerOf(el);
    let before = scrollTop(scroller);
    let overran = false;
    let pending: (() => void) | null = null;
    // A push of the binding `attr` for `child`; `block` says where to keep the child meanwhile.
    const push = (attr: string, child: Element, block?: 'start' | 'end') => {
      pending = () => block && child.scrollIntoView({ block });
      // The official client pushes these as `liveSocket.js()` does: type "js".
      hookJS(this.liveSocket, el, 'js').push(el, el.getAttribute(attr) ?? '', {
        value: block ? { id: child.id } : { id: child.id, _overran: true },
        callback: () => {
          pending = null;
          if (!block) return;
          // After the patch: keep the child in view if the new rows pushed it out.
          requestAnimationFrame(() => {
            if (!inView(child.getBoundingClientRect().top, scroller))
              child.scrollIntoView({ block });
          });
        },
      });
    };
    const throttled = [
      throttle((child: Element) => push(TOP, child)),
      throttle((child: Element) => push(TOP, child, 'start')),
      throttle((child: Element) => push(BOTTOM, child, 'end')),
    ] as const;
    const [onOverrun, onFirst, onLast] = throttled;
    const onScroll = (e: Event) => {
      // The listener hears every scroll of the page (capture); ours comes from the scroller.
      if (scroller?.isConnected === false) scroller = scrollerOf(el);
      if (e.target !== (scroller ?? document)) return;
      const now = scrollTop(scroller);
      const up = now < before;
      const down = now > before;
      before = now;
      if (pending) return pending();
      const overrunId = el.getAttribute('phx-viewport-overrun-target');
      const edge = (overrunId ? document.getElementById(overrunId) : el)?.getBoundingClientRect()
        .top;
      const first = el.firstElementChild;
      const last = el.lastElementChild;
      if (up && el.hasAttribute(TOP) && !overran && edge !== undefined && edge >= 0 && first) {
        overran = true;
        onOverrun(first);
      } else if (down && overran && edge !== undefined && edge <= 0) overran = false;
      if (
        up &&
        el.hasAttribute(TOP) &&
        first &&
        inView(first.getBoundingClientRect().top, scroller)
      ) {
        onFirst(first);
      } else if (
        down &&
        el.hasAttribute(BOTTOM) &&
        last &&
        inView(last.getBoundingClientRect().bottom, scroller)
      ) {
        onLast(last);
      }
    };
    addEventListener('scroll', onScroll, true);
    this.stop = () => {
      removeEventListener('scroll', onScroll, true);
      for (const t of throttled) t.cancel();
    };
  },
  destroyed() {
    (this.stop as () => void)();
  },
};
