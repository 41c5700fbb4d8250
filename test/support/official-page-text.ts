/**
 * How the page's values and state read in messages: anything the page reports as text
 * ({@link show}), and the picture of a page a failure message carries ({@link describePage}).
 */
import type { RecordedFrame } from './official-transport.js';

const FRAMES_IN_FAILURE = 8;

/** How much of a body (or of a failed response) a message quotes. */
export const HTML_IN_FAILURE = 2_000;

/** Text of anything the page reports, for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  // Errors thrown by the client come from the page's realm: `instanceof Error` is false there.
  if (typeof value === 'object' && value !== null && 'stack' in value) {
    return String((value as { stack: unknown }).stack);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** What a failure message shows of a page. */
export interface PageState {
  readonly url: string;
  readonly frames: readonly RecordedFrame[];
  /** Console errors and warnings, as text. */
  readonly console: readonly { readonly text: string }[];
  readonly errors: readonly unknown[];
  readonly body: string;
}

/** URL, last frames, errors and the body HTML, cut to a readable length. */
export function describePage(page: PageState): string {
  const frames = page.frames
    .slice(-FRAMES_IN_FAILURE)
    .map((frame) => `  ${frame.direction === 'sent' ? '->' : '<-'} ${frame.text}`)
    .join('\n');
  const errors = [...page.console.map((entry) => entry.text), ...page.errors.map(show)];
  const { body } = page;
  return [
    `url: ${page.url}`,
    `last frames:\n${frames || '  (none)'}`,
    errors.length > 0 ? `errors:\n  ${errors.join('\n  ')}` : 'errors: none',
    `body: ${body.length > HTML_IN_FAILURE ? `${body.slice(0, HTML_IN_FAILURE)}...` : body}`,
  ].join('\n');
}
