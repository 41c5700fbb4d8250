/**
 * The official Phoenix LiveView 1.2 client cache (`Rendered`, from the installed
 * `phoenix_live_view` package's own source), driven the way its `View` drives it.
 *
 * Loading: `rendered.js` is ESM that imports extensionless `.ts` siblings, and vitest leaves
 * files under node_modules to Node, which cannot resolve those. `tsx` (a devDependency) loads
 * the unchanged source through its own resolver instead. The module reads one browser global:
 * `deepClone` asks `"structuredClone" in window`, and `logError` dispatches a diagnostic event
 * on `window`. {@link installWindow} provides exactly that (an `EventTarget` with
 * `structuredClone`) and records every diagnostic, so no DOM library is needed.
 *
 * What the view does with a diff (view.ts `applyDiff`/`update`/`renderContainer`), and what
 * {@link OfficialClient.receive} repeats: `Rendered.extract` takes `r`, `e`, `t` off the top;
 * the join builds `new Rendered(id, diff)` and renders `toString(null)`; an update calls
 * `mergeDiff`, then either renders each outermost changed component on the page
 * (`componentToString`, for a diff holding only `c`) or the whole view with
 * `toString(componentCIDs(diff))`, which turns unchanged roots into `data-phx-skip`
 * placeholders. Components leaving the page get `resetRender` (cids_will_destroy) and, once
 * destroyed, `pruneCIDs`.
 *
 * The complete HTML (what the DOM holds after the patch) comes from the client's own
 * recursive renderer with change tracking off and every component reset for that one call:
 * that path emits no placeholder. The reset flags are put back afterwards and every other
 * side effect of a render (templates resolved into statics, `newRender` cleared) is one the
 * view's own render has already had, so the official state evolves exactly as in a browser.
 */
import { tsImport } from 'tsx/esm/api';
import type { WireDiff } from '../../views/render/index.js';

/** A diff as the client stores it: plain JSON objects it mutates in place. */
type Json = Record<string, unknown>;

interface RenderResult {
  readonly buffer: string;
  readonly streams: Set<unknown>;
}

/** The part of the official `Rendered` (rendered.js) these tests use. */
export interface OfficialRendered {
  mergeDiff(diff: Json): void;
  toString(onlyCids?: readonly number[] | null): RenderResult;
  recursiveToString(
    rendered: Json,
    components: Json,
    onlyCids: readonly number[] | undefined,
    changeTracking: boolean,
    rootAttrs: Json,
    cid: number | null,
  ): RenderResult;
  componentToString(cid: number): RenderResult;
  componentCIDs(diff: Json): number[];
  isComponentOnlyDiff(diff: Json): boolean;
  resetRender(cid: number): void;
  pruneCIDs(cids: readonly number[]): void;
  get(): Json;
}

/** The official `Rendered` class. */
export interface OfficialRenderedClass {
  new (viewId: string, diff: Json): OfficialRendered;
  extract(diff: Json): { diff: Json; title: unknown; reply: unknown; events: unknown[] };
}

const source = new URL(
  '../../node_modules/phoenix_live_view/assets/js/phoenix_live_view/rendered.js',
  import.meta.url,
);

/**
 * The official client's `Rendered` class, loaded from the installed package source.
 *
 * @example
 * const r = new OfficialRenderedClass('phx-1', { '0': 'x', s: ['<p>', '</p>'] });
 * r.toString().buffer; // '<p>x</p>'
 */
export const OfficialRenderedClass = (
  (await tsImport(source.href, import.meta.url)) as { default: OfficialRenderedClass }
).default;

/**
 * Installs the one browser global the official module reads; returns the diagnostics it
 * dispatched (`phx:live-view:diagnostic`) and a function that removes the global again.
 *
 * @example
 * const window = installWindow();
 * // ... drive the client ...
 * expect(window.diagnostics).toEqual([]);
 * window.uninstall();
 */
export function installWindow(): { readonly diagnostics: unknown[]; uninstall(): void } {
  const diagnostics: unknown[] = [];
  const target = Object.assign(new EventTarget(), { structuredClone });
  target.addEventListener('phx:live-view:diagnostic', (event) => {
    diagnostics.push((event as CustomEvent).detail);
  });
  const global = globalThis as { window?: unknown };
  const previous = global.window;
  global.window = target;
  return {
    diagnostics,
    uninstall: () => {
      global.window = previous;
    },
  };
}

/** What the view took off a diff and what it rendered for the patch. */
export interface Received {
  readonly title: unknown;
  readonly reply: unknown;
  readonly events: unknown[];
  /** The HTML the view would patch in: the whole view, or one entry per component patched. */
  readonly patches: string[];
  /** `isComponentOnlyDiff` said so: only components were rendered. */
  readonly componentOnly: boolean;
}

/**
 * One LiveView as the official client keeps it: receive diffs, read the complete page.
 *
 * @example
 * const client = new OfficialClient('phx-1');
 * client.receive({ '0': '0', s: ['<span>', '</span>'] });
 * client.receive({ '0': '1' });
 * client.page; // '<span>1</span>'
 */
export class OfficialClient {
  readonly viewId: string;
  #rendered: OfficialRendered | undefined;
  #page = '';

  constructor(viewId: string) {
    this.viewId = viewId;
  }

  /** The complete HTML of the view as the DOM holds it after the last patch, client attributes included. */
  get page(): string {
    return this.#page;
  }

