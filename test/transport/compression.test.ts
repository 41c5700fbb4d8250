/**
 * WebSocket compression (`compress`): off unless asked for, as Phoenix's; when on, negotiated
 * with every client that offers permessage-deflate (with or without `client_max_window_bits`),
 * and the frames arrive whole, fewer bytes on the wire.
 */
import { once } from 'node:events';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type PerMessageDeflateOptions, WebSocket } from 'ws';
import { defineLiveView, html } from '../../views/index.js';
import { getPage, joinPayload, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView } from './fixtures.js';

const ROWS = Array.from({ length: 1_000 }, (_, i) => `row ${i}: someone@example.com`);
const Rows = defineLiveView<{ rows: string[] }>({
  mount: (_params, _session, socket) => {
    socket.assign({ rows: ROWS });
  },
  render: (a) => html`<ul>${a.rows.map((r) => html`<li class="row">${r}</li>`)}</ul>`,
});
const routes = [
  { path: '/counter', view: counterView() },
  { path: '/rows', view: Rows },
];

/** Joins `/rows` and returns the reply's rendered rows and the bytes the socket received for it. */
async function joinRows(url: string, client: LiveClient) {
  const page = await getPage(url, '/rows');
  const before = client.socket.bytesRead;
  const view = await client.join(page);
  // A comprehension's entries, keyed by position: `{ k: { 0: { 0: 'row 0...' }, ..., kc: n } }`.
  const { k } = (view.rendered as { '0': { k: Record<string, { '0': string }> } })['0'];
  const rows = Object.keys(k)
    .filter((key) => key !== 'kc')
    .map((key) => k[key]!['0']);
  return { rows, bytes: client.socket.bytesRead - before };
}

describe('compress', () => {
  it('is off by default: a client offering permessage-deflate gets plain frames', async () => {
    const { url } = await startLiveServer({ routes });
    const client = await LiveClient.connect(url);
    expect(client.ws.extensions).toBe('');
    const { rows, bytes } = await joinRows(url, client);
    expect(rows).toEqual(ROWS);
    expect(bytes).toBeGreaterThan(ROWS.join('').length);
  });

  it('compress: true deflates the frames of a client that offers it; they arrive whole and smaller', async () => {
    const { url } = await startLiveServer({ routes, compress: true });
    const client = await LiveClient.connect(url);
    expect(client.ws.extensions).toMatch(/^permessage-deflate/);
    const { rows, bytes } = await joinRows(url, client);
    expect(rows).toEqual(ROWS);
    expect(bytes).toBeLessThan(ROWS.join('').length / 4);
    const view = await client.join(await getPage(url, '/counter'));
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  });

  it('compress: true accepts an offer without client_max_window_bits, and a client that offers nothing', async () => {
    const { url } = await startLiveServer({ routes, compress: true });
    const socketUrl = `${url.replace('http', 'ws')}/live/websocket?vsn=2.0.0`;
    // As Firefox offers it: no client_max_window_bits (ws does so for `false`; its types say
    // number only).
    const bare = { clientMaxWindowBits: false } as unknown as PerMessageDeflateOptions;
    for (const perMessageDeflate of [bare, false]) {
      const ws = new WebSocket(socketUrl, { perMessageDeflate });
      onTestFinished(() => ws.terminate());
      await once(ws, 'open');
      expect(ws.extensions).toMatch(perMessageDeflate === false ? /^$/ : /^permessage-deflate/);
      const page = await getPage(url, '/counter');
      ws.send(JSON.stringify(['1', '1', page.topic, 'phx_join', joinPayload(page)]));
      const [reply] = (await once(ws, 'message')) as [Buffer];
      expect(JSON.parse(String(reply))).toMatchObject([
        '1',
        '1',
        page.topic,
        'phx_reply',
        { status: 'ok' },
      ]);
    }
  });
});
