/**
 * The counter live view the view-process tests drive: it logs each callback it runs (with what
 * mount saw), counts on `inc`, replies to `hook`, throws on `boom`, and is told by messages
 * (`set`, `same`, `'boom'`) broadcast on its `counter` topic.
 */

import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';

export type Info = { type: 'set'; n: number } | { type: 'same' } | 'boom';

/** A counter view that appends what it does to `log`, e.g. `'mount:5:ann:true'`, `'event:inc'`. */
export function counter(log: string[] = []) {
  return defineLiveView<
    { n: number; label: string },
    { inc: unknown; hook: unknown; boom: unknown },
    Info
  >({
    mount(params, session, socket) {
      log.push(`mount:${String(params.start)}:${String(session.user)}:${socket.connected}`);
      socket.assign({ n: Number(params.start ?? 0), label: 'count' });
      socket.subscribe('counter');
    },
    handleParams(_params, url) {
      log.push(`params:${url.pathname}`);
    },
    handleEvent(event, _value, socket) {
      log.push(`event:${event}`);
      if (event === 'inc') socket.update('n', (n) => n + 1);
      if (event === 'hook') return { reply: { ok: true } };
      if (event === 'boom') throw new Error('boom');
      return undefined;
    },
    handleInfo(msg, socket) {
      log.push(`info:${typeof msg === 'string' ? msg : msg.type}`);
      if (msg === 'boom') throw new Error('boom');
      if (msg.type === 'set') socket.assign('n', msg.n);
      if (msg.type === 'same') socket.assign({ n: socket.assigns.n, label: socket.assigns.label });
    },
    terminate(reason) {
      log.push(`terminate:${typeof reason === 'string' ? reason : 'error'}`);
    },
    render: (a) => html`<p>${a.label}: <b>${a.n}</b></p>`,
  });
}
