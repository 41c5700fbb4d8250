/**
 * Uploads over the wire, as the official client speaks them: preflight, entry topic joined
 * with its token, binary chunks acknowledged one by one, progress, consumption; and the limits
 * holding against a client that lies.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { encodeBinaryPush } from '../../transport/frame.js';
import {
  defineLiveView,
  html,
  liveFileInput,
  tempFileWriter,
  type Uploads,
  uploadErrors,
} from '../../views/index.js';
import { getPage, LiveClient, startLiveServer } from '../support/live-client.js';
import { LongPollClient, lpPost } from '../support/long-poll-client.js';
import { tempDir, waitForEmpty } from '../support/temp-dir.js';
import { fileEntry, RawUpload, tokenOf, uploadRefIn } from '../support/upload-client.js';

function uploadView(dir: string, opts: { maxEntries?: number; autoUpload?: boolean } = {}) {
  return defineLiveView<
    { uploads: Uploads<'docs'>; saved: string },
    { validate: unknown; save: unknown; cancel: { ref: string }; crash: unknown }
  >({
    mount(_params, _session, socket) {
      socket.assign({ saved: '' });
      socket.allowUpload('docs', {
        accept: ['.txt'],
        maxEntries: opts.maxEntries ?? 3,
        maxFileSize: 1000,
        chunkSize: 100,
        autoUpload: opts.autoUpload ?? false,
        writer: () => tempFileWriter({ dir }),
      });
    },
    async handleEvent(event, value, socket) {
      if (event === 'save') {
        const texts = await socket.consumeUploadedEntries('docs', ({ path }) =>
          readFile(path, 'utf8'),
        );
        socket.assign({ saved: texts.join('|') });
      } else if (event === 'cancel') {
        socket.cancelUpload('docs', (value as { ref: string }).ref);
      } else if (event === 'crash') {
        throw new Error('crash on demand (expected by the test)');
      }
    },
    render: (a) =>
      html`<form phx-change="validate" phx-submit="save">${liveFileInput(a.uploads.docs)}</form><ul>${a.uploads.docs.entries.map(
        (e) =>
          html`<li>${e.clientName} ${e.progress}${uploadErrors(a.uploads.docs, e).map((r) => ` ${r}`)}</li>`,
      )}</ul><p>saved:${a.saved}</p>`,
  });
}

async function joinUploadView(dir: string, opts?: Parameters<typeof uploadView>[1]) {
  const { url } = await startLiveServer({ routes: [{ path: '/', view: uploadView(dir, opts) }] });
  const client = await LiveClient.connect(url);
  const view = await client.join(await getPage(url, '/'));
  expect(view.reply.status).toBe('ok');
  return { url, client, view, up: new RawUpload(client, view, uploadRefIn(view.rendered)) };
}

describe('uploads over the wire', () => {
  it('preflights, takes the chunks of the token holder, and hands the file to the consumer', async () => {
    const dir = await tempDir();
    const { up, view } = await joinUploadView(dir);
    const text = 'a'.repeat(100) + 'b'.repeat(100) + 'c'.repeat(50);
    const pre = await up.preflight([fileEntry('0', 'a.txt', 250)]);
    expect(pre.response).toMatchObject({
      ref: up.uploadRef,
      config: { max_file_size: 1000, max_entries: 3, chunk_size: 100, chunk_timeout: 10_000 },
      errors: {},
    });
    const entry = await up.join('0', tokenOf(pre, '0'));
    expect(entry.joinReply).toEqual({ status: 'ok', response: {} });
    for (const part of [text.slice(0, 100), text.slice(100, 200), text.slice(200)]) {
      expect(await entry.chunk(Buffer.from(part))).toEqual({ status: 'ok', response: {} });
    }
    expect((await up.progress('0', 100)).status).toBe('ok');
    expect(await readdir(dir)).toHaveLength(1);
    const saved = await view.push('save');
    expect(JSON.stringify(saved.response)).toContain(`"${text}"`);
    expect(await entry.ended()).toBe('phx_close');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes the same upload over long polling, its chunks as base64 lines of a POST', async () => {
    const dir = await tempDir();
    const { url } = await startLiveServer({ routes: [{ path: '/', view: uploadView(dir) }] });
    const client = await LongPollClient.open(url);
    const page = await getPage(url, '/');
    const { joinRef, reply } = await client.join(page);
    const uploadRef = uploadRefIn(reply.response.rendered);
    const request = (event: string, payload: Record<string, unknown>) =>
      client.request(page.topic, event, payload, joinRef);
    const pre = await request('allow_upload', {
      ref: uploadRef,
      entries: [fileEntry('0', 'a.txt', 150)],
    });
    const entryJoin = client.nextRef();
    const joined = client.take((f) => f[3] === 'phx_reply' && f[1] === entryJoin);
    await client.send([entryJoin, entryJoin, 'lvu:0', 'phx_join', { token: tokenOf(pre, '0') }]);
    expect((await joined)[4]).toEqual({ status: 'ok', response: {} });
    for (const part of ['x'.repeat(100), 'y'.repeat(50)]) {
      const ref = client.nextRef();
      const acked = client.take((f) => f[3] === 'phx_reply' && f[1] === ref);
      const chunk = encodeBinaryPush(entryJoin, ref, 'lvu:0', 'chunk', Buffer.from(part));
      expect(await lpPost(url, client.token, [Buffer.from(chunk)])).toEqual({ status: 200 });
      expect((await acked)[4]).toEqual({ status: 'ok', response: {} });
    }
    await request('progress', { event: null, ref: uploadRef, entry_ref: '0', progress: 100 });
    const saved = await request('event', { type: 'form', event: 'save', value: '' });
    expect(JSON.stringify(saved.response)).toContain(`"${'x'.repeat(100)}${'y'.repeat(50)}"`);
    await waitForEmpty(dir);
  });

  it('marks an entry its client gave up on external_client_failure, as LiveView does', async () => {
    const dir = await tempDir();
    const { up } = await joinUploadView(dir);
    const pre = await up.preflight([fileEntry('0', 'a.txt', 10)]);
    await up.join('0', tokenOf(pre, '0'));
    const reply = await up.progress('0', { error: 'failed' });
    expect(JSON.stringify(reply.response)).toContain('external_client_failure');
  });

  it('refuses a token for another entry, a forged one, and the same token twice', async () => {
    const dir = await tempDir();
    const { up } = await joinUploadView(dir);
    const pre = await up.preflight([fileEntry('0', 'a.txt', 10), fileEntry('1', 'b.txt', 10)]);
    expect((await up.join('1', tokenOf(pre, '0'))).joinReply).toEqual({
      status: 'error',
      response: { reason: 'invalid_token' },
    });
    expect((await up.join('0', 'forged.token')).joinReply.response).toEqual({
      reason: 'invalid_token',
    });
    expect((await up.join('0', tokenOf(pre, '0'))).joinReply.status).toBe('ok');
    // A second join of the same topic replaces the first; the entry is registered already.
    expect((await up.join('0', tokenOf(pre, '0'))).joinReply.response).toEqual({
      reason: 'already_registered',
    });
  });

  it('holds the declared size whatever the client sends: more bytes end the upload', async () => {
    const dir = await tempDir();
    const { up } = await joinUploadView(dir);
    const pre = await up.preflight([fileEntry('0', 'a.txt', 30)]);
    const entry = await up.join('0', tokenOf(pre, '0'));
    expect((await entry.chunk(Buffer.alloc(20))).status).toBe('ok');
    expect(await entry.chunk(Buffer.alloc(20))).toEqual({
      status: 'error',
      response: { reason: 'file_size_limit_exceeded', limit: 30 },
    });
    expect(await entry.ended()).toBe('phx_close');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a chunk larger than the chunk size, and a declared size over the limit before any chunk', async () => {
    const dir = await tempDir();
    const { up } = await joinUploadView(dir, { autoUpload: true });
    const pre = await up.preflight([fileEntry('0', 'a.txt', 500), fileEntry('1', 'big.txt', 5000)]);
    expect(pre.response.errors).toEqual({ '1': ['too_large'] });
    expect(Object.keys(pre.response.entries as object)).toEqual(['0']);
    const entry = await up.join('0', tokenOf(pre, '0'));
    expect(await entry.chunk(Buffer.alloc(101))).toEqual({
      status: 'error',
      response: { reason: 'chunk_too_large', limit: 100 },
    });
  });

  it('does not count progress a client claims before the bytes arrived', async () => {
    const dir = await tempDir();
    const { up, view } = await joinUploadView(dir);
    const pre = await up.preflight([fileEntry('0', 'a.txt', 10)]);
    await up.join('0', tokenOf(pre, '0'));
    // The entry shows 99 %, not done: consuming finds nothing to hand over.
    expect(JSON.stringify((await up.progress('0', 100)).response)).toContain('"99"');
    expect((await view.push('save')).response).toEqual({});
  });

  it('refuses too many entries, a preflight for an unknown upload, and a type not accepted', async () => {
    const dir = await tempDir();
    const { up, view } = await joinUploadView(dir, { maxEntries: 1 });
    const many = await up.preflight([fileEntry('0', 'a.txt', 1), fileEntry('1', 'b.txt', 1)]);
    expect(many.response.error).toEqual([[up.uploadRef, 'too_many_files']]);
    const unknown = await view.request('allow_upload', { ref: 'phx-nope', entries: [] });
    expect(unknown.response).toEqual({ ref: 'phx-nope', error: [['phx-nope', 'disallowed']] });
    const other = new RawUpload(up.client, view, up.uploadRef);
    const exe = await other.preflight([fileEntry('7', 'x.exe', 1, 'application/x-msdownload')]);
    expect(exe.response.error).toContainEqual(['7', 'not_accepted']);
  });
});

describe('an upload ends, and leaves no file behind, when', () => {
  async function midway(dir: string) {
    const joined = await joinUploadView(dir);
    const pre = await joined.up.preflight([fileEntry('0', 'a.txt', 300)]);
    const entry = await joined.up.join('0', tokenOf(pre, '0'));
    expect((await entry.chunk(Buffer.alloc(100, 1))).status).toBe('ok');
    expect(await readdir(dir)).toHaveLength(1);
    return { ...joined, entry };
  }

  it('the view cancels it', async () => {
    const dir = await tempDir();
    const { view, entry } = await midway(dir);
    const reply = await view.push('cancel', { ref: '0' });
    expect(JSON.stringify(reply.response)).not.toContain('a.txt');
    expect(await entry.ended()).toBe('phx_close');
    await waitForEmpty(dir);
  });

  it('the client leaves its topic', async () => {
    const dir = await tempDir();
    const { client, entry } = await midway(dir);
    expect(await client.request(entry.topic, 'phx_leave', {}, entry.joinRef)).toEqual({
      status: 'ok',
      response: {},
    });
    await waitForEmpty(dir);
  });

  it('the view crashes (the restarted view offers a new upload)', async () => {
    const dir = await tempDir();
    const { view, entry, up } = await midway(dir);
    await view.push('crash');
    expect(await entry.ended()).toBe('phx_error');
    const restarted = await view.nextPush('diff');
    expect(uploadRefIn(restarted[4])).not.toBe(up.uploadRef);
    await waitForEmpty(dir);
  });

  it('the socket drops', async () => {
    const dir = await tempDir();
    const { client } = await midway(dir);
    client.ws.terminate();
    await waitForEmpty(dir);
  });

  it('the client goes silent past the chunk timeout', async () => {
    const dir = await tempDir();
    const view = defineLiveView<{ uploads: Uploads<'docs'> }>({
      mount(_params, _session, socket) {
        socket.allowUpload('docs', {
          accept: 'any',
          chunkTimeout: 50,
          writer: () => tempFileWriter({ dir }),
        });
      },
      render: (a) => html`<form phx-change="v">${liveFileInput(a.uploads.docs)}</form>`,
    });
    const { url } = await startLiveServer({ routes: [{ path: '/', view }] });
    const client = await LiveClient.connect(url);
    const joined = await client.join(await getPage(url, '/'));
    const up = new RawUpload(client, joined, uploadRefIn(joined.rendered));
    const pre = await up.preflight([fileEntry('0', 'a.bin', 300, 'application/octet-stream')]);
    const entry = await up.join('0', tokenOf(pre, '0'));
    expect((await entry.chunk(Buffer.alloc(10))).status).toBe('ok');
    expect(await entry.ended()).toBe('phx_close');
    await waitForEmpty(dir);
  });
});
