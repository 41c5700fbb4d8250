/**
 * Uploads of live components seen through `views/testing`: `lv.fileInput` on a component's file
 * input sends the change, preflight and progress to the component its form targets; the
 * component's handleEvent consumes; two components with an upload of the same name are told
 * apart by their form; the dead render shows a component's file input.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ActorSystem, PubSub } from '../../actors/index.js';
import { renderDead } from '../../views/dead-render.js';
import {
  type ComponentSocket,
  defineComponent,
  defineLiveView,
  html,
  liveComponent,
  liveFileInput,
  tempFileWriter,
  type Uploads,
  uploadErrors,
} from '../../views/index.js';
import { renderToString } from '../../views/render/index.js';
import { mountLive } from '../../views/testing/index.js';
import { tempDir, waitForEmpty } from '../support/temp-dir.js';

function avatarCard(dir?: string) {
  return defineComponent<{ uploads: Uploads<'avatar'>; saved: string; name: string }>({
    mount(socket) {
      socket.assign({ saved: '' });
      socket.allowUpload('avatar', {
        accept: ['.png'],
        maxFileSize: 50,
        chunkSize: 10,
        writer: () => tempFileWriter(dir === undefined ? {} : { dir }),
      });
    },
    async handleEvent(event, _value, socket) {
      if (event !== 'save') return undefined;
      const [saved] = await socket.consumeUploadedEntries(
        'avatar',
        async ({ path }, entry) => `${entry.clientName}=${await readFile(path, 'utf8')}`,
      );
      socket.assign({ saved: saved ?? '' });
      return undefined;
    },
    render: (a) =>
      html`<section id=${`card-${a.name}`}><form phx-change="validate" phx-submit="save" phx-target=${a.myself}>${liveFileInput(a.uploads.avatar)}</form>
<ul>${a.uploads.avatar.entries.map(
        (e) =>
          html`<li>${e.clientName} ${e.progress} ${uploadErrors(a.uploads.avatar, e).join(',')}</li>`,
      )}</ul><p class="saved">${a.saved}</p></section>`,
  });
}

function cardsView(names: readonly string[], dir?: string) {
  const Card = avatarCard(dir);
  return defineLiveView({
    render: () =>
      html`<main>${names.map((name) => liveComponent(Card, { id: name, name }))}</main>`,
  });
}

async function mount(view: ReturnType<typeof cardsView>) {
  const lv = await mountLive(view);
  onTestFinished(() => lv.close());
  return lv;
}

describe('uploads in a live component, through views/testing', () => {
  it('uploads to the component its form targets, which consumes the file', async () => {
    const dir = await tempDir();
    const lv = await mount(cardsView(['a'], dir));
    const files = lv.fileInput('avatar', [{ name: 'me.png', type: 'image/png', content: 'png!' }]);
    await files.change('validate');
    expect(lv.html()).toContain('<li>me.png 0 </li>');
    await files.upload();
    expect(lv.html()).toContain('<li>me.png 100 </li>');
    expect(await readdir(dir)).toHaveLength(1);
    await lv.form('#card-a form').submit();
    expect(lv.html()).toContain('<p class="saved">me.png=png!</p>');
    expect(lv.html()).not.toContain('<li>');
    await waitForEmpty(dir);
  });

  it('shows the limits as the component entry errors', async () => {
    const lv = await mount(cardsView(['a']));
    const files = lv.fileInput('avatar', [
      { name: 'big.png', content: 'x'.repeat(51) },
      { name: 'a.gif', content: 'x' },
    ]);
    await files.change('validate');
    expect(lv.html()).toContain('<li>big.png 0 too_large</li>');
    expect(lv.html()).toContain('<li>a.gif 0 not_accepted</li>');
    await expect(files.upload()).rejects.toMatchObject({ code: 'ERR_UPLOAD_REFUSED' });
  });

  it('tells two components with an upload of the same name apart by their form', async () => {
    const lv = await mount(cardsView(['a', 'b']));
    const pick = [{ name: 'b.png', content: 'bb' }];
    await expect(lv.fileInput('avatar', pick).change('validate')).rejects.toThrow(
      /2 file inputs for the upload "avatar"; name its form/,
    );
    await lv.fileInput('avatar', pick, { form: '#card-b form' }).upload();
    await lv.form('#card-b form').submit();
    expect(lv.html()).toMatch(/id="card-a".*<p class="saved"><\/p>/s);
    expect(lv.html()).toContain('<p class="saved">b.png=bb</p>');
  });

  it('types the upload names from the component assigns, its functions given its socket', () => {
    const check = (socket: ComponentSocket<{ uploads: Uploads<'avatar'>; n: number }>) => {
      socket.allowUpload('avatar', {
        accept: 'any',
        progress: (_name, _entry, s) => s.assign({ n: s.assigns.n + 1 }),
      });
      // @ts-expect-error: no such upload
      socket.allowUpload('other', { accept: 'any' });
      // @ts-expect-error: no such upload
      void socket.consumeUploadedEntries('other', () => 1);
    };
    expect(check).toBeTypeOf('function');
  });

  it('refuses an upload in a component rendered outside a live view, saying why', () => {
    const Card = avatarCard();
    expect(() => renderToString(html`${liveComponent(Card, { id: 'a', name: 'a' })}`)).toThrow(
      /component 1: allowUpload needs a live view/,
    );
  });

  it('renders the component file input in the dead render', async () => {
    const system = new ActorSystem();
    onTestFinished(() => system.shutdown());
    const page = await renderDead(cardsView(['a']), {
      id: 'phx-t',
      params: {},
      session: {},
      url: new URL('http://localhost/'),
      flash: {},
      system,
      pubsub: new PubSub(system),
      resolve: () => undefined,
    });
    expect(JSON.stringify(page)).toMatch(
      /<input id=\\"phx-[\w-]+\\" type=\\"file\\" name=\\"avatar\\"/,
    );
  });
});
