/**
 * The symbolic steps a fuzz run sends: `'view'` names the joined topic, `'join'` its join ref,
 * and a `{ join: 'view' }` payload a valid rejoin. `send` in fuzz-run.ts resolves them
 * against the live server of each run, so a failing sequence prints readably and shrinks
 * without depending on generated ids.
 *
 * @example
 * const step: Step = { kind: 'frame', joinRef: 'join', ref: 'a', topic: 'view', event: 'event',
 *   payload: { json: { type: 'click', event: 'inc', value: {} } } };
 */
export type TopicPick = 'view' | 'witness' | 'phoenix' | { readonly literal: string };
/** `'join'`: the first join's ref; `'latest'`: the ref of the last `phx_join` sent so far. */
export type JoinRefPick = 'join' | 'latest' | { readonly literal: string } | null;
export type PayloadPick =
  | { readonly json: Record<string, unknown> }
  /** A join payload with the page's real tokens, some fields overridden. */
  | { readonly join: 'view' | 'witness'; readonly overrides: Record<string, unknown> };

export interface FrameStep {
  readonly kind: 'frame';
  readonly joinRef: JoinRefPick;
  /** Made unique at send time (a `#index` suffix), so replies can be counted by ref. */
  readonly ref: string | null;
  readonly topic: TopicPick;
  readonly event: string;
  readonly payload: PayloadPick;
}

export type Step =
  | FrameStep
  /** The same frame a few times in a row (a burst of crashes takes a view past its intensity). */
  | { readonly kind: 'repeat'; readonly times: number; readonly frame: FrameStep }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: readonly number[]; readonly binary: boolean }
  | { readonly kind: 'oversized'; readonly topic: TopicPick };
