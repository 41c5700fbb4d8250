/**
 * Client frames on a joined `lv:` topic, turned into view inputs (PROTOCOL.md 3):
 *
 *   event              {type, event, value, cid?, meta?}  -> lv:event (form values decoded)
 *   live_patch         {url}                              -> lv:live_patch
 *   cids_will_destroy  {cids: [3, 5]}                     -> lv:cids_will_destroy
 *   cids_destroyed     {cids: [3, 5]}                     -> lv:cids_destroyed
 *
 * Anything else, or a payload of the wrong shape, is refused with a reason the connection puts
 * in an error reply; it never reaches the view. Uploads (`allow_upload`, `progress`) are not
 * supported yet and are refused the same way.
 *
 * @example
 * toViewInput({ joinRef: '4', ref: '7', topic: 'lv:phx-1', event: 'event',
 *   payload: { type: 'click', event: 'inc', value: {} } });
 * // { ok: true, input: { type: 'lv:event', ref: '7', event: 'inc', value: {} } }
 */

import type { RefInput } from './channel.js';
import { decodeEventPayload } from './event-params.js';
import type { Frame } from './frame.js';

/**
 * A frame's input, or why it has none.
 *
 * @example
 * const decoded: InputDecode = { ok: false, reason: 'bad event' };
 * @internal
 */
export type InputDecode =
  | { readonly ok: true; readonly input: RefInput }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes one non-control frame of a joined topic.
 *
 * @example
 * toViewInput(frame); // { ok: false, reason: 'unknown event' } for an upload frame
 * @internal
 */
export function toViewInput(frame: Frame): InputDecode {
  const { ref, payload } = frame;
  if (ref === null) return { ok: false, reason: 'missing ref' };
  switch (frame.event) {
    case 'event':
      return decodeEvent(ref, payload);
    case 'live_patch':
      return typeof payload.url === 'string'
        ? { ok: true, input: { type: 'lv:live_patch', ref, url: payload.url } }
        : { ok: false, reason: 'bad event' };
    case 'cids_will_destroy':
    case 'cids_destroyed': {
      const cids = toCids(payload.cids);
      if (cids === undefined) return { ok: false, reason: 'bad event' };
      return { ok: true, input: { type: `lv:${frame.event}`, ref, cids } };
    }
    default:
      return { ok: false, reason: 'unknown event' };
  }
}

function decodeEvent(ref: string, payload: Frame['payload']): InputDecode {
  let decoded: ReturnType<typeof decodeEventPayload>;
  try {
    decoded = decodeEventPayload(payload);
  } catch {
    return { ok: false, reason: 'bad event' };
  }
  const { event, value, cid } = decoded;
  return {
    ok: true,
    input:
      cid === undefined
        ? { type: 'lv:event', ref, event, value }
        : { type: 'lv:event', ref, event, value, cid },
  };
}

function toCids(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const cids: number[] = [];
  for (const cid of value) {
    if (typeof cid === 'number' && Number.isInteger(cid)) cids.push(cid);
    else if (typeof cid === 'string' && /^\d+$/.test(cid)) cids.push(Number(cid));
    else return undefined;
  }
  return cids;
}
