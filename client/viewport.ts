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
 * The direction of a scroll is measured from where the page was after the last scroll event or
 * the last patch of the element, whichever came later: a patch that drops rows above the view
 * moves the page (the browser's scroll anchoring) without a scroll event of its own, and a
 * user's scroll in the same frame then arrives as one event. Measured from before the patch,
 * that scroll back down to where the page was reads as no movement and loads nothing.
 *
 * @example
 * html`<ol id="feed" phx-update="stream" phx-viewport-bottom="more">${a.streams.feed.map(row)}</ol>`
 */
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

/** Whether the y coordinate lies within the scroller's visible box (the window's: 0 to its height). */
function inView(y: number, s: Scroller): boolean {
  const box = s?.getBoundingClientRect();
  const bottom = box ? box.bottom : innerHeight || document.documentElement.clientHeight;
  return Math.ceil(y) >= (box?.top ?? 0) && Math.floor(y) <= bottom;
}

const rect = (el: Element) => el.getBoundingClientRect();

/** The built-in hook behind the viewport bindings. @internal */
export const InfiniteScroll: HookDefinition = {
  mounted() {
    const el = this.el;
    let scroller = scrollerOf(el);
    const scrollTop = () =>
      scroller ? scroller.scrollTop : document.documentElement.scrollTop || document.body.scrollTop;
    let before = scrollTop();
    let overran = false;
    let pending: (() => void) | null = null;
    const cancels: (() => void)[] = [];
    // Pushes binding `attr` for `child`, at most once per 500 ms (the last call of a burst
    // waits its turn); `block` says where to keep the child meanwhile (none: an overrun).
    const pusher = (attr: string, block?: 'start' | 'end') => {
      let last = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      cancels.push(() => clearTimeout(timer));
      const push = (child: Element) => {
        last = Date.now();
        timer = undefined;
        pending = () => block && child.scrollIntoView({ block });
        // Type "js", as the official client's `liveSocket.js().push`.
        this.liveSocket.push(el, {
          event: el.getAttribute(attr) ?? '',
          type: 'js',
          value: block ? { id: child.id } : { id: child.id, _overran: true },
          onReply: () => {
            pending = null;
            // After the patch: bring the child back into view if the new rows pushed it out.
            if (block) {
              requestAnimationFrame(() => {
                if (!inView(rect(child).top, scroller)) child.scrollIntoView({ block });
                before = scrollTop();
              });
            }
          },
        });
      };
      return (child: Element) => {
        const wait = THROTTLE_MS - (Date.now() - last);
        if (wait <= 0 || wait > THROTTLE_MS) {
          clearTimeout(timer);
          push(child);
        } else timer ??= setTimeout(push, wait, child);
      };
    };
    const onOverrun = pusher(TOP);
    const onFirst = pusher(TOP, 'start');
    const onLast = pusher(BOTTOM, 'end');
    const onScroll = (e: Event) => {
      // The listener hears every scroll of the page (capture); ours comes from the scroller.
      if (scroller?.isConnected === false) scroller = scrollerOf(el);
      if (e.target !== (scroller ?? document)) return;
      const now = scrollTop();
      const up = now < before;
      const down = now > before;
      before = now;
      if (pending) return pending();
      const target = el.getAttribute('phx-viewport-overrun-target');
      const edge = rect((target && document.getElementById(target)) || el).top;
      const first = el.firstElementChild;
      const last = el.lastElementChild;
      const top = up && first && el.hasAttribute(TOP);
      if (top && !overran && edge >= 0) {
        overran = true;
        onOverrun(first);
      } else if (down && overran && edge <= 0) overran = false;
      if (top && inView(rect(first).top, scroller)) onFirst(first);
      else if (down && last && el.hasAttribute(BOTTOM) && inView(rect(last).bottom, scroller)) {
        onLast(last);
      }
    };
    addEventListener('scroll', onScroll, true);
    // Reading the position after a patch lays the page out, scroll anchoring included.
    this.rebase = () => {
      before = scrollTop();
    };
    this.stop = () => {
      removeEventListener('scroll', onScroll, true);
      for (const cancel of cancels) cancel();
    };
  },
  updated() {
    (this.rebase as () => void)();
  },
  destroyed() {
    (this.stop as () => void)();
  },
};
