/**
 * What a view's uploads (uploads.ts) get of it: its channel for preflights and progress
 * reports (a reply's diff applied as any event reply's), the socket the entries' `lvu:` topics
 * join on, the app's external uploaders, and word when the view's channel fails.
 */
import { CHANNEL_EVENTS } from '../../transport/frame.js';
import type { Channel } from '../channel.js';
import type { LiveSocket } from '../live-socket.js';
import type { Payload } from '../push.js';
import { componentOf } from '../view-components.js';
import type { UploadsHost } from './uploads.js';

/**
 * The host of one view's uploads; `applyReply` applies an ok reply (its diff, a navigation).
 * @internal
 */
export function uploadsHost(
  channel: Channel,
  liveSocket: LiveSocket,
  timeout: number,
  applyReply: (resp: Payload) => void,
): UploadsHost {
  const request: UploadsHost['request'] = (event, payload, form) =>
    new Promise((resolve) => {
      // A form that targets a live component (its cid, or a selector: then, as the official
      // client does, the component the form sits in) makes the upload the component's.
      const target = form?.getAttribute('phx-target');
      const cid = !target ? undefined : Number.isNaN(+target) ? componentOf(form!) : +target;
      channel
        .push(event, cid === undefined ? payload : { ...payload, cid }, timeout)
        .receive('ok', (resp) => {
          applyReply(resp);
          resolve(resp);
        })
        .receive('error', () => resolve(undefined))
        .receive('timeout', () => resolve(undefined));
    });
  return {
    socket: liveSocket.socket,
    uploaders: liveSocket.uploaders,
    request,
    progress: async (input, ref, progress) => {
      const uploadRef = input.getAttribute('data-phx-upload-ref');
      const event = input.getAttribute('phx-progress');
      await request('progress', { event, ref: uploadRef, entry_ref: ref, progress }, input.form);
    },
    onViewError: (callback) => {
      const ref = channel.onError(() => {
        channel.off(CHANNEL_EVENTS.error, ref);
        callback();
      });
    },
  };
}
