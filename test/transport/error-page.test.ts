import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveOptions } from '../../transport/options.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { startLiveServer, TEST_SECRET } from '../support/live-client.js';
import { captureLog } from '../support/log-capture.js';

/** `?fail=mount` throws in mount (with markup in the message), `?fail=render` in render. */
const Fragile = defineLiveView<{ fail: unknown }>({
  name: 'Fragile',
  mount(params, _session, socket) {
    if (params.fail === 'mount') throw new TypeError(`cannot load <img src=x onerror=alert(1)>`);
    socket.assign({ fail: params.fail });
  },
  render: (a) => {
    if (a.fail === 'render') throw new RangeError('render fell over');
    return html`<p>fine</p>`;
  },
});

async function serve(options: { debugErrors?: boolean; layout?: () => string } = {}) {
  const log = captureLog();
  const { url } = await startLiveServer({
    routes: [{ path: '/items/:id', view: Fragile }],
    logger: log,
    ...options,
  });
  return { log, url };
}

describe('a dead render that throws', () => {
  it('answers 500 with the error, its stack, the route and the params, escaped, while developing', async () => {
    const { log, url } = await serve({ debugErrors: true });
    const res = await fetch(`${url}/items/7?fail=mount&q=%3Cscript%3Ealert(2)%3C/script%3E`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('<h1>TypeError in mount</h1>');
    expect(page).toContain('cannot load &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<dd>/items/:id</dd>');
    expect(page).toContain('<dd>Fragile</dd>');
    expect(page).toContain('&quot;id&quot;: &quot;7&quot;');
    expect(page).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).toMatch(/at mount \(.*error-page\.test\.ts:\d+:\d+\)/);
    expect(page).not.toMatch(/<script|<img/);
    const record = await log.next((r) => r.msg.startsWith('dead render'));
    expect(record.msg).toBe(
      'dead render of live view Fragile at /items/:id failed in mount: answered 500 with the debug error page',
    );
  });

  it('says which step threw: render, or the layout', async () => {
    const { url } = await serve({ debugErrors: true });
    const page = await (await fetch(`${url}/items/1?fail=render`)).text();
    expect(page).toContain('<h1>RangeError in render</h1>');
    const broken = await serve({
      debugErrors: true,
      layout: () => {
        throw new Error('layout broke');
      },
    });
    const layout = await fetch(`${broken.url}/items/1`);
    expect(layout.status).toBe(500);
    expect(await layout.text()).toContain('<h1>Error in layout</h1>');
  });

  it('shows a plain page with no detail in production, and logs the error', async () => {
    const { log, url } = await serve({ debugErrors: false });
    const res = await fetch(`${url}/items/7?fail=mount`);
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).toContain('Something went wrong');
    expect(page).not.toMatch(/TypeError|cannot load|items|Fragile|at mount/);
    const record = await log.next((r) => r.msg.startsWith('dead render'));
    expect(record).toMatchObject({
      level: 'error',
      msg: 'dead render of live view Fragile at /items/:id failed in mount: answered 500',
      fields: { route: '/items/:id', method: 'GET', path: '/items/7', during: 'mount' },
    });
    expect((record.fields.err as Error).stack).toContain('cannot load');
    // Params are request data: not logged unless logPayloads is on.
    expect(record.fields).not.toHaveProperty('payload');
    const head = await fetch(`${url}/items/7?fail=mount`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([500, '']);
  });

  it('shows the debug page unless NODE_ENV is production', () => {
    const before = process.env.NODE_ENV;
    onTestFinished(() => {
      process.env.NODE_ENV = before;
    });
    process.env.NODE_ENV = 'development';
    expect(resolveOptions({ routes: [], secret: TEST_SECRET }).debugErrors).toBe(true);
    process.env.NODE_ENV = 'production';
    expect(resolveOptions({ routes: [], secret: TEST_SECRET }).debugErrors).toBe(false);
    expect(resolveOptions({ routes: [], secret: TEST_SECRET, debugErrors: true }).debugErrors).toBe(
      true,
    );
  });
});
