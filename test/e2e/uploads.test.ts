/**
 * Uploads in Chromium, with both clients: a large file with its progress on the page, cancel,
 * a file refused before any chunk, several at once, a view crash mid-upload, drag and drop.
 */
import { expect, it } from 'vitest';
import { waitForEmpty } from '../support/temp-dir.js';
import { describeClients, pageErrors, waitForText } from './harness.js';
import { cancelMidway, fileOf, MB, setupUploads, uploadOnSubmit } from './upload-fixtures.js';

describeClients('uploads', (client) => {
  it('uploads a 50 MB file with its progress on the page, on submit, and leaves no file after consuming it', async () => {
    const { dir, page } = await setupUploads(client, { auto: false });
    await uploadOnSubmit(page, dir, `big-${client}.bin`, 50 * MB);
  });

  it('cancels an upload midway: the entry goes, and so does its file', async () => {
    const { page, ...held } = await setupUploads(client, { free: 3 });
    await cancelMidway(page, held, `cancel-${client}.bin`, 2 * MB);
  });

  it('refuses a file over the size limit before any chunk is sent', async () => {
    const { gate, page } = await setupUploads(client);
    const path = await fileOf(`huge-${client}.bin`, 61 * MB);
    await page.setInputFiles('input[type=file]', path);
    await waitForText(page, '#entries .errors', 'too_large');
    expect(gate.opened).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows a write the server could not make as the entry error', async () => {
    const { dir, gate, page } = await setupUploads(client);
    gate.failing = true;
    await page.setInputFiles('input[type=file]', await fileOf(`full-${client}.bin`, 200_000));
    await waitForText(page, '#entries .errors', 'writer_failure');
    await page.click('#entries .cancel');
    await page.locator('#entries li').waitFor({ state: 'detached' });
    await waitForEmpty(dir);
    expect(pageErrors(page)).toEqual([]);
  });

  it('uploads three files at once', async () => {
    const { dir, page } = await setupUploads(client);
    const paths = await Promise.all(
      ['a', 'b', 'c'].map((n, i) => fileOf(`${n}-${client}.bin`, (i + 1) * 100_000)),
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
    const { dir, gate, page } = await setupUploads(client, { free: 2 });
    const path = await fileOf(`crash-${client}.bin`, 1 * MB);
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
    const again = await fileOf(`again-${client}.bin`, 1000);
    await page.setInputFiles('input[type=file]', again);
    await page.locator('#entries li .pct:text-is("100")').waitFor();
    await page.click('#save');
    await waitForText(page, '#saved', `again-${client}.bin:1000`);
  });

  it('takes files dropped on the drop target', async () => {
    const { dir, page } = await setupUploads(client);
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
