/**
 * @module
 * The browser side of liveactor. For now: the diff cache every client keeps per view.
 *
 * @example
 * const rendered = new Rendered('phx-1', joinReply.rendered);
 * rendered.mergeDiff({ '0': '2' });
 * container.innerHTML = rendered.toString();
 */

// Diff cache
export type { ExtractedDiff, RenderedOptions } from './rendered.js';
export { Rendered } from './rendered.js';
export type { RenderedErrorCode } from './rendered-errors.js';
export { RenderedError } from './rendered-errors.js';
