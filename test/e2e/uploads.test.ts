/**
 * Uploads in Chromium, with both clients: a large file with its progress on the page, cancel,
 * a file refused before any chunk, several at once, a view crash mid-upload, drag and drop. The
 * server writes into a directory of the test's, so "no file left behind" is a fact to await.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  defineLiveView,
  html,
  liveFileInput,
  type TempFileMeta,
  tempFileWriter,
  type Uploads,
  type UploadWriter,
  uploadErrors,
} from '../../views/index.js';
import { tempDir, waitForEmpty } from '../support/temp-dir.js';
import { describeClients, openPage, pageErrors, startServer, waitForText } from './harness.js';

const MB = 1024 * 1024;

/**
 * Holds writes after the first `free` chunks until released: "midway" on any machine.
 * `holding` settles when a write is held.
 */
class Gate {
  opened = 0;
  written = 0;
  readonly holding: Promise<void>;
  #holding: () => void = () => {};
  #release: () => void = () => {};
  readonly #held: Promise<void>;
  readonly #free: number;

  constructor(free = Number.POSITIVE_INFINITY) {
    this.#free = free;
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
    this.holding = new Promise((resolve) => {
      this.#holding = resolve;
    });
  }

  release(): void {
    this.#release();
  }

  writer(dir: string): UploadWriter<TempFileMeta> {
    const inner = tempFileWriter({ dir });
    return {
      ...inner,
      open: () => {
        this.opened += 1;
        return inner.open?.();
      },
      write: async (chunk) => {
        if (++this.written > this.#free) {
          this.#holding();
          await this.#held;
        }
        return inner.write(chunk);
      },
    };
  }
}

type Assigns = { uploads: Uploads<'files'>; saved: string[] };

function uploadsView(dir: string, gate: Gate, auto: boolean) {
  return defineLiveView<
    Assigns,
    { validate: unknown; save: unknown; cancel: { ref: string }; crash: unknown }
  >({
    mount(_params, _session, socket) {
      socket.assign({ saved: [] });
      socket.allowUpload('files', {
        accept: 'any',
        maxEntries: 3,
        maxFileSize: 60 * MB,
        autoUpload: auto,
        writer: () => gate.writer(dir),
      });
    },
    async handleEvent(event, value, socket) {
      if (event === 'save') {
        const saved = await socket.consumeUploadedEntries('files', async (_meta, entry) => {
          return `${entry.clientName}:${entry.clientSize}`;
        });
        socket.update('saved', (list) => [...list, ...saved]);
      } else if (event === 'cancel') {
        socket.cancelUpload('files', (value as { ref: string }).ref);
      } else if (event === 'crash') {
        throw new Error('crash on demand (expected by the e2e test)');
      }
    },
    render: (a) => html`<form id="form" phx-change="validate" phx-submit="save">
<div id="zone" phx-drop-target=${a.uploads.files.ref}>Drop files here</div>
${liveFileInput(a.uploads.files)}
<button id="save" type="submit">Save</button>
<button id="crash" type="button" phx-click="crash">Crash</button>
</form>
<ul id="entries">${a.uploads.files.entries.map(
      (e) => html`<li id=${`entry-${e.ref}`}><span class="name">${e.clientName}</span>
<progress value=${e.progress} max="100"></progress><span class="pct">${e.progress}</span>
<span class="errors">${uploadErrors(a.uploads.files, e).join(',')}</span>
<button type="button" class="cancel" phx-click="cancel" phx-value-ref=${e.ref}>Cancel</button></li>`,
    )}</ul>
<p id="saved">${a.saved.join('|')}</p>`,
  });
}

async function setup(
  client: 'liveactor' | 'official',
  opts: { auto?: boolean; free?: number } = {},
) {
  const dir = await tempDir();
  const gate = new Gate(opts.free);
  const server = await startServer(client, {
    routes: [{ path: '/', view: uploadsView(dir, gate, opts.auto ?? true) }],
  });
  const page = await openPage(server, '/');
  return { dir, gate, page };
}

/** Records every value the entries' percentages show, from now on (a MutationObserver). */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { seenProgress: string[] }).seenProgress = seen;
    const doc = (
      globalThis as unknown as {
        document: { body: object; querySelectorAll(s: string): { textContent: string }[] };
      }
    ).document;
    const Observer = (
      globalThis as unknown as {
        MutationObserver: new (cb: () => void) => { observe(n: object, o: object): void };
      }
    ).MutationObserver;
    new Observer(() => {
      for (const el of doc.querySelectorAll('#entries .pct')) seen.push(el.textContent);
    }).observe(doc.body, { subtree: true, childList: true, characterData: true });
  });
}

