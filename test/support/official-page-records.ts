/** What a page records of its console and of the client's log, beside the frames it sees. */

/** A `console.error` / `console.warn` call made in the page (by the client or by happy-dom). */
export interface ConsoleEntry {
  readonly level: 'error' | 'warn';
  /** The arguments joined as text, for assertions and failure messages. */
  readonly text: string;
  readonly args: readonly unknown[];
}

/** A line the client logged through `viewLogger` (every kind, debug included). */
export interface ClientLog {
  readonly kind: string;
  readonly message: string;
  readonly data: unknown;
}
