/**
 * Repairs one happy-dom 21 defect the official LiveView client runs into, and only for the
 * windows the harness registers.
 *
 * The defect: a deep `cloneNode` attaches the cloned children by writing their parent pointer
 * directly, skipping the "connected to a parent" step that copies the owner form, select and
 * textarea links down the tree. So in a cloned `<form>`, `input.form` is `null` (a browser
 * answers the ancestor form, attached or not). LiveView clones every `phx-change` form when a
 * view loses its channel and, after the rejoin, replays the clone's values as a form-recovery
 * event: `pushInput` then throws "form events require the input to be inside a form" and the
 * rejoined view is stuck in its error state. With the links restored the client behaves as in
 * a browser.
 *
 * Scope: the shared `Node.prototype.cloneNode` is wrapped once per process, but the repair runs
 * only for nodes whose document belongs to a registered window; other happy-dom users in the
 * same worker see the original behaviour.
 */
import { Node, PropertySymbol } from 'happy-dom';

type Links = Record<symbol, unknown>;

const SLOTS = [
  { slot: PropertySymbol.formNode, owner: 'FORM' },
  { slot: PropertySymbol.selectNode, owner: 'SELECT' },
  { slot: PropertySymbol.textAreaNode, owner: 'TEXTAREA' },
] as const;

const windows = new WeakSet<object>();
let installed = false;

/** Gives each descendant of `parent` the owner links it would get by being appended. */
function relink(parent: Node): void {
  for (const child of parent.childNodes) {
    const links = child as unknown as Links;
    const parentLinks = parent as unknown as Links;
    for (const { slot, owner } of SLOTS) {
      if (links[slot] == null && child.nodeName !== owner && parentLinks[slot] != null) {
        links[slot] = parentLinks[slot];
      }
    }
    relink(child);
  }
}

/**
 * Registers `window` for the cloned-form repair (installs the wrapper on first use).
 *
 * @example
 * const window = new Window({ url });
 * repairClonedFormOwners(window);
 * form.cloneNode(true).querySelector('input').form; // the cloned form, as in a browser
 */
export function repairClonedFormOwners(window: object): void {
  windows.add(window);
  if (installed) return;
  installed = true;
  const original = Node.prototype.cloneNode;
  Node.prototype.cloneNode = function cloneNode(this: Node, deep?: boolean): Node {
    const clone = original.call(this, deep);
    const view = this.ownerDocument?.defaultView;
    if (deep === true && view != null && windows.has(view)) relink(clone);
    return clone;
  };
}