async function fileOf(dir: string, name: string, bytes: number): Promise<string> {
  const path = join(dir, '..', `${name}`);
  await writeFile(path, Buffer.alloc(bytes, 7));
  return path;
}

describeClients('uploads', (client) => {
  it('uploads a 50 MB file with its progress on the page, on submit, and leaves no file after consuming it', async () => {
    const { dir, page } = await setup(client, { auto: false });
    const path = await fileOf(dir, `big-${client}.bin`, 50 * MB);
    await recordProgress(page);
    await page.setInputFiles('input[type=file]', path);
    await page.locator('#entries li').waitFor();
    await page.click('#save');
    await waitForText(page, '#saved', `big-${client}.bin:${50 * MB}`);
    const seen = await page.evaluate(
      () => (globalThis as unknown as { seenProgress: string[] }).seenProgress,
    );
    expect(seen.some((p) => Number(p) > 0 && Number(p) < 100)).toBe(true);
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });

  it('cancels an upload midway: the entry goes, and so does its file', async () => {
    const { dir, gate, page } = await setup(client, { free: 3 });
    const path = await fileOf(dir, `cancel-${client}.bin`, 2 * MB);
    await page.setInputFiles('input[type=file]', path);
    await page.locator('#entries .cancel').waitFor();
    // Three chunks are written, the fourth waits: the upload is midway, and its file exists.
    await gate.holding;
    await page.click('#entries .cancel');
    await page.locator('#entries li').waitFor({ state: 'detached' });
    gate.release();
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });

  it('refuses a file over the size limit before any chunk is sent', async () => {
    const { dir, gate, page } = await setup(client);
    const path = await fileOf(dir, `huge-${client}.bin`, 61 * MB);
    await page.setInputFiles('input[type=file]', path);
    await waitForText(page, '#entries .errors', 'too_large');
    expect(gate.opened).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('uploads three files at once', async () => {
    const { dir, page } = await setup(client);
    const paths = await Promise.all(
      ['a', 'b', 'c'].map((n, i) => fileOf(dir, `${n}-${client}.bin`, (i + 1) * 100_000)),
    );
    await page.setInputFiles('input[type=file]', paths);
    await page.locator('#entries li .pct:text-is("100")').nth(2).waitFor();
    await page.click('#save');
    await waitForText(
      page,
      '#saved',
      `a-${client}.bin:100000|b-${client}.bin:200000|c-${client}.bin:300000`,
    );
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });

  it('loses an upload to a view crash without a file left behind; the restarted view takes a new one', async () => {
    const { dir, gate, page } = await setup(client, { free: 2 });
    const path = await fileOf(dir, `crash-${client}.bin`, 1 * MB);
    await page.setInputFiles('input[type=file]', path);
    await gate.holding;
    const before = await page.getAttribute('input[type=file]', 'id');
    await page.click('#crash');
    await page.waitForFunction(
      (old) =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { id: string } | null } }
        ).document.querySelector('input[type=file]')?.id !== old,
      before,
    );
    gate.release();
    await waitForEmpty(dir);
    const again = await fileOf(dir, `again-${client}.bin`, 1000);
    await page.setInputFiles('input[type=file]', again);
    await page.locator('#entries li .pct:text-is("100")').waitFor();
    await page.click('#save');
    await waitForText(page, '#saved', `again-${client}.bin:1000`);
  });

  it('takes files dropped on the drop target', async () => {
    const { dir, page } = await setup(client);
    const dropped = await page.evaluateHandle((name) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } };
        File: new (parts: string[], name: string, o: object) => unknown;
      };
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File(['dropped bytes'], name, { type: 'text/plain' }));
      return transfer;
    }, `dropped-${client}.txt`);
    await page.dispatchEvent('#zone', 'dragenter', { dataTransfer: dropped });
    await page.locator('#zone.phx-drop-target-active').waitFor();
    await page.dispatchEvent('#zone', 'drop', { dataTransfer: dropped });
    await page.locator('#zone.phx-drop-target-active').waitFor({ state: 'detached' });
    await page.locator('#entries li .pct:text-is("100")').waitFor();
    await page.click('#save');
    await waitForText(page, '#saved', `dropped-${client}.txt:13`);
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });
});
