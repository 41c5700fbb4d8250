/**
 * @module
 * The browser side of liveactor: a `LiveSocket` that joins every live view on the page,
 * patches the DOM with what the server sends and sends back what the user does. The same
 * code, bundled with morphdom, is served at `/liveactor.js` and connects by itself.
 *
 * @example
 * import { LiveSocket } from 'liveactor/client';
 * const csrf = document.querySelector("meta[name='csrf-token']")?.getAttribute('content');
 * new LiveSocket('/live', { params: { _csrf_token: csrf }, hooks: {} }).connect();
 */

// The Phoenix channels client underneath
export type { ChannelState } from './channel.js';
export { Channel } from './channel.js';
// What the page shows above a view the server gave up on
export type { FailureNotice, FailureState, FailureTexts } from './failure-notice.js';
export { defaultFailureNotice } from './failure-notice.js';
// Hooks
export type { HandleRef, HookDefinition, ViewHook } from './hooks.js';
// The live socket and its options
export type { LiveSocketOptions } from './live-socket.js';
export { LiveSocket } from './live-socket.js';
// The long-poll transport, and what falls back to it
export { LongPoll } from './long-poll.js';
// What the page shows while offline
export type { OfflineBanner } from './offline-banner.js';
export { defaultOfflineBanner } from './offline-banner.js';
export type { SocketClose, SocketOptions } from './phoenix-socket.js';
export { PhoenixSocket } from './phoenix-socket.js';
// Diff cache
export type { ExtractedDiff, RenderedOptions } from './rendered.js';
export { Rendered } from './rendered.js';
export type { RenderedErrorCode } from './rendered-errors.js';
export { RenderedError } from './rendered-errors.js';
// Uploads: what an external uploader (LiveSocket's `uploaders`) receives
export type { UploadEntryHandle } from './uploads/entry.js';
export type { Uploader } from './uploads/uploads.js';
