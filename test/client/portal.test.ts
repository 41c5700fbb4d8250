/**
 * Portals (LiveView 1.1): a `<template data-phx-portal>`'s root element is shown at its target,
 * kept in step with the template, owned by its view (events, hooks), and gone with it.
 */
import { describe, expect, it } from 'vitest';
import type { HookDefinition } from '../../client/hooks.js';
import { $, click, ID, setup, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

const portal = (text: string, target = '#modals') =>
  `<template id="tp" data-phx-portal="${target}"><div id="dialog" phx-hook="Seen"><p>${text}</p><button id="ok" phx-click="ok">OK</button></div></template>`;

function page(text = 'Hello') {
  const log: string[] = [];
  const Seen: HookDefinition = {
    mounted() {
      log.push('mounted');
    },
    destroyed() {
      log.push('destroyed');
    },
  };
  const t = setup({ hooks: { Seen } });
  document.body.insertAdjacentHTML('beforeend', '<div id="modals"></div><div id="other"></div>');
  t.liveSocket.connect();
  t.ws().open();
  t.server.join({ s: ['<main>', '</main>'], '0': portal(text) });
  return { ...t, log };
}

describe('portals', () => {
  it('show the template content at the target, marked as the view’s', () => {
    const { log } = page();
    const shown = $('modals').querySelector('#dialog')!;
    expect(shown.textContent).toContain('Hello');
    expect(shown.getAttribute('data-phx-teleported')).toBe(ID);
    expect(shown.getAttribute('data-phx-teleported-src')).toBe('tp');
    expect(log).toEqual(['mounted']);
  });

  it('follow the template on every patch, keeping the element', () => {
    const { server } = page();
    const shown = $('dialog');
    server.push('diff', { '0': portal('Bye') });
    expect($('dialog')).toBe(shown);
    expect(shown.textContent).toContain('Bye');
    server.push('diff', { '0': portal('Moved', '#other') });
    expect($('other').contains(shown)).toBe(true);
  });

  it('send their events to their view', () => {
    const { server } = page();
    click($('ok'));
    expect(server.last('event')[4]).toMatchObject({ type: 'click', event: 'ok' });
  });

  it('remove what they show when the template leaves, and with the view', () => {
    const { server, log, liveSocket } = page();
    server.push('diff', { '0': '' });
    expect(document.getElementById('dialog')).toBeNull();
    expect(log).toEqual(['mounted', 'destroyed']);
    server.push('diff', { '0': portal('Again') });
    expect($('dialog')).not.toBeNull();
    liveSocket.disconnect();
    expect(document.getElementById('dialog')).toBeNull();
  });
});
