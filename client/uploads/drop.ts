/**
 * Drag and drop onto a `phx-drop-target` (PROTOCOL.md 8): the element names the id of a live
 * file input; files dropped on it are that input's, as if picked, and its form hears a change.
 * While files are dragged over it, it has the class `phx-drop-target-active`.
 */
import { isUploadInput, trackFiles } from './files.js';

const ACTIVE = 'phx-drop-target-active';

/** Installs the drop listeners through `on` (the bindings' window listener). */
export function bindDrops(
  on: <E extends Event>(type: string, listener: (e: E) => void) => void,
): void {
  // Entering a child of the target leaves the target first: count, and let go at zero.
  const depth = new WeakMap<Element, number>();
  const zoneOf = (e: DragEvent) =>
    e.target instanceof Element ? e.target.closest('[phx-drop-target]') : null;
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  on<DragEvent>('dragenter', (e) => {
    const zone = zoneOf(e);
    if (!zone || !hasFiles(e)) return;
    const n = (depth.get(zone) ?? 0) + 1;
    depth.set(zone, n);
    zone.classList.add(ACTIVE);
  });
  on<DragEvent>('dragleave', (e) => {
    const zone = zoneOf(e);
    if (!zone) return;
    const n = (depth.get(zone) ?? 0) - 1;
    if (n > 0) depth.set(zone, n);
    else {
      depth.delete(zone);
      zone.classList.remove(ACTIVE);
    }
  });
  // The browser drops only where `dragover` was cancelled.
  on<DragEvent>('dragover', (e) => {
    if (zoneOf(e)) e.preventDefault();
  });
  on<DragEvent>('drop', (e) => {
    const zone = zoneOf(e);
    if (!zone) return;
    e.preventDefault();
    depth.delete(zone);
    zone.classList.remove(ACTIVE);
    const input = document.getElementById(zone.getAttribute('phx-drop-target') ?? '');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!isUploadInput(input) || input.disabled || files.length === 0) return;
    // A single-file input shows what was dropped, as if it had been picked.
    if (!input.multiple && e.dataTransfer) input.files = e.dataTransfer.files;
    trackFiles(input, files);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
