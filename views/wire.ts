/**
 * The Phoenix LiveView 1.2 diff format, as JSON travels on the wire (PROTOCOL.md section 5).
 * Protocol key spelling lives here and nowhere else; this file imports nothing, so the
 * browser client can share it without pulling server code into its bundle.
 *
 * @example
 * // html`<p>${n}</p>` rendered with n = 1, then n = 2:
 * const join: WireDiff = { s: ['<p>', '</p>'], '0': '1' };
 * const update: WireDiff = { '0': '2' };
 */

/** Statics of a node: the strings around its slots, or an index into the templates table. */
export const STATIC = 's';
/** On a nested node: the root flag (`1` = renders exactly one element). At the top: a reply. */
export const ROOT = 'r';
export const REPLY = 'r';
/** Top-level table of component trees by cid. */
export const COMPONENTS = 'c';
/** Comprehension entries by index, with their count and move flag. */
export const KEYED = 'k';
export const KEYED_COUNT = 'kc';
export const KEYED_MOVED = 'km';
/** Shared statics table (templates) scoped to one diff. */
export const TEMPLATES = 'p';
/** Pushed events `[[name, payload], ...]`. */
export const EVENTS = 'e';
/** Page title. */
export const TITLE = 't';
/** Stream operations of a comprehension. */
export const STREAM = 'stream';

/** Statics: an array of N+1 strings for N slots, or an index into the active templates table. */
export type WireStatics = readonly string[] | number;

/** The value of one dynamic slot: escaped markup, a component cid, a comprehension or a node. */
export type WireDynamic = string | number | WireComprehension | WireNode;

/** A rendered node: slots `"0"`..`"n-1"` plus optional statics, root flag and templates. */
export interface WireNode {
  s?: WireStatics;
  r?: 1;
  p?: WireTemplates;
  [slot: `${number}`]: WireDynamic;
}

/** One comprehension entry: slots only; entries share their comprehension's statics. */
export interface WireEntry {
  [slot: `${number}`]: WireDynamic;
}

/**
 * An entry in a keyed update: a (partial or full) entry at this index, the index `j` of an
 * unchanged old entry that moved here, or `[j, diff]` for a moved entry that also changed.
 */
export type WireKeyedEntry = WireEntry | number | readonly [number, WireEntry];

/** Comprehension entries by index; `kc` is always present, `km` iff a move is in the map. */
export interface WireKeyed {
  kc: number;
  km?: true;
  [index: `${number}`]: WireKeyedEntry;
}

/** `[ref, inserts, deleteIds]` or with a fourth element meaning reset (PROTOCOL.md 5.6). */
export type WireStream =
  | readonly [string, readonly WireStreamInsert[], readonly string[]]
  | readonly [string, readonly WireStreamInsert[], readonly string[], true];
export type WireStreamInsert = readonly [
  domId: string,
  at: number,
  limit: number | null,
  updateOnly: boolean | null,
];

export interface WireComprehension {
  s?: WireStatics;
  k: WireKeyed;
  p?: WireTemplates;
  stream?: WireStream;
}

/** Shared statics by index (decimal string keys). */
export interface WireTemplates {
  [index: `${number}`]: readonly string[];
}

/** A component tree by cid; integer `s` copies another cid's tree (negative: as cached before). */
export interface WireComponents {
  [cid: `${number}`]: WireNode;
}

/** A pushed event; a third element `true` dispatches it before the patch. */
export type WireEvent =
  | readonly [name: string, payload: unknown]
  | readonly [string, unknown, true];

/** A whole diff as sent in a join reply, a `diff` push or an event reply. */
export interface WireDiff {
  s?: WireStatics;
  /** At the top level `r` is an event reply map; a root flag `1` here is ignored by clients. */
  r?: 1 | Readonly<Record<string, unknown>>;
  p?: WireTemplates;
  [slot: `${number}`]: WireDynamic;
  c?: WireComponents;
  e?: readonly WireEvent[];
  t?: string;
}
