/**
 * The diff of a stream in a slot (PROTOCOL.md 5.6): a comprehension whose entries are the items
 * inserted since the last render, always complete, with the operations in `stream`. The server
 * remembers only the entries' fingerprint, so that later renders leave out the statics; nothing
 * of the items.
 *
 * - Operations pending: `{"k":{"0":{...},"kc":1},"stream":["0",[["songs-3",0,10,false]],[]]}`,
 *   with `s` (and `p`) the first time or when the entries' template changed; a delete alone is
 *   `{"k":{"kc":0},"stream":["0",[],["songs-1"]]}`.
 * - Nothing pending: nothing sent, the client keeps its (empty) comprehension and the page its
 *   items; the first time, `{"s":...,"k":{"kc":0},"stream":["0",[],[]]}`, as LiveView sends.
 * - Statics of a stream that has rendered no entry yet: the wrapper's `["",""]`, replaced by
 *   the real ones with the first entries (`kc` 0 renders none of them either way).
 */
import type { WireDynamic } from '../wire.js';
import type { EntryRenderer } from './comprehension-state.js';
import { parsedOf, scopeForEntries, valuesOf } from './comprehension-state.js';
import type { RenderScope } from './render-scope.js';
import { emptyMemos, wireStatics } from './rendered-tree.js';
import type { StreamRendering } from './stream.js';
import type { ParsedTemplate } from './template-parse.js';
import { WRAPPER_TEMPLATE } from './template-parse.js';

/** A slot whose stream comprehension the client holds: its entries' fingerprint, no items. @internal */
export class StreamMemo {
  readonly parsed: ParsedTemplate;

  constructor(parsed: ParsedTemplate) {
    this.parsed = parsed;
  }
}

/**
 * Diffs a stream against the slot's memo (`memos[slot]`), updating the memo; `undefined` when
 * there is nothing to send. Does not prune the stream: its owner does once the render is done.
 *
 * @internal
 */
export function diffStream(
  memos: unknown[],
  slot: number,
  value: StreamRendering,
  scope: RenderScope,
  renderer: EntryRenderer,
): WireDynamic | undefined {
  const memo = memos[slot];
  const stream = value.stream;
  if (!stream.pending && memo instanceof StreamMemo) return undefined;
  const items = stream.entries();
  const n = items.length;
  const templates = new Array<unknown>(n);
  let parsed: ParsedTemplate | undefined;
  for (let i = 0; i < n; i++) {
    const template = value.render(items[i] as readonly [string, unknown]);
    templates[i] = template;
    const entryParsed = parsedOf(template);
    parsed = parsed === undefined || parsed === entryParsed ? entryParsed : WRAPPER_TEMPLATE;
  }
  const known = memo instanceof StreamMemo ? memo.parsed : undefined;
  parsed ??= known ?? WRAPPER_TEMPLATE;
  const { entryScope, table } = scopeForEntries(scope);
  const k: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const values = valuesOf(templates[i], parsed);
    k[i] = renderer.full(emptyMemos(parsed.slots.length), values, parsed, entryScope);
  }
  k.kc = n;
  const wire: Record<string, unknown> = { k };
  if (known !== parsed) {
    wire.s = wireStatics(parsed, scope.table);
    memos[slot] = new StreamMemo(parsed);
  }
  const p = table?.toWire();
  if (p !== undefined) wire.p = p;
  const operations = stream.toWire();
  wire.stream = operations;
  scope.pass.streamRecord?.apply(operations, templates);
  return wire as unknown as WireDynamic;
}
