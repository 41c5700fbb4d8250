/**
 * A `<select multiple>` in a live form: the change event carries every selected option. happy-dom
 * yields only the first one from `FormData`, so this is checked in a real browser.
 */
import { expect, it } from 'vitest';
import { defineLiveView, html } from '../../views/index.js';
import { describeClients, openPage, pageErrors, startServer, waitForText } from './harness.js';

const TAGS = ['red', 'green', 'blue'] as const;

/** `#seen` shows the tags the server last received. */
const tagsView = defineLiveView<{ seen: string }, { pick: { tags?: unknown } }>({
  mount(_params, _session, socket) {
    socket.assign({ seen: '' });
  },
  handleEvent(_event, value, socket) {
    socket.assign({ seen: JSON.stringify(value.tags ?? null) });
  },
  render: (a) =>
    html`<form phx-change="pick"><select id="tags" name="tags[]" multiple>${TAGS.map(
      (t) => html`<option value=${t}>${t}</option>`,
    )}</select></form><p id="seen">${a.seen}</p>`,
});

describeClients('a select multiple', (client) => {
  it('sends every selected option, in document order', async () => {
    const server = await startServer(client, { routes: [{ path: '/', view: tagsView }] });
    const page = await openPage(server, '/');
    await page.selectOption('#tags', ['blue', 'red']);
    await waitForText(page, '#seen', '["red","blue"]');
    await page.selectOption('#tags', ['green']);
    await waitForText(page, '#seen', '["green"]');
    expect(pageErrors(page)).toEqual([]);
  });
});
