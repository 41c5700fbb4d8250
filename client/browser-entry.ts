/**
 * The script served at `/liveactor.js`: the client in one file that connects by itself. It
 * reads the CSRF token from `<meta name="csrf-token">`, takes extra options (hooks, metadata,
 * ...) from `window.liveactorOptions` if the page set it before this script, and leaves the
 * socket at `window.liveSocket`. It falls back to long polling after 2.5 s without a working
 * WebSocket (`longPollFallbackMs`; `0` in liveactorOptions turns that off). A `<script data-no-connect>` only defines `window.liveactor`,
 * for a page that builds its own `LiveSocket`.
 *
 * @example
 * // <script>window.liveactorOptions = { hooks: { Chart } }</script>
 * // <script defer src="/liveactor.js"></script>
 */
import { LiveSocket, type LiveSocketOptions } from './live-socket.js';
import type { Payload } from './push.js';
import { Rendered } from './rendered.js';

declare global {
  interface Window {
    liveactor?: { LiveSocket: typeof LiveSocket; Rendered: typeof Rendered };
    liveactorOptions?: LiveSocketOptions;
    liveSocket?: LiveSocket;
  }
}

const script = document.currentScript;
window.liveactor = { LiveSocket, Rendered };
if (!script?.hasAttribute('data-no-connect')) {
  const opts = window.liveactorOptions ?? {};
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content');
  const own = opts.params;
  const params =
    typeof own === 'function'
      ? (el?: Element): Payload => ({ _csrf_token: token, ...own(el) })
      : { _csrf_token: token, ...own };
  // As the app.js Phoenix generates: a network that blocks WebSockets gets long polling.
  window.liveSocket = new LiveSocket('/live', { longPollFallbackMs: 2500, ...opts, params });
  window.liveSocket.connect();
}
