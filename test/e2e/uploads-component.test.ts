/**
 * Uploads of a live component in Chromium, with both clients: the file input's form targets
 * the component, so the client sends the preflight and progress with its cid; the component's
 * handleEvent consumes the files, cancels one midway, and removing the component mid-upload
 * leaves no file behind.
 */
import { expect, it } from 'vitest';
import {
  defineComponent,
  defineLiveView,
  html,
  liveComponent,
  liveFileInput,
  type Uploads,
  uploadErrors,
} from '../../views/index.js';
import { tempDir, waitForEmpty } from '../support/temp-dir.js';
import { describeClients, openPage, pageErrors, startServer, waitForText } from './harness.js';
import type { ClientKind } from './layouts.js';
import {
  cancelMidway,
  fileOf,
  Gate,
  MB,
  progressSeen,
  recordProgress,
  savedAs,
} from './upload-fixtures.js';

type CardAssigns = { uploads: Uploads<'files'>; saved: string[] };

/** `target`: the form's `phx-target`, the component's cid or a selector inside it. */
function cardsView(dir: string, gate: Gate, target: 'cid' | 'selector') {
  const Card = defineComponent<CardAssigns>({
    mount(socket) {
      socket.assign({ saved: [] });
      socket.allowUpload('files', {
        accept: 'any',
        maxEntries: 2,
        maxFileSize: 10 * MB,
        autoUpload: true,
        writer: () => gate.writer(dir),
      });
    },
    async handleEvent(event, value, socket) {
      if (event === 'cancel') socket.cancelUpload('files', String(value.ref));
      if (event !== 'save') return undefined;
      const saved = await socket.consumeUploadedEntries('files', savedAs);
      socket.update('saved', (list) => [...list, ...saved]);
      return undefined;
    },
    render: (
      a,
    ) => html`<section id="card"><form id="form" phx-change="validate" phx-submit="save" phx-target=${target === 'cid' ? a.myself : '#card'}>
<label for=${a.uploads.files.ref}>Attachments</label>
${liveFileInput(a.uploads.files)}
<button id="save" type="submit">Save</button>
</form>
<ul id="entries">${a.uploads.files.entries.map(
      (
        e,
      ) => html`<li><span class="name">${e.clientName}</span> <span class="pct">${e.progress}</span>
<span class="errors">${uploadErrors(a.uploads.files, e).join(',')}</span>
<button type="button" class="cancel" phx-click="cancel" phx-value-ref=${e.ref} phx-target=${a.myself}>Cancel</button></li>`,
    )}</ul>
<p id="saved">${a.saved.join('|')}</p></section>`,
  });
  return defineLiveView<{ shown: boolean }, { hide: unknown }>({
    mount(_params, _session, socket) {
      socket.assign({ shown: true });
    },
    handleEvent(_event, _value, socket) {
      socket.assign({ shown: false });
    },
    render: (a) =>
      html`<main><button id="hide" type="button" phx-click="hide">Remove the card</button>${
        a.shown ? liveComponent(Card, { id: 'card' }) : html`<p id="gone">Removed</p>`
      }</main>`,
  });
}

async function setup(client: ClientKind, free?: number, target: 'cid' | 'selector' = 'cid') {
  const dir = await tempDir();
  const gate = new Gate(free);
  const view = cardsView(dir, gate, target);
  const server = await startServer(client, { routes: [{ path: '/', view }] });
  return { dir, gate, page: await openPage(server, '/') };
}

describeClients('uploads in a live component', (client) => {
  it('uploads two files to the component with progress, and its handleEvent consumes them', async () => {
    const { dir, page } = await setup(client);
    const paths = [await fileOf(`a-${client}.bin`, 2 * MB), await fileOf(`b-${client}.bin`, 1000)];
    await recordProgress(page);
    await page.setInputFiles('input[type=file]', paths);
    await page.locator('#entries li .pct:text-is("100")').nth(1).waitFor();
    expect((await progressSeen(page)).some((p) => p > 0 && p < 100)).toBe(true);
    await page.click('#save');
    await waitForText(page, '#saved', `a-${client}.bin:${2 * MB}|b-${client}.bin:1000`);
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });

  it('uploads to the component its form sits in when the form targets it by a selector', async () => {
    const { dir, page } = await setup(client, undefined, 'selector');
    await page.setInputFiles('input[type=file]', await fileOf(`sel-${client}.bin`, 1000));
    await page.locator('#entries li .pct:text-is("100")').waitFor();
    await page.click('#save');
    await waitForText(page, '#saved', `sel-${client}.bin:1000`);
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });

  it('cancels an upload midway from the component: the entry goes, and so does its file', async () => {
    const { page, ...held } = await setup(client, 3);
    await cancelMidway(page, held, `cancel-${client}.bin`, 2 * MB);
  });

  it('ends the upload, its file gone, when the component is removed midway', async () => {
    const { dir, gate, page } = await setup(client, 3);
    await page.setInputFiles('input[type=file]', await fileOf(`removed-${client}.bin`, 2 * MB));
    await gate.holding;
    await page.click('#hide');
    await page.locator('#gone').waitFor();
    gate.release();
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });
});
