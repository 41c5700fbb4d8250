/** `this.js()` in a hook: JS commands as functions, on elements the hook picks. */
import { describe, expect, it, vi } from 'vitest';
import type { HookDefinition, ViewHook } from '../../client/hooks.js';
import { $, joined, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

function withHook(body: string) {
  let hook: ViewHook | undefined;
  const Grab: HookDefinition = {
    mounted() {
      hook = this;
    },
  };
  const t = joined({ hooks: { Grab } }, { s: [`<div id="h" phx-hook="Grab">${body}</div>`] });
  return { ...t, js: () => hook!.js() };
}

describe('this.js() in a hook', () => {
  it('shows, hides and toggles, with transitions', () => {
    const { js } = withHook('<p id="p">x</p>');
    js().hide($('p'));
    expect($('p').style.display).toBe('none');
    js().show($('p'), { display: 'flex' });
    expect($('p').style.display).toBe('flex');
    js().toggle($('p'), { out: ['fade', 'a', 'b'], time: 100 });
    expect($('p').classList.contains('fade')).toBe(true);
    vi.advanceTimersByTime(100);
    expect($('p').style.display).toBe('none');
  });

  it('changes classes and attributes, and they survive a patch', () => {
    const { js, server } = withHook('<p id="p" class="base">x</p>');
    js().addClass($('p'), 'on big');
    js().removeClass($('p'), ['base']);
    js().toggleClass($('p'), 'big');
    js().setAttribute($('p'), 'aria-busy', 'true');
    js().toggleAttribute($('p'), 'aria-expanded', 'true', 'false');
    expect($('p').className).toBe('on');
    expect($('p').getAttribute('aria-busy')).toBe('true');
    expect($('p').getAttribute('aria-expanded')).toBe('true');
    js().removeAttribute($('p'), 'aria-busy');
    expect($('p').hasAttribute('aria-busy')).toBe(false);
    server.push('diff', { s: ['<div id="h" phx-hook="Grab"><p id="p" class="base">y</p></div>'] });
    expect($('p').className).toBe('on');
  });

  it('pushes a "hook" event, calls back after the reply, and execs encoded commands', () => {
    const { js, server } = withHook(
      '<p id="p" phx-value-n="1" data-go="[[&quot;add_class&quot;,{&quot;names&quot;:[&quot;went&quot;]}]]">x</p>',
    );
    const done = vi.fn();
    js().push($('p'), 'seen', { value: { id: 'p' }, callback: done });
    const event = server.last('event');
    expect(event[4]).toEqual({ type: 'hook', event: 'seen', value: { n: '1', id: 'p' } });
    expect(done).not.toHaveBeenCalled();
    server.reply(event, {});
    expect(done).toHaveBeenCalledOnce();
    js().exec($('p').getAttribute('data-go')!);
    expect($('h').classList.contains('went')).toBe(true);
  });
});
