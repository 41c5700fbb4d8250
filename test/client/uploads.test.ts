/**
 * Our client's uploads on a page, the test playing the server: the form change carrying the
 * picked files, the preflight, the entry topic joined with its token, binary chunks one at a
 * time, progress, a submit held until the uploads are done, cancel, drop, previews.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ViewHook } from '../../client/hooks.js';
import { trackFiles } from '../../client/uploads/files.js';
import { decodeBinaryFrame } from '../../transport/frame.js';
import { type Frame, joined, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

const REF = 'phx-up';

/** A form with a live file input, as `liveFileInput` renders it. */
function page(attrs: { auto?: boolean; active?: string; preflighted?: string } = {}) {
  const input = `<input id="${REF}" type="file" name="docs" data-phx-hook="Phoenix.LiveFileUpload" data-phx-update="ignore" data-phx-upload-ref="${REF}" data-phx-active-refs="${attrs.active ?? ''}" data-phx-done-refs="" data-phx-preflighted-refs="${attrs.preflighted ?? ''}"${attrs.auto ? ' data-phx-auto-upload' : ''} multiple>`;
  return {
    '0': input,
    s: [
      '<form id="f" phx-change="validate" phx-submit="save"><div id="zone" phx-drop-target="phx-up"></div>',
      '<button id="go">go</button></form>',
    ],
  };
}

function pick(files: File[]): HTMLInputElement {
  const input = document.getElementById(REF) as HTMLInputElement;
  trackFiles(input, files);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return input;
}

type Page = ReturnType<typeof joined>;

/** The announced entries of the last form change. */
function announced(t: Page): Record<string, unknown>[] {
  return (t.server.last('event')[4].uploads as Record<string, Record<string, unknown>[]>)[REF]!;
}

/** Picks `files`; the change's reply lists the first one as active. Returns its ref. */
function pickListed(t: Page, files: File[], attrs: { auto?: boolean } = {}): string {
  pick(files);
  const ref = String(announced(t)[0]!.ref);
  t.server.reply(t.server.last('event'), { diff: { '0': page({ ...attrs, active: ref })['0'] } });
  return ref;
}

function submit(): void {
  const form = document.getElementById('f') as HTMLFormElement;
  form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
}

/**
 * Grants entry `ref` in reply to the last preflight, with chunks of `chunkSize`, and answers
 * the join of its topic; resolves with that join frame.
 */
async function grantAndJoin(t: Page, ref: string, chunkSize: number): Promise<Frame> {
  t.server.reply(t.server.last('allow_upload'), {
    ref: REF,
    config: { chunk_size: chunkSize, chunk_timeout: 10_000 },
    entries: { [ref]: 'T' },
    errors: {},
  });
  await settle();
  const join = t.frames().find((f) => f[2] === `lvu:${ref}`)!;
  t.ws().receive([join[0], join[1], `lvu:${ref}`, 'phx_reply', { status: 'ok', response: {} }]);
  await settle();
  return join;
}

