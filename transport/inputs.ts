/**
 * Client frames on a joined `lv:` topic, turned into view inputs (PROTOCOL.md 3):
 *
 *   event              {type, event, value, cid?, meta?, uploads?} -> lv:event (form values decoded)
 *   live_patch         {url}                              -> lv:live_patch
 *   cids_will_destroy  {cids: [3, 5]}                     -> lv:cids_will_destroy
 *   cids_destroyed     {cids: [3, 5]}                     -> lv:cids_destroyed
 *   allow_upload       {ref, entries, cid?}               -> lv:allow_upload (upload-inputs.ts)
 *   progress           {ref, entry_ref, progress, cid?}   -> lv:progress
 *
 * Every field a view gets is checked here, so a malformed but well-typed input is an error
 * reply, never a crash of the view: an event name of 1 to 256 characters, a `type` string, a
 * `cid` that is absent, null or a component id (anything else would reach the view instead of
 * its component), a form value that decodes, and a URL of at most 16 KiB that parses against
 * any http(s) page as an http(s) URL.
 *
 * Anything else, or a payload of the wrong shape, is refused with a reason the port puts in an
 * error reply ('bad event', 'bad url', 'unknown event', 'missing ref'); it never reaches the
 * view.
 */

import type { RefInput } from './channel.js';
import { decodeCid, decodeEventPayload } from './event-params.js';
import type { Frame } from './frame.js';
import { MAX_URL_LENGTH, parseUrl } from './http-util.js';
import { decodePreflight, decodeProgress, decodeUploads } from './upload-inputs.js';

/**
 * A frame's input, or why it has none: the reason of the error reply. A bare string rather than
 * a result object, because every click goes through here.
 * @internal
 */
export type InputDecode = RefInput | string;

/**
 * Decodes one non-control frame of a joined topic.
 * @internal
 */
export function toViewInput(frame: Frame): InputDecode {
  const { ref, payload } = frame;
  if (ref === null) return 'missing ref';
  switch (frame.event) {
    case 'event':
      return decodeEvent(ref, payload);
    case 'live_patch':
      return isPatchUrl(payload.url) ? { type: 'lv:live_patch', ref, url: payload.url } : 'bad url';
    case 'cids_will_destroy':
    case 'cids_destroyed': {
      const cids = toCids(payload.cids);
      return cids === undefined ? 'bad event' : { type: `lv:${frame.event}`, ref, cids };
    }
    case 'allow_upload':
      return decodePreflight(ref, payload);
    case 'progress':
      return decodeProgress(ref, payload);
    default:
      return 'unknown event';
  }
}

function decodeEvent(ref: string, payload: Frame['payload']): InputDecode {
  let decoded: ReturnType<typeof decodeEventPayload>;
  try {
    decoded = decodeEventPayload(payload);
  } catch {
    return 'bad event';
  }
  const { event, value, cid } = decoded;
  const input =
    cid === undefined
      ? ({ type: 'lv:event', ref, event, value } as const)
      : ({ type: 'lv:event', ref, event, value, cid } as const);
  // Most events carry no `uploads`, or an empty one: only a real one is decoded and passed on.
  if (payload.uploads === undefined || isEmptyObject(payload.uploads)) return input;
  const uploads = decodeUploads(payload.uploads);
  if (uploads === null) return 'bad event';
  return uploads === undefined ? input : { ...input, uploads };
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const _key in value) return false;
  return true;
}

/**
 * The view resolves the URL against its own (an http or https page); what parses against one
 * such page parses against all of them, so a stand-in decides.
 */
const STAND_IN_PAGE = 'http://localhost/';

function isPatchUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return false;
  const parsed = parseUrl(url, STAND_IN_PAGE);
  return parsed !== undefined && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

function toCids(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const cids: number[] = [];
  for (const item of value) {
    const cid = decodeCid(item);
    if (cid === undefined) return undefined;
    cids.push(cid);
  }
  return cids;
}
