/**
 * Uploads of a live component over the wire, as the official client sends them from a form
 * that targets the component: the preflight, progress and form change carry its cid, the
 * entries' tokens open its upload only, its handleEvent consumes them, and removing it ends
 * its uploads with their files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  defineComponent,
  defineLiveView,
  html,
  liveComponent,
  liveFileInput,
  tempFileWriter,
  type UploadEntry,
  type Uploads,
} from '../../views/index.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { tempDir, waitForEmpty } from '../support/temp-dir.js';
import { fileEntry, RawUpload, tokenOf, uploadRefIn } from '../support/upload-client.js';

function docsComponent(dir: string) {
  return defineComponent<{ uploads: Uploads<'docs'>; saved: string; seen: string }>({
    mount(socket) {
      socket.assign({ saved: '', seen: '' });
      socket.allowUpload('docs', {
        accept: ['.txt'],
        maxEntries: 2,
        maxFileSize: 1000,
        chunkSize: 100,
        writer: () => tempFileWriter({ dir }),
        // The component's own socket: its progress shows in its own render.
        progress: (_name, entry: UploadEntry, s) => s.assign({ seen: `${entry.progress}%` }),
      });
    },
    async handleEvent(event, value, socket) {
      if (event === 'save') {
        const texts = await socket.consumeUploadedEntries('docs', ({ path }) =>
          readFile(path, 'utf8'),
        );
        socket.assign({ saved: texts.join('|') });
      } else if (event === 'cancel') {
        socket.cancelUpload('docs', String(value.ref));
      } else if (event === 'crash') {
        throw new Error('crash on demand (expected by the test)');
      }
      return undefined;
    },
    render: (a) =>
      html`<div><form phx-change="validate" phx-submit="save" phx-target=${a.myself}>${liveFileInput(a.uploads.docs)}</form><ul>${a.uploads.docs.entries.map(
        (e) => html`<li>${e.clientName} ${e.progress}</li>`,
      )}</ul><p>seen:${a.seen} saved:${a.saved}</p></div>`,
  });
}

/** A page whose live component `Docs` has an upload; `hide` removes it, `swap` the whole page. */
function pageView(dir: string) {
  const Docs = docsComponent(dir);
  return defineLiveView<{ shown: boolean; swapped: boolean }, { hide: unknown; swap: unknown }>({
    mount(_params, _session, socket) {
      socket.assign({ shown: true, swapped: false });
    },
    handleEvent(event, _value, socket) {
      if (event === 'hide') socket.assign({ shown: false });
      else socket.assign({ swapped: true });
    },
    render: (a) =>
      a.swapped
        ? html`<p>another page</p>`
        : html`<main>${a.shown ? liveComponent(Docs, { id: 'docs' }) : ''}</main>`,
  });
}

async function joinPage(dir: string) {
  const { url } = await startLiveServer({ routes: [{ path: '/', view: pageView(dir) }] });
  const client = await LiveClient.connect(url);
  const view = await client.join(await getPage(url, '/'));
  expect(view.reply.status).toBe('ok');
  const components = view.rendered.c as Record<string, unknown>;
  expect(Object.keys(components)).toEqual(['1']);
  const ref = uploadRefIn(components);
  return { client, view, ref, up: new RawUpload(client, view, ref, 1) };
}

/** An entry of `up` with its first 100 bytes written: "midway". */
async function midway(up: RawUpload, dir: string) {
  const pre = await up.preflight([fileEntry('0', 'a.txt', 300), fileEntry('1', 'b.txt', 10)]);
  const entry = await up.join('0', tokenOf(pre, '0'));
  expect((await entry.chunk(Buffer.alloc(100, 1))).status).toBe('ok');
  expect(await readdir(dir)).toHaveLength(1);
  return { pre, entry };
}

