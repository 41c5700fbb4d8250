/**
 * Uploads seen from a view (through `views/testing`, which drives the same upload processes a
 * browser's chunks reach): the socket API, the markup, the errors, consumption, custom writers,
 * external uploads.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../../actors/index.js';
import { renderDead } from '../../views/dead-render.js';
import {
  defineLiveView,
  html,
  liveFileInput,
  liveImgPreview,
  tempFileWriter,
  type UploadEntry,
  type UploadOptions,
  type Uploads,
  type UploadWriter,
  uploadErrors,
} from '../../views/index.js';
import { mountLive } from '../../views/testing/index.js';
import { tempDir } from '../support/temp-dir.js';

type Assigns = { uploads: Uploads<'photos'>; saved: string[]; progressed: string[] };

function photoView(options: Partial<UploadOptions> & { dir?: string } = {}) {
  const { dir, ...opts } = options;
  return defineLiveView<Assigns, { validate: unknown; save: unknown; cancel: { ref: string } }>({
    mount(_params, _session, socket) {
      socket.assign({ saved: [], progressed: [] });
      socket.allowUpload('photos', {
        accept: ['.png', '.jpg'],
        maxEntries: 2,
        maxFileSize: 100,
        chunkSize: 10,
        writer: () => tempFileWriter(dir === undefined ? {} : { dir }),
        progress: (_name, entry: UploadEntry, s) => {
          s.update('progressed', (list: string[]) => [
            ...list,
            `${entry.clientName}:${entry.progress}`,
          ]);
        },
        ...opts,
      });
    },
    async handleEvent(event, value, socket) {
      if (event === 'save') {
        const saved = await socket.consumeUploadedEntries('photos', async ({ path }, entry) => {
          return `${entry.clientName}=${await readFile(path, 'utf8')}`;
        });
        socket.assign({ saved });
      } else if (event === 'cancel') {
        socket.cancelUpload('photos', (value as { ref: string }).ref);
      }
    },
    render: (
      a,
    ) => html`<form phx-change="validate" phx-submit="save">${liveFileInput(a.uploads.photos, { class: 'file' })}</form>
<p id="errors">${uploadErrors(a.uploads.photos).join(',')}</p>
<ul>${a.uploads.photos.entries.map(
      (e) =>
        html`<li>${e.clientName} ${e.progress} ${e.done ? 'done' : ''} ${uploadErrors(a.uploads.photos, e).join(',')}${liveImgPreview(e, { alt: e.clientName })}</li>`,
    )}</ul>
<p id="saved">${a.saved.join('|')}</p>`,
  });
}

async function mount(view: ReturnType<typeof photoView>) {
  const lv = await mountLive(view);
  onTestFinished(() => lv.close());
  return lv;
}

describe('uploads in a view', () => {
  it('renders the file input and previews as LiveView does', async () => {
    const lv = await mount(photoView());
    const input = /<input[^>]*>/.exec(lv.html())![0];
    const ref = / id="(phx-[^"]+)"/.exec(input)![1];
    expect(input).toBe(
      `<input id="${ref}" type="file" name="photos" accept=".png,.jpg" data-phx-hook="Phoenix.LiveFileUpload" data-phx-update="ignore" data-phx-upload-ref="${ref}" data-phx-active-refs="" data-phx-done-refs="" data-phx-preflighted-refs="" multiple class="file">`,
    );
    const files = lv.fileInput('photos', [{ name: 'a.png', type: 'image/png', content: 'x' }]);
    await files.change('validate');
    const { ref: entry } = files.entries[0]!;
    expect(lv.html()).toContain(`data-phx-active-refs="${entry}"`);
    expect(lv.html()).toContain(
      `<img id="phx-preview-${entry}" data-phx-upload-ref="${ref}" data-phx-entry-ref="${entry}" data-phx-hook="Phoenix.LiveImgPreview" data-phx-update="ignore" alt="a.png">`,
    );
  });

  it('uploads, reports progress, and hands the files to the consumer, who gets them once', async () => {
    const dir = await tempDir();
    const lv = await mount(photoView({ dir }));
    const files = lv.fileInput('photos', [
      { name: 'a.png', type: 'image/png', content: 'aaaaaaaaaaaaaaaaaaaaaaaaa' },
      { name: 'b.jpg', type: 'image/jpeg', content: 'bbbbb' },
    ]);
    await files.change('validate');
    await files.upload(40, 'a.png');
    expect(lv.html()).toContain('a.png 40 ');
    await files.upload();
    expect(lv.html()).toMatch(/a\.png 100 done/);
    expect(await readdir(dir)).toHaveLength(2);
    await lv.event('save');
    expect(lv.html()).toContain('a.png=aaaaaaaaaaaaaaaaaaaaaaaaa|b.jpg=bbbbb');
    expect(lv.html()).not.toContain('<li>');
    await lv.event('save');
    expect(lv.html()).toContain('<p id="saved"></p>');
  });

  it('runs the progress function on each report', async () => {
    let seen: string[] = [];
    const view = photoView({
      progress: (_name, entry) => {
        seen = [...seen, `${entry.clientName}:${entry.progress}`];
      },
    });
    const lv2 = await mount(view);
    await lv2.fileInput('photos', [{ name: 'a.png', content: 'x'.repeat(20) }]).upload();
    expect(seen).toEqual(['a.png:50', 'a.png:100']);
  });

  it('shows too_large, not_accepted and too_many_files, and clears too_many_files with a cancel', async () => {
    const lv = await mount(photoView());
    const files = lv.fileInput('photos', [
      { name: 'big.png', type: 'image/png', content: 'x'.repeat(101) },
      { name: 'a.txt', type: 'text/plain', content: 'x' },
      { name: 'c.png', type: 'image/png', content: 'x' },
    ]);
    await files.change('validate');
    expect(lv.html()).toContain('big.png 0  too_large');
    expect(lv.html()).toContain('a.txt 0  not_accepted');
    expect(lv.html()).toContain('<p id="errors">too_many_files</p>');
    await lv.event('cancel', { ref: files.entries[0]!.ref });
    await lv.event('cancel', { ref: 'no-such-ref' });
    expect(lv.html()).toContain('<p id="errors"></p>');
    await expect(files.upload()).rejects.toMatchObject({ code: 'ERR_UPLOAD_REFUSED' });
  });

  it('replaces the file of a one-entry upload with the new pick', async () => {
    const lv = await mount(photoView({ maxEntries: 1 }));
    await lv.fileInput('photos', [{ name: 'a.png', content: 'x' }]).change('validate');
    await lv.fileInput('photos', [{ name: 'b.png', content: 'y' }]).change('validate');
    expect(lv.html()).not.toContain('a.png');
    expect(lv.html()).toContain('b.png');
  });

  it('streams to a writer of the app', async () => {
    const chunks: string[] = [];
    const closed: unknown[] = [];
    const writer = (): UploadWriter<{ text: string }> => ({
      write: (chunk) => {
        chunks.push(new TextDecoder().decode(chunk));
      },
      close: (reason) => {
        closed.push(reason);
      },
      meta: () => ({ text: chunks.join('') }),
    });
    const view = defineLiveView<{ uploads: Uploads<'doc'>; text: string }>({
      mount(_p, _s, socket) {
        socket.assign({ text: '' }).allowUpload('doc', { accept: 'any', chunkSize: 4, writer });
      },
      async handleEvent(_event, _value, socket) {
        const [text] = await socket.consumeUploadedEntries(
          'doc',
          (meta: { text: string }) => meta.text,
        );
        socket.assign({ text: text ?? '' });
      },
      render: (a) => html`<form>${liveFileInput(a.uploads.doc)}</form><p>${a.text}</p>`,
    });
    const lv = await mountLive(view);
    onTestFinished(() => lv.close());
    await lv.fileInput('doc', [{ name: 'n', content: 'hello world' }]).upload();
    expect(chunks).toEqual(['hell', 'o wo', 'rld']);
    expect(closed).toEqual(['done']);
    await lv.event('save');
    expect(lv.html()).toContain('<p>hello world</p>');
  });

  it('marks the entry writer_failure when a write throws', async () => {
    const view = photoView({
      writer: () => ({
        write: () => {
          throw new Error('disk full (expected by the test)');
        },
        close: () => {},
        meta: () => ({ path: '' }),
      }),
    });
    const lv = await mountLive(view, { system: new ActorSystem({ logger: false }) });
    onTestFinished(async () => {
      await lv.close();
      await lv.system.shutdown();
    });
    const files = lv.fileInput('photos', [{ name: 'a.png', content: 'x' }]);
    await expect(files.upload()).rejects.toMatchObject({ code: 'ERR_UPLOAD_REFUSED' });
    // The test client left the entry's topic, as browsers do: its process is gone, the entry
    // and its error stay until the view cancels it.
    await lv.system.idle();
    expect(await lv.render()).toContain('a.png 0  writer_failure');
  });

  it('preflights external uploads with the metadata of the external function', async () => {
    const view = photoView({
      external: (entry) =>
        entry.clientName === 'no.png'
          ? { error: 'quota' }
          : { uploader: 'S3', url: `https://bucket.test/${entry.uuid}` },
      autoUpload: true,
    });
    const lv = await mount(view);
    const files = lv.fileInput('photos', [
      { name: 'a.png', content: 'x' },
      { name: 'no.png', content: 'y' },
    ]);
    const reply = await files.preflight();
    expect(reply).toMatchObject({
      entries: {
        [files.entries[0]!.ref]: {
          uploader: 'S3',
          url: expect.stringMatching(/^https:\/\/bucket\.test\//),
        },
      },
      errors: { [files.entries[1]!.ref]: ['quota'] },
    });
  });

  it('refuses bad options when the upload is allowed', async () => {
    const system = new ActorSystem();
    onTestFinished(() => system.shutdown());
    const tryAllow = (opts: Record<string, unknown>) => {
      const view = defineLiveView<{ uploads: Uploads<'x'> }>({
        mount(_p, _s, socket) {
          socket.allowUpload('x', opts as never);
        },
        render: () => html``,
      });
      const url = new URL('http://localhost/');
      return renderDead(view, {
        id: 'phx-t',
        params: {},
        session: {},
        url,
        flash: {},
        system,
        pubsub: new PubSub(system),
        resolve: () => undefined,
      });
    };
    await expect(tryAllow({ accept: ['.nope-not-a-type'] })).rejects.toThrow(/known MIME/);
    await expect(tryAllow({ accept: [] })).rejects.toThrow(TypeError);
    await expect(tryAllow({ accept: 'any', maxEntries: 0 })).rejects.toThrow(/maxEntries/);
    await expect(tryAllow({ accept: 'any', chunkSize: 1.5 })).rejects.toThrow(/chunkSize/);
    await expect(
      tryAllow({ accept: ['image/*', '.csv', 'application/pdf'] }),
    ).resolves.toMatchObject({
      type: 'html',
    });
  });
});
