import { describe, expect, it } from 'vitest';
import type { HookDefinition, ViewHook } from '../../client/hooks.js';
import { joined, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

describe('hooks', () => {
  it('mounts, updates and destroys a hook with its element, and resolves pushEvent with r', async () => {
    const log: string[] = [];
    let hook: ViewHook | undefined;
    const Chart: HookDefinition = {
      mounted() {
        hook = this;
        log.push(`mounted ${this.el.textContent}`);
      },
      updated() {
        log.push(`updated ${this.el.textContent}`);
      },
      destroyed() {
        log.push('destroyed');
      },
    };
    const { server } = joined(
      { hooks: { Chart } },
      {
        s: ['<div>', '</div>'],
        '0': { s: ['<div id="chart" phx-hook="Chart">', '</div>'], '0': 'a' },
      },
    );
    expect(log).toEqual(['mounted a']);

    server.push('diff', { '0': { '0': 'b' } });
    expect(log).toEqual(['mounted a', 'updated b']);

    const reply = hook!.pushEvent('ping', { n: 1 });
    const event = server.last('event');
    expect(event[4]).toEqual({ type: 'hook', event: 'ping', value: { n: 1 } });
    server.reply(event, { diff: { r: { pong: true } } });
    await expect(reply).resolves.toEqual({ pong: true });

    server.push('diff', { '0': '' });
    expect(log).toEqual(['mounted a', 'updated b', 'destroyed']);
  });
});

describe('hooks inside components', () => {
  // As in the official client, a hook's pushEvent goes to the LiveView (no cid) whatever its
  // element's phx-target; only pushEventTo targets.
  it("sends a hook's pushEvent to the LiveView even when its element has phx-target", () => {
    let hook: ViewHook | undefined;
    const Grab: HookDefinition = {
      mounted() {
        hook = this;
      },
    };
    const { server } = joined(
      { hooks: { Grab } },
      {
        s: ['<main>', '</main>'],
        '0': 1,
        c: { '1': { s: ['<div id="h" phx-hook="Grab" phx-target="1"></div>'] } },
      },
    );
    void hook!.pushEvent('ping', {});
    expect(server.last('event')[4]).toEqual({ type: 'hook', event: 'ping', value: {} });
  });

  it("sends a hook's pushEventTo to the component it names", () => {
    let hook: ViewHook | undefined;
    const Grab: HookDefinition = {
      mounted() {
        hook = this;
      },
    };
    const { server } = joined(
      { hooks: { Grab } },
      {
        s: ['<main><div id="h" phx-hook="Grab"></div>', '</main>'],
        '0': 1,
        c: { '1': { s: ['<div id="comp"></div>'] } },
      },
    );
    void hook!.pushEventTo('#comp', 'ping', { a: 1 });
    void hook!.pushEventTo(1, 'pong');
    expect(server.all('event').map((f) => f[4])).toEqual([
      { type: 'hook', event: 'ping', value: { a: 1 }, cid: 1 },
      { type: 'hook', event: 'pong', value: {}, cid: 1 },
    ]);
  });
});
