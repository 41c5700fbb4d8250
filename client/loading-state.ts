/**
 * What an element looks like while its event awaits the server's reply: a loading class
 * (`phx-click-loading`, `phx-change-loading`, `phx-submit-loading`, ...), and for
 * `phx-disable-with` elements the given text and `disabled`. The page's CSS can then show
 * progress with no JavaScript. While an element is pending, a second click on it is not sent
 * (the official client does the same), so a double click cannot reserve twice.
 *
 * @example
 * const done = startLoading([button], 'click');
 * channel.push('event', payload).receive('ok', () => { done(); patch(); });
 */

const pending = new WeakMap<Element, number>();

/** True while an event sent from `el` has no reply yet. */
export function isPending(el: Element): boolean {
  return (pending.get(el) ?? 0) > 0;
}

/**
 * Puts `els` in the loading state of `kind` (`click`, `change`, `submit`, `keydown`, ...);
 * returns the function that undoes it, which is safe to call more than once.
 */
export function startLoading(
  els: readonly Element[],
  kind: string,
  disableWith: Iterable<Element> = [],
): () => void {
  const undos: Array<() => void> = [];
  const cls = `phx-${kind}-loading`;
  for (const el of els) {
    pending.set(el, (pending.get(el) ?? 0) + 1);
    el.classList.add(cls);
    undos.push(() => {
      const left = (pending.get(el) ?? 1) - 1;
      pending.set(el, left);
      if (left === 0) el.classList.remove(cls);
    });
  }
  for (const el of disableWith) undos.push(disable(el as HTMLElement));
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const undo of undos) undo();
  };
}

function disable(el: HTMLElement): () => void {
  const text = el.getAttribute('phx-disable-with') ?? '';
  const isInput = el instanceof HTMLInputElement;
  const before = isInput ? el.value : el.textContent;
  const wasDisabled = el.hasAttribute('disabled');
  if (text !== '') {
    if (isInput) el.value = text;
    else el.textContent = text;
  }
  el.setAttribute('disabled', '');
  return () => {
    // The reply's patch may already have rendered new text; only put back what we changed.
    if (isInput && el.value === text) el.value = before ?? '';
    else if (!isInput && el.textContent === text) el.textContent = before;
    if (!wasDisabled) el.removeAttribute('disabled');
  };
}
