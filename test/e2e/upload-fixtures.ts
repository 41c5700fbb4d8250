/**
 * What the upload scenarios in Chromium share: a view with one upload (`files`) listing its
 * entries with their progress and errors, a gate that holds the server's writes "midway" on any
 * machine, files to pick, and a recorder of the percentages the page showed. The server writes
 * into a directory of the test's, so "no file left behind" is a fact to await.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SecurityHeaders } from '../../transport/index.js';
import {
  defineLiveView,
  type ExternalUploadResult,
  html,
  liveFileInput,
  type TempFileMeta,
  tempFileWriter,
  type UploadEntry,
  type Uploads,
  type UploadWriter,
  uploadErrors,
} from '../../views/index.js';
import { tempDir, waitForEmpty } from '../support/temp-dir.js';
import { type E2eNetwork, openPage, pageErrors, startServer, waitForText } from './harness.js';
import type { ClientKind } from './layouts.js';

/** A mebibyte. */
export const MB = 1024 * 1024;

/**
 * Holds writes after the first `free` chunks until released: "midway" on any machine.
 * `holding` settles when a write is held.
 *
 * @example
 * const gate = new Gate(3); // the fourth chunk waits for gate.release()
 */
export class Gate {
  opened = 0;
  written = 0;
  /** Every write from now on throws (a full disk). */
  failing = false;
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
        if (this.failing) throw new Error('disk full (expected by the e2e test)');
        if (++this.written > this.#free) {
          this.#holding();
          await this.#held;
        }
        return inner.write(chunk);
      },
    };
  }
}

/** How the scenario's upload is set up. */
export interface UploadScenario {
  /** Upload as soon as files are picked (default), or on submit. */
  readonly auto?: boolean;
  /** Chunks written before the gate holds the next. */
  readonly free?: number;
  /** The upload's `external` function: the client uploads elsewhere. */
  readonly external?: (entry: UploadEntry) => ExternalUploadResult;
  readonly network?: E2eNetwork;
  /** The server's security headers (a policy that lets the page reach other storage). */
  readonly securityHeaders?: SecurityHeaders;
  /** Runs on the page before it loads (socketOptions, say). */
  readonly before?: (page: Page) => Promise<unknown>;
}

type Assigns = { uploads: Uploads<'files'>; saved: string[] };

/**
 * How the scenarios list a consumed entry on the page: `name:size`.
 *
 * @example
 * const saved = await socket.consumeUploadedEntries('files', savedAs);
 */
export function savedAs(_meta: unknown, entry: UploadEntry): string {
  return `${entry.clientName}:${entry.clientSize}`;
}
type Events = { validate: unknown; save: unknown; cancel: { ref: string }; crash: unknown };

function uploadsView(dir: string, gate: Gate, scenario: UploadScenario) {
  return defineLiveView<Assigns, Events>({
    mount(_params, _session, socket) {
      socket.assign({ saved: [] });
      socket.allowUpload('files', {
        accept: 'any',
        maxEntries: 3,
        maxFileSize: 60 * MB,
        autoUpload: scenario.auto ?? true,
        writer: () => gate.writer(dir),
        ...(scenario.external && { external: scenario.external }),
      });
    },
    async handleEvent(event, value, socket) {
      if (event === 'save') {
        const saved = await socket.consumeUploadedEntries('files', savedAs);
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

/**
 * A server for `client` with the upload view at `/`, and a page joined to it.
 *
 * @example
 * const { dir, gate, page } = await setupUploads('official', { free: 3 });
 */
export async function setupUploads(client: ClientKind, scenario: UploadScenario = {}) {
  const dir = await tempDir();
  const gate = new Gate(scenario.free);
  const server = await startServer(
    client,
    {
      routes: [{ path: '/', view: uploadsView(dir, gate, scenario) }],
      ...(scenario.securityHeaders && { securityHeaders: scenario.securityHeaders }),
    },
    scenario.network,
  );
  const page = await openPage(server, '/', scenario.before ? { before: scenario.before } : {});
  return { dir, gate, page, server };
}

/**
 * Records every value the entries' percentages show from now on (a MutationObserver);
 * {@link progressSeen} reads them.
 *
 * @example
 * await recordProgress(page);
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      seenProgress: string[];
      document: { body: object; querySelectorAll(s: string): { textContent: string }[] };
      MutationObserver: new (cb: () => void) => { observe(n: object, o: object): void };
    };
    const seen: string[] = [];
    g.seenProgress = seen;
    new g.MutationObserver(() => {
      for (const el of g.document.querySelectorAll('#entries .pct')) seen.push(el.textContent);
    }).observe(g.document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The percentages the page showed since {@link recordProgress}. */
export function progressSeen(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { seenProgress: string[] }).seenProgress.map(Number),
  );
}

/**
 * A file of `bytes` bytes named `name` to pick, in a directory of the test's own.
 *
 * @example
 * await page.setInputFiles('input[type=file]', await fileOf('a.bin', 1000));
 */
export async function fileOf(name: string, bytes: number): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, Buffer.alloc(bytes, 7));
  return path;
}

/**
 * Picks a file of `bytes` bytes named `name` on a page set up with `auto: false`, submits, and
 * awaits it saved; the page must have shown a percentage between 0 and 100 on the way, and the
 * file in `dir` must be gone once consumed.
 *
 * @example
 * await uploadOnSubmit(page, dir, 'big.bin', 50 * MB);
 */
export async function uploadOnSubmit(
  page: Page,
  dir: string,
  name: string,
  bytes: number,
): Promise<void> {
  const path = await fileOf(name, bytes);
  await recordProgress(page);
  await page.setInputFiles('input[type=file]', path);
  await page.locator('#entries li').waitFor();
  await page.click('#save');
  await waitForText(page, '#saved', `${name}:${bytes}`);
  expect((await progressSeen(page)).some((p) => p > 0 && p < 100)).toBe(true);
  await waitForEmpty(dir);
  expect(pageErrors(page)).toEqual([]);
}

/**
 * Picks a file of `bytes` bytes (auto upload), cancels it once the gate holds a write (the upload
 * is midway, its file exists), and awaits the entry and its file gone.
 *
 * @example
 * await cancelMidway(page, gate, dir, 'cancel.bin', 2 * MB);
 */
export async function cancelMidway(
  page: Page,
  { gate, dir }: { readonly gate: Gate; readonly dir: string },
  name: string,
  bytes: number,
): Promise<void> {
  await page.setInputFiles('input[type=file]', await fileOf(name, bytes));
  await gate.holding;
  await page.click('#entries .cancel');
  await page.locator('#entries li').waitFor({ state: 'detached' });
  gate.release();
  await waitForEmpty(dir);
  expect(pageErrors(page)).toEqual([]);
}
