/**
 * Infinite scrolling in a real browser, for both clients: a stream paged 20 rows at a time,
 * `phx-viewport-bottom` loading the next page and `phx-viewport-top` the previous one, with a
 * limit of 40 rows on the page. Once the whole page scrolls (the window), once inside a
 * scrolling element.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { defaultContentSecurityPolicy } from '../../transport/index.js';
import { defineLiveView, html, type LiveStream } from '../../views/index.js';
import { describeClients, openPage, pageErrors, startServer } from './harness.js';

const PER_PAGE = 20;
type Row = { id: number };
type Assigns = { page: number; inner: boolean; streams: { rows: LiveStream<Row> } };
type Events = { next: { id?: string }; prev: { id?: string; _overran?: boolean } };

const rows = (page: number): Row[] =>
  Array.from({ length: PER_PAGE }, (_, i) => ({ id: (page - 1) * PER_PAGE + i + 1 }));

/** Pages `page - 1` and `page` are on the page (40 rows); `pushed` collects what the client sent. */
function feed(pushed: Array<[string, unknown]>) {
  return defineLiveView<Assigns, Events>({
    mount(params, _session, socket) {
      socket.assign({ page: 1, inner: params.inner === '1' }).stream('rows', rows(1));
    },
    handleEvent(event, value, socket) {
      pushed.push([event, value]);
      const page = socket.assigns.page;
      if (event === 'next') {
        socket.assign({ page: page + 1 }).stream('rows', rows(page + 1), { limit: -2 * PER_PAGE });
      } else if (value._overran === true) {
        // Scrolled past everything loaded: start over at the top, as LiveView's guide does.
        socket.assign({ page: 2 }).stream('rows', [...rows(1), ...rows(2)], { reset: true });
      } else if (page > 2) {
        const earlier = rows(page - 2).reverse();
        socket.assign({ page: page - 1 }).stream('rows', earlier, { at: 0, limit: 2 * PER_PAGE });
      }
    },
    render: (
      a,
    ) => html`<div id="scroller" style=${a.inner ? 'height: 300px; overflow-y: auto' : ''}>
<ol id="rows" phx-update="stream" phx-viewport-top="prev" phx-viewport-bottom="next">${a.streams.rows.map(
      ([id, row]) => html`<li id=${id} style="height: 40px">Row ${row.id}</li>`,
    )}</ol></div>`,
  });
}

/** Just the browser globals the page functions below use (the project has no DOM lib). */
interface Box {
  readonly id: string;
  readonly scrollHeight: number;
  readonly firstElementChild: Box | null;
  readonly lastElementChild: Box | null;
  scrollTo(x: number, y: number): void;
}
interface Browser {
  readonly document: {
    getElementById(id: string): Box | null;
    readonly scrollingElement: Box | null;
  };
  scrollTo(x: number, y: number): void;
}

/** Ids of the rows shown, first and last. */
async function ends(page: Page): Promise<[string, string]> {
  return page.evaluate(() => {
    const ol = (globalThis as unknown as Browser).document.getElementById('rows');
    return [ol?.firstElementChild?.id ?? '', ol?.lastElementChild?.id ?? ''] as [string, string];
  });
}

/** Scrolls the window, or the scroller, to its top or bottom. */
async function scroll(page: Page, inner: boolean, to: 'top' | 'bottom'): Promise<void> {
  await page.evaluate(
    ([inside, where]) => {
      const g = globalThis as unknown as Browser;
      const el = inside ? g.document.getElementById('scroller') : g.document.scrollingElement;
      const y = where === 'top' ? 0 : (el?.scrollHeight ?? 0);
      if (inside) el?.scrollTo(0, y);
      else g.scrollTo(0, y);
    },
    [inner, to] as const,
  );
}

async function waitForEnds(page: Page, want: [string, string]): Promise<void> {
  await page.waitForFunction(([first, last]) => {
    const ol = (globalThis as unknown as Browser).document.getElementById('rows');
    return ol?.firstElementChild?.id === first && ol?.lastElementChild?.id === last;
  }, want);
}

describeClients('viewport bindings', (client) => {
  for (const inner of [false, true]) {
    const where = inner ? 'inside a scrolling element' : 'on a page that scrolls as a whole';
    it(`load the next pages at the bottom and the earlier ones at the top, ${where}`, async () => {
      const pushed: Array<[string, unknown]> = [];
      const server = await startServer(client, {
        routes: [{ path: '/', view: feed(pushed) }],
        // The rows' heights are style attributes, which the default policy refuses.
        securityHeaders: {
          contentSecurityPolicy: (nonce) =>
            `${defaultContentSecurityPolicy(nonce)}; style-src-attr 'unsafe-inline'`,
        },
      });
      const page = await openPage(server, inner ? '/?inner=1' : '/', {
        viewport: { width: 390, height: 500 },
      });
      expect(await ends(page)).toEqual(['rows-1', 'rows-20']);
      await scroll(page, inner, 'bottom');
      await waitForEnds(page, ['rows-1', 'rows-40']);
      expect(pushed[0]).toEqual(['next', { id: 'rows-20' }]);
      // The last row asked for the page: it stays in view, so the next one comes from further down.
      await scroll(page, inner, 'bottom');
      await waitForEnds(page, ['rows-21', 'rows-60']);
      await scroll(page, inner, 'top');
      await waitForEnds(page, ['rows-1', 'rows-40']);
      expect(
        pushed.some(
          ([event, value]) => event === 'prev' && (value as Events['prev']).id === 'rows-21',
        ),
      ).toBe(true);
      expect(pageErrors(page)).toEqual([]);
    });
  }
});
