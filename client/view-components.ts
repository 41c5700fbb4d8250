/**
 * Telling the server which live components left the page (PROTOCOL.md 3.5), in two steps so a
 * component that comes straight back is not lost: after a patch removed component roots whose
 * cid is nowhere in the view any more, `cids_will_destroy` marks them; after its reply the
 * page is checked again and `cids_destroyed` names those still gone; the cache drops exactly
 * the cids the server's reply lists.
 */
import type { Channel } from './channel.js';
import type { Rendered } from './rendered.js';

const COMPONENT = 'data-phx-component';

/**
 * The cid of the component `el` belongs to (the nearest `data-phx-component`, itself
 * included), if any.
 *
 * @internal
 */
export function componentOf(el: Element): number | undefined {
  const cid = el.closest(`[${COMPONENT}]`)?.getAttribute(COMPONENT);
  return cid == null ? undefined : Number(cid);
}

/**
 * The root element of component `cid` under `root`, if it is on the page.
 *
 * @internal
 */
export function componentElement(root: ParentNode, cid: number): Element | null {
  return root.querySelector(`[${COMPONENT}="${cid}"]`);
}

/**
 * The removed-component bookkeeping of one view.
 * @internal
 */
export class ViewComponents {
  readonly #channel: Channel;
  readonly #container: () => Element;
  #removed = new Set<number>();
  #epoch = 0;

  constructor(channel: Channel, container: () => Element) {
    this.#channel = channel;
    this.#container = container;
  }

  /** Notes a removed element if it is a component root. */
  removed(el: Element): void {
    const cid = el.getAttribute(COMPONENT);
    if (cid !== null) this.#removed.add(Number(cid));
  }

  /** A new join: cids of the previous render mean nothing to the new server process. */
  reset(): void {
    this.#removed.clear();
    this.#epoch++;
  }

  /** After a patch: starts the destroy handshake for the removed cids no longer on the page. */
  prune(rendered: Rendered): void {
    if (this.#removed.size === 0) return;
    const gone = [...this.#removed].filter((cid) => !this.#present(cid));
    this.#removed.clear();
    if (gone.length === 0) return;
    const epoch = this.#epoch;
    for (const cid of gone) rendered.resetRender(cid);
    this.#channel.push('cids_will_destroy', { cids: gone }).receive('ok', () => {
      if (epoch !== this.#epoch) return;
      const still = gone.filter((cid) => !this.#present(cid));
      if (still.length === 0) return;
      this.#channel.push('cids_destroyed', { cids: still }).receive('ok', (resp) => {
        if (epoch === this.#epoch && Array.isArray(resp.cids)) {
          rendered.pruneCIDs(resp.cids as number[]);
        }
      });
    });
  }

  #present(cid: number): boolean {
    return componentElement(this.#container(), cid) !== null;
  }
}