/** Lets the file reads (Blob.arrayBuffer) and their pushes happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

describe('uploads, our client', () => {
  it('announces picked files, preflights, and sends the chunks one at a time with progress', async () => {
    const t = joined({}, page({ auto: true }));
    pick([new File(['hello world'], 'a.txt', { type: 'text/plain' })]);
    const change = t.server.last('event');
    const [entry] = (change[4].uploads as Record<string, Record<string, unknown>[]>)[REF]!;
    expect(entry).toMatchObject({ path: 'docs', name: 'a.txt', size: 11, type: 'text/plain' });
    const ref = String(entry!.ref);
    // The reply's render lists the file: then the auto upload's preflight goes.
    t.server.reply(change, { diff: { '0': page({ auto: true, active: ref })['0'] } });
    await settle();
    const preflight = t.server.last('allow_upload');
    expect(preflight[4]).toMatchObject({ ref: REF, entries: [{ ref, name: 'a.txt', size: 11 }] });
    t.server.reply(preflight, {
      ref: REF,
      config: { chunk_size: 4, chunk_timeout: 10_000, max_file_size: 100, max_entries: 3 },
      entries: { [ref]: 'TOKEN' },
      errors: {},
    });
    await settle();
    const join = t.frames().find((f) => f[2] === `lvu:${ref}` && f[3] === 'phx_join')!;
    expect(join[4]).toEqual({ token: 'TOKEN' });
    t.ws().receive([join[0], join[1], `lvu:${ref}`, 'phx_reply', { status: 'ok', response: {} }]);
    const chunks: string[] = [];
    const progress: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      await settle();
      const bytes = t.ws().binary.at(-1)!;
      const decoded = decodeBinaryFrame(bytes);
      if (!decoded.ok) throw new Error(decoded.reason);
      expect(decoded.frame).toMatchObject({
        topic: `lvu:${ref}`,
        event: 'chunk',
        joinRef: join[0],
      });
      chunks.push(new TextDecoder().decode(decoded.frame.payload));
      expect(t.ws().binary).toHaveLength(i + 1);
      t.ws().receive([
        join[0],
        decoded.frame.ref,
        `lvu:${ref}`,
        'phx_reply',
        { status: 'ok', response: {} },
      ]);
      const report = t.server.last('progress');
      progress.push(report[4].progress);
      t.server.reply(report, {});
    }
    expect(chunks).toEqual(['hell', 'o wo', 'rld']);
    expect(progress).toEqual([36, 72, 100]);
  });

  it('holds a submit until the uploads of its form are done, then sends it', async () => {
    const t = joined({}, page());
    const ref = pickListed(t, [new File(['abc'], 'a.txt')]);
    submit();
    await settle();
    expect(t.server.all('event').filter((f) => f[4].event === 'save')).toEqual([]);
    const join = await grantAndJoin(t, ref, 10);
    const chunk = decodeBinaryFrame(t.ws().binary[0]!);
    if (!chunk.ok) throw new Error(chunk.reason);
    t.ws().receive([
      join[0],
      chunk.frame.ref,
      `lvu:${ref}`,
      'phx_reply',
      { status: 'ok', response: {} },
    ]);
    t.server.reply(t.server.last('progress'), {});
    await settle();
    expect(t.server.last('event')[4]).toMatchObject({ type: 'form', event: 'save' });
  });

  it('sends no submit while the server refuses a picked file', async () => {
    const t = joined({}, page());
    const ref = pickListed(t, [new File(['abc'], 'a.exe')]);
    submit();
    await settle();
    const preflight = t.server.last('allow_upload');
    t.server.reply(preflight, { ref: REF, error: [[ref, 'not_accepted']] });
    await settle();
    expect(t.server.all('event').filter((f: Frame) => f[4].event === 'save')).toEqual([]);
  });

  it('stops an entry the server dropped, leaving its topic', async () => {
    const t = joined({}, page({ auto: true }));
    const ref = pickListed(t, [new File(['abcdefgh'], 'a.txt')], { auto: true });
    await settle();
    await grantAndJoin(t, ref, 2);
    // The server cancels it: its next render no longer lists the ref.
    t.server.push('diff', { '0': page({ auto: true })['0'] });
    expect(t.frames().some((f) => f[2] === `lvu:${ref}` && f[3] === 'phx_leave')).toBe(true);
  });

  it('takes dropped files into the target input and shows the drag over the zone', () => {
    const t = joined({}, page());
    const zone = document.getElementById('zone')!;
    const file = new File(['x'], 'dropped.txt');
    const dataTransfer = { types: ['Files'], files: [file] } as unknown as DataTransfer;
    const drag = (type: string) => {
      const e = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'dataTransfer', { value: dataTransfer });
      zone.dispatchEvent(e);
      return e;
    };
    drag('dragenter');
    expect(zone.classList.contains('phx-drop-target-active')).toBe(true);
    expect(drag('dragover').defaultPrevented).toBe(true);
    drag('drop');
    expect(zone.classList.contains('phx-drop-target-active')).toBe(false);
    expect(announced(t)[0]!.name).toBe('dropped.txt');
  });

  it('takes files from a hook: upload by name, uploadTo inside a target', () => {
    let hook: ViewHook | undefined;
    const t = joined(
      {
        hooks: {
          Picker: {
            mounted(this: ViewHook) {
              hook = this;
            },
          },
        },
      },
      { ...page(), '1': '<div id="picker" phx-hook="Picker"></div>', s: [...page().s, ''] },
    );
    hook!.upload('docs', [new File(['from a hook'], 'hook.txt')]);
    const change = t.server.last('event');
    expect((change[4].uploads as Record<string, { name: string; size: number }[]>)[REF]).toEqual([
      expect.objectContaining({ name: 'hook.txt', size: 11 }),
    ]);
    const ref = String((change[4].uploads as Record<string, { ref: string }[]>)[REF]![0]!.ref);
    t.server.reply(change, { diff: { '0': page({ active: ref })['0'] } });
    hook!.uploadTo('#f', 'docs', [new File(['x'], 'two.txt')]);
    const names = (t.server.last('event')[4].uploads as Record<string, { name: string }[]>)[REF]!;
    expect(names.map((e) => e.name)).toEqual(['hook.txt', 'two.txt']);
  });

  it('previews a picked image through an object URL, revoked when the preview goes', () => {
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:preview');
    const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const t = joined({}, page());
    pick([new File(['png'], 'a.png', { type: 'image/png' })]);
    const change = t.server.last('event');
    const ref = String((change[4].uploads as Record<string, { ref: string }[]>)[REF]![0]!.ref);
    const preview = `<img id="phx-preview-${ref}" data-phx-upload-ref="${REF}" data-phx-entry-ref="${ref}" data-phx-hook="Phoenix.LiveImgPreview" data-phx-update="ignore">`;
    const withPreview = page({ active: ref });
    t.server.reply(change, { diff: { '0': `${withPreview['0']}${preview}` } });
    expect(created).toHaveBeenCalledOnce();
    expect((document.getElementById(`phx-preview-${ref}`) as HTMLImageElement).src).toBe(
      'blob:preview',
    );
    t.server.push('diff', { '0': page()['0'] });
    expect(revoked).toHaveBeenCalledWith('blob:preview');
  });
});
