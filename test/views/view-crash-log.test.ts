import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem } from '../../actors/system.js';
import { defineLiveView } from '../../views/live-view.js';
import { html } from '../../views/render/html.js';
import { mountLive } from '../../views/testing/index.js';
import { captureLog } from '../support/log-capture.js';

const systems: ActorSystem[] = [];
afterEach(async () => {
  await Promise.all(systems.splice(0).map((s) => s.shutdown()));
});

const Stats = defineLiveView<{ stats: string }, { load: unknown; cancel: unknown }>({
  name: 'Stats',
  mount(_params, _session, socket) {
    socket.assign({ stats: '' });
  },
  handleEvent(event, _value, socket) {
    if (event === 'cancel') {
      socket.startAsync('slow', () => new Promise(() => {}));
      socket.cancelAsync('slow');
      return;
    }
    socket.startAsync('stats', async () => {
      throw new Error('stats service down');
    });
  },
  handleAsync(_name, result, socket) {
    socket.assign({ stats: result.ok ? 'ok' : 'failed' });
  },
  render: (a) => html`<p>${a.stats}</p>`,
});

describe("crash logs of a view's async work", () => {
  it('logs an async function that threw, and what the view gets instead; not a cancel', async () => {
    const log = captureLog();
    const system = new ActorSystem({ logger: log });
    systems.push(system);
    const lv = await mountLive(Stats, { system, url: 'http://localhost/stats' });
    await lv.event('cancel', {});
    await lv.event('load', {});
    const record = await log.next((r) => r.msg.includes('async'));
    expect(record).toMatchObject({
      level: 'error',
      msg: 'live view Stats at /stats failed in async "stats": handleAsync receives { ok: false }',
      fields: { view: 'Stats', route: '/stats', during: 'async "stats"' },
    });
    expect((record.fields.err as Error).message).toBe('stats service down');
    await system.idle();
    expect(lv.html()).toContain('<p>failed</p>');
    expect(log.records).toHaveLength(1);
    await lv.close();
  });
});
