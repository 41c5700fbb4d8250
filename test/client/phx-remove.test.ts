/**
 * `phx-remove`: an element a patch removes runs its JS commands first and leaves the page once
 * the transitions they started are over; its hooks hear `destroyed` then, not before.
 */
import { describe, expect, it, vi } from 'vitest';
import type { HookDefinition } from '../../client/hooks.js';
import { $, joined, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

const FADE = JSON.stringify([
  ['hide', { transition: [['fade'], ['opaque'], ['clear']], time: 300 }],
]);
const escaped = FADE.replaceAll('"', '&quot;');

describe('phx-remove', () => {
  it('runs the commands, keeps the element during their transition, then removes it', () => {
    const log: string[] = [];
    const Probe: HookDefinition = {
      destroyed() {
        log.push('destroyed');
      },
    };
    const { server } = joined(
      { hooks: { Probe } },
      {
        s: ['<main>', '</main>'],
        '0': { s: [`<p id="toast" phx-hook="Probe" phx-remove="${escaped}">Saved</p>`] },
      },
    );
    server.push('diff', { '0': '' });
    const toast = $('toast');
    expect(toast).not.toBeNull();
    expect(toast.classList.contains('fade')).toBe(true);
    expect(log).toEqual([]);
    // A patch meanwhile leaves it to its transition.
    server.push('diff', { '0': '' });
    vi.advanceTimersByTime(300);
    expect(document.getElementById('toast')).toBeNull();
    expect(log).toEqual(['destroyed']);
  });

  it('removes an element whose commands start no transition at once', () => {
    const { server } = joined(
      {},
      {
        s: ['<main>', '</main>'],
        '0': {
          s: [
            `<p id="note" phx-remove="${JSON.stringify([['add_class', { names: ['gone'] }]]).replaceAll('"', '&quot;')}">x</p>`,
          ],
        },
      },
    );
    server.push('diff', { '0': '' });
    expect(document.getElementById('note')).toBeNull();
  });

  it('runs for a stream item the server deletes', () => {
    const { server } = joined(
      {},
      {
        s: ['<ul id="s" phx-update="stream">', '</ul>'],
        '0': {
          s: [`<li id="i1" phx-remove="${escaped}">`, '</li>'],
          k: { '0': { '0': 'one' }, kc: 1 },
          stream: ['0', [['i1', -1, null, null]], []],
        },
      },
    );
    server.push('diff', { '0': { k: { kc: 0 }, stream: ['0', [], ['i1']] } });
    expect($('i1').classList.contains('fade')).toBe(true);
    vi.advanceTimersByTime(300);
    expect(document.getElementById('i1')).toBeNull();
  });
});
