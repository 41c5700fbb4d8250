import { describe, expect, it } from 'vitest';
import { ActorSystem } from '../../actors/system.js';
import { createLiveServer } from '../../transport/server.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { getPage, LiveClient, startLiveServer, TEST_SECRET } from '../support/live-client.js';
import { captureLog } from '../support/log-capture.js';

interface Assigns {
  count: number;
  broken: boolean;
}

/** `inc` adds one, `crash` throws, `break` makes render throw; `?crashMount=1` throws in mount. */
const Counter = defineLiveView<
  Assigns,
  { inc: unknown; crash: { secret?: string }; break: unknown }
>({
  name: 'Counter',
  mount(params, _session, socket) {
    if (socket.connected && params.crashMount === '1') throw new Error('mount crashed');
    socket.assign({ count: 0, broken: false });
    if (socket.connected) socket.subscribe('counter');
  },
  handleEvent(event, _value, socket) {
    if (event === 'crash') throw new Error('handler crashed');
    if (event === 'break') socket.assign({ broken: true });
    else socket.update('count', (n) => n + 1);
  },
  handleInfo(msg) {
    if (msg === 'poison') throw new RangeError('bad broadcast');
  },
  render: (a) => {
    if (a.broken) throw new TypeError('render crashed');
    return html`<p>${a.count}</p>`;
  },
});

async function setup(options: { logPayloads?: boolean } = {}) {
  const log = captureLog();
  const { live, url } = await startLiveServer({
    routes: [{ path: '/counter/:id', view: Counter }],
    logger: log,
    ...options,
  });
  const client = await LiveClient.connect(url);
  return { log, live, url, client };
}

describe('crash logs of live views', () => {
  it('logs a crashed handleEvent once, with the view, route, pid, event and what followed', async () => {
    const { log, url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter/1'));
    await view.push('crash', { secret: 'hunter2' });
    const record = await log.next((r) => r.msg.includes('crashed'));
    expect(record.level).toBe('error');
    expect(record.msg).toBe(
      'live view Counter at /counter/:id crashed in handleEvent "crash": restarted (restart 1 of 3 in 5000 ms)',
    );
    expect(record.fields).toMatchObject({
      view: 'Counter',
      route: '/counter/:id',
      topic: view.topic,
      during: 'handleEvent "crash"',
      behaviour: 'LiveView',
    });
    expect(typeof record.fields.pid).toBe('string');
    expect((record.fields.err as Error).stack).toContain('handler crashed');
    // Event values may hold personal data: not logged unless asked for.
    expect(JSON.stringify(record.fields)).not.toContain('hunter2');
    await view.nextPush('diff');
    expect(log.records.filter((r) => r.msg.includes('crashed'))).toHaveLength(1);
  });

  it('logs the event value with logPayloads', async () => {
    const { log, url, client } = await setup({ logPayloads: true });
    const view = await client.join(await getPage(url, '/counter/1'));
    await view.push('crash', { secret: 'hunter2' });
    const record = await log.next((r) => r.msg.includes('crashed'));
    expect(record.fields.payload).toEqual({ secret: 'hunter2' });
  });

  it('names a render error and a handleInfo crash as such', async () => {
    const { log, url, client, live } = await setup();
    const view = await client.join(await getPage(url, '/counter/1'));
    await view.push('break');
    const render = await log.next((r) => r.fields.during === 'render');
    expect(render.msg).toMatch(/^live view Counter at \/counter\/:id crashed in render: restarted/);
    expect((render.fields.err as Error).message).toBe('render crashed');
    await view.nextPush('diff');
    live.pubsub.broadcast('counter', 'poison');
    const info = await log.next((r) => r.fields.during === 'handleInfo');
    expect((info.fields.err as Error).name).toBe('RangeError');
  });

  it('says "join refused" when a mount keeps crashing past the restart limit', async () => {
    const { log, url, client } = await setup();
    const view = await client.join(await getPage(url, '/counter/1?crashMount=1'));
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'join crashed' } });
    const first = await log.next((r) => r.fields.during === 'mount');
    expect(first.fields.next).toBe('restarted (restart 1 of 3 in 5000 ms)');
    const last = await log.next((r) => String(r.fields.next).includes('gave up'));
    expect(last.fields.next).toBe(
      'not restarted: its supervisor gave up (more than 3 restarts in 5000 ms); join refused',
    );
    expect((last.fields.err as Error).message).toBe('mount crashed');
  });

  it('takes logger: false, and refuses a logger next to a system of the caller', () => {
    const quiet = createLiveServer({ routes: [], secret: TEST_SECRET, logger: false });
    expect(quiet.system.logger.error).toBeTypeOf('function');
    const system = new ActorSystem({ logger: false });
    expect(() =>
      createLiveServer({ routes: [], secret: TEST_SECRET, system, logger: captureLog() }),
    ).toThrow(/pass `logger` to it/);
    return Promise.all([quiet.close(), system.shutdown()]);
  });

  it('names a view without a name by where defineLiveView was called', () => {
    const Unnamed = defineLiveView({ render: () => html`<p></p>` });
    expect(Unnamed.name).toMatch(/^test\/transport\/crash-logs\.test\.ts:\d+$/);
    expect(Counter.name).toBe('Counter');
  });
});
