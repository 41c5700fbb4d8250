/**
 * Live navigation in the browser's history (PROTOCOL.md 2.6, 3.4): clicks on
 * `<a data-phx-link="patch|redirect">`, back and forward, and the history entries they leave.
 *
 * Every entry a live page owns carries `{ type, id }` in `history.state`: `patch` entries
 * belong to the main view `id` and are replayed as a `live_patch`; `redirect` entries are
 * replayed as a live navigation. The page's first entry is stamped `redirect` on connect, so
 * going back to it works like any other.
 */

/** The state a live page keeps in `history.state`. */
export interface HistoryEntry {
  readonly type: 'patch' | 'redirect';
  /** The main view's container id when the entry was made. */
  readonly id: string;
  /** Index of the entry among the page's live entries, to tell back from forward. */
  readonly position?: number | undefined;
  /** How the page left this entry (the next entry's type): going back to it undoes that. */
  readonly backType?: 'patch' | 'redirect' | undefined;
}

/** What link clicks and back/forward ask of the live socket. */
export interface NavigationHost {
  patch(href: string, replace: boolean): void;
  navigate(href: string, replace: boolean): void;
  /** Back or forward landed on `href`: as a patch of view `id`, or as a navigation. */
  restore(type: 'patch' | 'redirect', id: string, href: string): void;
}

/**
 * The page's live history: writes entries and replays back/forward. Going back over a patch
 * is a patch (the entry it lands on records how it was left), going forward is what the
 * entry it lands on was.
 */
export class LiveHistory {
  #position = current()?.position ?? 0;

  /** Adds (`push`) or rewrites (`replace`) the current history entry. */
  write(kind: 'push' | 'replace', href: string, entry: HistoryEntry): void {
    const here = current();
    if (kind === 'push') {
      history.replaceState({ ...here, backType: entry.type }, '');
      this.#position++;
      history.pushState({ ...entry, position: this.#position }, '', href);
    } else {
      history.replaceState(
        { ...entry, position: this.#position, backType: here?.backType },
        '',
        href,
      );
    }
  }

  /** Listens for live link clicks and back/forward; returns the function that stops it. */
  bind(win: Window, host: NavigationHost): () => void {
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.('a[data-phx-link]');
      if (!(link instanceof HTMLAnchorElement) || !isPlainClick(e, link)) return;
      e.preventDefault();
      const replace = link.getAttribute('data-phx-link-state') === 'replace';
      if (link.getAttribute('data-phx-link') === 'patch') host.patch(link.href, replace);
      else host.navigate(link.href, replace);
    };
    const onPop = (e: PopStateEvent) => {
      const entry = e.state as HistoryEntry | null;
      if (!(entry?.type === 'patch' || entry?.type === 'redirect')) return;
      const position = entry.position ?? 0;
      const forward = position > this.#position;
      this.#position = position;
      host.restore(
        forward ? entry.type : (entry.backType ?? entry.type),
        entry.id,
        win.location.href,
      );
    };
    win.addEventListener('click', onClick);
    win.addEventListener('popstate', onPop);
    return () => {
      win.removeEventListener('click', onClick);
      win.removeEventListener('popstate', onPop);
    };
  }
}

function current(): HistoryEntry | null {
  return history.state as HistoryEntry | null;
}

// A click the browser would not open in this tab (new tab, download, another origin) is left
// to the browser; so is one a phx-click handler already took.
function isPlainClick(e: MouseEvent, link: HTMLAnchorElement): boolean {
  return (
    !e.defaultPrevented &&
    e.button === 0 &&
    !(e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) &&
    (link.target === '' || link.target === '_self') &&
    !link.hasAttribute('download') &&
    link.origin === location.origin
  );
}
