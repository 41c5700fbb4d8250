import { describe, expect, it } from 'vitest';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { counterView, journal, slowRestartView } from './fixtures.js';
import { manualSystem } from './server-fixtures.js';

async function setup(restart?: { intensity: number; period: number }) {
  const { clock, system } = manualSystem();
  const log = journal();
  const server = await startLiveServer({
    routes: [{ path: '/counter', view: counterView(log) }],
    system,
    ...(restart === undefined ? {} : { restart }),
  });
  const client = await LiveClient.connect(server.url);
  return { ...server, client, clock, system, log };
}

describe('a view that crashes', () => {
  it('recovers from an event with no handleEvent clause: reply {}, then a full render; its neighbour is untouched', async () => {
    const { url, client, log } = await setup();
    const view = await client.join(await getPage(url, '/counter?start=1'));
    const neighbour = await client.join(await getPage(url, '/counter?start=100'));
    await neighbour.push('inc');
    await view.push('inc');
    expect(await view.push('no-such-event')).toEqual({ status: 'ok', response: {} });
    const [joinRef, ref, topic, event, diff] = await view.nextPush('diff');
    expect([joinRef, ref, topic, event]).toEqual([view.joinRef, null, view.topic, 'diff']);
    expect(diff).toMatchObject({ '0': '1', s: 0 });
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });
    expect(await neighbour.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': '102' } },
    });
    expect(log.mounts.filter((id) => `lv:${id}` === view.topic)).toHaveLength(2);
  });

  it('queues what arrives while it restarts and handles it after the new mount, in order', async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { url } = await startLiveServer({
      routes: [{ path: '/slow', view: slowRestartView(gate) }],
    });
    const client = await LiveClient.connect(url);
    const view = await client.join(await getPage(url, '/slow'));
    await view.push('inc');
    expect(await view.push('crash')).toEqual({ status: 'ok', response: {} });
    const inc = view.push('inc');
    const inc2 = view.push('inc');
    const before = client.received.length;
    release();
    expect(await inc).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
    expect(await inc2).toEqual({ status: 'ok', response: { diff: { '0': '2' } } });
    expect(await view.nextPush('diff')).toMatchObject([
      view.joinRef,
      null,
      view.topic,
      'diff',
      { '0': '0', s: 0 },
    ]);
    const after = client.received.slice(before).map((f) => f[3]);
    expect(after).toEqual(['diff', 'phx_reply', 'phx_reply']);
  });

  it('past its restart intensity: phx_error view_failed, rejoin refused, neighbour untouched', async () => {
    const { url, client } = await setup({ intensity: 2, period: 5000 });
    const page = await getPage(url, '/counter');
    const view = await client.join(page);
    const neighbour = await client.join(await getPage(url, '/counter?start=100'));
    for (let i = 0; i < 2; i += 1) {
      expect(await view.push('crash')).toEqual({ status: 'ok', response: {} });
      await view.nextPush('diff');
    }
    expect(await view.push('crash')).toEqual({ status: 'ok', response: {} });
    expect(await view.nextPush('phx_error')).toEqual([
      view.joinRef,
      view.joinRef,
      view.topic,
      'phx_error',
      { reason: 'view_failed' },
    ]);
    const rejoin = await client.join(page);
    expect(rejoin.reply).toEqual({ status: 'error', response: { reason: 'join crashed' } });
    expect(await neighbour.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': '101' } },
    });
  });

  it('restarts again once the period has passed (the window slides)', async () => {
    const { url, client, clock } = await setup({ intensity: 1, period: 5000 });
    const view = await client.join(await getPage(url, '/counter'));
    await view.push('crash');
    await view.nextPush('diff');
    clock.advance(6000);
    await view.push('crash');
    await view.nextPush('diff');
    expect(await view.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '1' } } });
  });

  it('answers a join whose connected mount always crashes with join crashed', async () => {
    const { url, client } = await setup();
    const page = await getPage(url, '/counter?crashMount=1');
    expect(page.status).toBe(200);
    const view = await client.join(page);
    expect(view.reply).toEqual({ status: 'error', response: { reason: 'join crashed' } });
    const other = await client.join(await getPage(url, '/counter'));
    expect(other.reply.status).toBe('ok');
  });
});