describe('uploads of a live component over the wire', () => {
  it('preflights with its cid, takes the chunks, reports progress in its diff, and its handleEvent consumes the file', async () => {
    const dir = await tempDir();
    const { up, view } = await joinPage(dir);
    const changed = await up.change('validate', [fileEntry('0', 'a.txt', 150)]);
    expect(changed.response).toMatchObject({ diff: { c: { '1': {} } } });
    expect(JSON.stringify(changed.response)).toContain('a.txt');
    const pre = await up.preflight([fileEntry('0', 'a.txt', 150)]);
    expect(pre.response).toMatchObject({
      ref: up.uploadRef,
      config: { max_file_size: 1000, max_entries: 2, chunk_size: 100 },
      errors: {},
    });
    const entry = await up.join('0', tokenOf(pre, '0'));
    expect(entry.joinReply).toEqual({ status: 'ok', response: {} });
    expect(await entry.chunk(Buffer.from('x'.repeat(100)))).toEqual({ status: 'ok', response: {} });
    expect(await entry.chunk(Buffer.from('y'.repeat(50)))).toEqual({ status: 'ok', response: {} });
    const progressed = await up.progress('0', 100);
    // Only the component re-renders: its progress and what its progress function assigned.
    expect(Object.keys((progressed.response.diff as Record<string, unknown>) ?? {})).toEqual(['c']);
    expect(JSON.stringify(progressed.response)).toContain('100%');
    const saved = await view.push('save', {}, { cid: 1 });
    expect(JSON.stringify(saved.response)).toContain(`${'x'.repeat(100)}${'y'.repeat(50)}`);
    expect(await entry.ended()).toBe('phx_close');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses its upload to a preflight that names the view or another component', async () => {
    const dir = await tempDir();
    const { client, view, ref } = await joinPage(dir);
    const toView = await new RawUpload(client, view, ref).preflight([fileEntry('0', 'a.txt', 5)]);
    expect(toView.response).toEqual({ ref, error: [[ref, 'disallowed']] });
    const elsewhere = new RawUpload(client, view, ref, 7);
    const toOther = await elsewhere.preflight([fileEntry('0', 'a.txt', 5)]);
    expect(toOther.response).toEqual({ ref, error: [[ref, 'disallowed']] });
  });

  it('cancels an entry from its handleEvent: the upload ends and its file goes', async () => {
    const dir = await tempDir();
    const { up, view } = await joinPage(dir);
    const { entry } = await midway(up, dir);
    const reply = await view.push('cancel', { ref: '0' }, { cid: 1 });
    expect(JSON.stringify(reply.response)).not.toContain('a.txt');
    expect(await entry.ended()).toBe('phx_close');
    await waitForEmpty(dir);
  });

  it('ends its uploads, files and tokens with it when the client removes the component', async () => {
    const dir = await tempDir();
    const { up, view } = await joinPage(dir);
    const { pre, entry } = await midway(up, dir);
    expect((await view.push('hide')).status).toBe('ok');
    expect((await view.request('cids_will_destroy', { cids: [1] })).response).toEqual({});
    expect((await view.request('cids_destroyed', { cids: [1] })).response).toEqual({ cids: [1] });
    expect(await entry.ended()).toBe('phx_close');
    await waitForEmpty(dir);
    expect((await entry.chunk(Buffer.alloc(10))).status).toBe('error');
    // A token granted before opens nothing now; progress for the gone component is ignored.
    expect((await up.join('1', tokenOf(pre, '1'))).joinReply.response).toEqual({
      reason: 'disallowed',
    });
    expect((await up.progress('0', 50)).response).toEqual({});
  });

  it('ends its uploads when a complete render drops every component', async () => {
    const dir = await tempDir();
    const { up, view } = await joinPage(dir);
    const { entry } = await midway(up, dir);
    expect(JSON.stringify((await view.push('swap')).response)).toContain('another page');
    expect(await entry.ended()).toBe('phx_close');
    await waitForEmpty(dir);
  });

  it('loses the upload without a file left behind when the view crashes', async () => {
    const dir = await tempDir();
    const { up, view } = await joinPage(dir);
    const { entry } = await midway(up, dir);
    await view.push('crash', {}, { cid: 1 });
    expect(await entry.ended()).toBe('phx_error');
    await waitForEmpty(dir);
  });
});
