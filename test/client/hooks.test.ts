import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HookDefinition, type HookOwner, HookSet, type ViewHook } from '../../client/hooks.js';
import type { LiveSocket } from '../../client/live-socket.js';

function owner(): HookOwner & { pushes: unknown[][] } {
  const pushes: unknown[][] = [];
  return {
    pushes,
    liveSocket: {} as LiveSocket,
    pushHook(el, target, event, payload) {
      pushes.push([el.id, target, event, payload]);
      return Promise.resolve({ echoed: event });
    },
  };
}

function element(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body.firstElementChild as HTMLElement;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('hooks', () => {
  it('runs the lifecycle callbacks on a per-element instance whose prototype is the definition', () => {
    const log: string[] = [];
    const Chart: HookDefinition = {
      label() {
        return `chart ${(this as unknown as { el: HTMLElement }).el.id}`;
      },
      mounted() {
        this.count = 0;
        log.push(`mounted ${(this.label as () => string)()}`);
      },
      beforeUpdate() {
        log.push('beforeUpdate');
      },
      updated() {
        this.count = (this.count as number) + 1;
        log.push(`updated ${this.count}`);
      },
      disconnected() {
        log.push('disconnected');
      },
      reconnected() {
        log.push('reconnected');
      },
      destroyed() {
        log.push('destroyed');
      },
    };
    const hooks = new HookSet(owner(), { Chart });
    const el = element('<div id="c1" phx-hook="Chart"></div>');
    hooks.mount(el);
    hooks.mount(el);
    hooks.update(el, 'beforeUpdate');
    hooks.update(el, 'updated');
    hooks.each('disconnected');
    hooks.each('reconnected');
    hooks.destroy(el);
    hooks.update(el, 'updated');
    expect(log).toEqual([
      'mounted chart c1',
      'beforeUpdate',
      'updated 1',
      'disconnected',
      'reconnected',
      'destroyed',
    ]);
    expect(Object.hasOwn(Chart, 'count')).toBe(false);
  });

  it('pushEvent and pushEventTo go through the view and resolve with the reply', async () => {
    const o = owner();
    let self: ViewHook | undefined;
    const hooks = new HookSet(o, {
      H: {
        mounted() {
          self = this;
        },
      },
    });
    hooks.mount(element('<div id="h" phx-hook="H"></div>'));
    const onReply = vi.fn();
    expect(await self!.pushEvent('save', { a: 1 })).toEqual({ echoed: 'save' });
    await self!.pushEventTo('#other', 'ping', undefined, onReply);
    expect(onReply).toHaveBeenCalledWith({ echoed: 'ping' });
    expect(o.pushes).toEqual([
      ['h', undefined, 'save', { a: 1 }],
      ['h', '#other', 'ping', {}],
    ]);
  });

  it('handleEvent hears window phx: events until removed or destroyed', () => {
    const heard: unknown[] = [];
    let ref: unknown;
    const hooks = new HookSet(owner(), {
      H: {
        mounted() {
          ref = this.handleEvent('points', (p) => heard.push(p));
          this.handleEvent('other', (p) => heard.push(['other', p]));
        },
      },
    });
    const el = element('<div id="h" phx-hook="H"></div>');
    hooks.mount(el);
    window.dispatchEvent(new CustomEvent('phx:points', { detail: [1, 2] }));
    window.dispatchEvent(new CustomEvent('phx:other', { detail: 'x' }));
    hooks.destroy(el);
    window.dispatchEvent(new CustomEvent('phx:points', { detail: [3] }));
    window.dispatchEvent(new CustomEvent('phx:other', { detail: 'y' }));
    expect(heard).toEqual([
      [1, 2],
      ['other', 'x'],
    ]);
    expect(ref).toMatchObject({ event: 'points' });
  });

  it('reports an unknown hook or a throwing callback without stopping', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const hooks = new HookSet(owner(), {
      Bad: {
        mounted() {
          throw new Error('page bug');
        },
      },
    });
    hooks.mount(element('<div id="x" phx-hook="Missing"></div>'));
    hooks.mount(element('<div id="y" phx-hook="Bad"></div>'));
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('no hook "Missing"'),
      expect.stringContaining('mounted threw'),
    ]);
  });
});