  /** The official cache object. */
  get rendered(): OfficialRendered {
    if (this.#rendered === undefined) throw new Error('no diff received yet');
    return this.#rendered;
  }

  /** Applies one diff as `View.applyDiff` + `update` do (after a JSON round trip, like the wire). */
  receive(sent: WireDiff): Received {
    const raw = JSON.parse(JSON.stringify(sent)) as Json;
    const { diff, title, reply, events } = OfficialRenderedClass.extract(raw);
    const patches: string[] = [];
    let componentOnly = false;
    if (this.#rendered === undefined) {
      this.#rendered = new OfficialRenderedClass(this.viewId, diff);
      patches.push(this.#rendered.toString(null).buffer);
    } else {
      const rendered = this.#rendered;
      rendered.mergeDiff(diff);
      if (rendered.isComponentOnlyDiff(diff)) {
        componentOnly = true;
        for (const cid of outermostOnPage(this.#page, this.viewId, rendered.componentCIDs(diff)))
          patches.push(rendered.componentToString(cid).buffer);
      } else if (Object.keys(diff).length > 0) {
        patches.push(rendered.toString(rendered.componentCIDs(diff)).buffer);
      }
    }
    this.#page = this.#complete();
    return { title, reply, events, patches, componentOnly };
  }

  /** The client's side of `cids_will_destroy`: components that left the page render in full if they come back. */
  willDestroy(cids: readonly number[]): void {
    for (const cid of cids) this.rendered.resetRender(cid);
  }

  /** The client's side of the `cids_destroyed` reply. */
  destroyed(cids: readonly number[]): void {
    this.rendered.pruneCIDs(cids);
  }

  /** Cids whose element is on the page. */
  componentsOnPage(): Set<number> {
    return new Set(
      [...this.#page.matchAll(componentAttr(this.viewId))].map((match) => Number(match[1])),
    );
  }

  #complete(): string {
    const rendered = this.rendered;
    const tree = rendered.get();
    const components = tree.c as Record<string, Json>;
    const alreadyReset = new Set(Object.keys(components).filter((cid) => components[cid]?.reset));
    for (const cid of Object.keys(components)) rendered.resetRender(Number(cid));
    const html = rendered.recursiveToString(tree, components, undefined, false, {}, null).buffer;
    for (const [cid, component] of Object.entries(components)) {
      if (alreadyReset.has(cid)) component.reset = true;
      else delete component.reset;
    }
    return html;
  }
}

const componentAttr = (viewId: string) =>
  new RegExp(`data-phx-component="(\\d+)" data-phx-view="${escapeRegExp(viewId)}"`, 'g');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `DOM.findExistingParentCIDs` over an HTML string: cids on the page not inside another one of them. */
function outermostOnPage(page: string, viewId: string, cids: readonly number[]): number[] {
  const wanted = new Set(cids);
  const inner = new Set<number>();
  const outer: number[] = [];
  for (const cid of cids) {
    const element = elementWithPhxId(page, `c${cid}-${viewId}`);
    if (element === undefined) continue;
    outer.push(cid);
    const nested = [...element.matchAll(componentAttr(viewId))].slice(1);
    for (const match of nested) inner.add(Number(match[1]));
  }
  return outer.filter((cid) => wanted.has(cid) && !inner.has(cid));
}

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link']);

/**
 * The element (start tag to matching end tag) carrying `data-phx-id="<id>"`, in HTML whose text
 * and attribute values are escaped (so `<` and `>` only delimit tags).
 *
 * @example
 * elementWithPhxId('<p><b data-phx-id="m1-v">x</b></p>', 'm1-v'); // '<b data-phx-id="m1-v">x</b>'
 */
export function elementWithPhxId(html: string, id: string): string | undefined {
  const at = html.indexOf(`data-phx-id="${id}"`);
  if (at < 0) return undefined;
  const start = html.lastIndexOf('<', at);
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let match = tag.exec(html); match !== null; match = tag.exec(html)) {
    const [, closing, name = '', selfClosing] = match;
    if (closing) depth--;
    else if (!VOID_TAGS.has(name.toLowerCase()) && !selfClosing) depth++;
    if (depth === 0) return html.slice(start, tag.lastIndex);
  }
  return undefined;
}

/**
 * The `data-phx-id`s of the `data-phx-skip` placeholders in a tracked render.
 *
 * @example
 * skippedIds('<b data-phx-id="m1-v" data-phx-skip></b>'); // ['m1-v']
 */
export function skippedIds(html: string): string[] {
  return [...html.matchAll(/<[^>]* data-phx-id="([^"]+)"[^>]* data-phx-skip[ />]/g)].map(
    (match) => match[1] ?? '',
  );
}

/**
 * Removes exactly the attributes the official client adds while rendering a view's HTML:
 * `data-phx-id="m<n>-<view>"`/`"c<cid>-<view>"`, `data-phx-component="<cid>"` and
 * `data-phx-view="<view>"`.
 *
 * @example
 * stripClientAttributes('<p data-phx-id="c1-v" data-phx-component="1" data-phx-view="v" id="x">', 'v');
 * // '<p id="x">'
 */
export function stripClientAttributes(html: string, viewId: string): string {
  const view = escapeRegExp(viewId);
  return html.replace(
    new RegExp(
      ` data-phx-id="[mc]\\d+-${view}"| data-phx-component="\\d+"| data-phx-view="${view}"`,
      'g',
    ),
    '',
  );
}
