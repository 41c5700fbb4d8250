/**
 * External uploads in Chromium with both clients: the view's `external` function sends each
 * file to a small HTTP server of the test's (standing in for cloud storage, on another origin),
 * the page's `Put` uploader PUTs it there with XMLHttpRequest and reports progress, and the view
 * consumes the entry with the metadata it gave. A PUT that fails shows as an error on the page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it, onTestFinished } from 'vitest';
import { defaultContentSecurityPolicy } from '../../transport/index.js';
import { describeClients, pageErrors, socketOptions, waitForText } from './harness.js';
import { fileOf, MB, setupUploads } from './upload-fixtures.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'PUT',
  'access-control-allow-headers': 'content-type',
};

/** Takes PUTs from any origin and keeps their bodies by path; `/refuse/...` answers 500. */
async function startStorage() {
  const stored = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      const refused = req.method !== 'PUT' || req.url?.startsWith('/refuse/');
      if (!refused) stored.set(req.url ?? '', bytes);
      res.writeHead(refused ? 500 : 200, CORS).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stored };
}

/** The page policy an app sets to let its pages PUT to `storage` (by default only to itself). */
function allowing(storage: string) {
  return {
    contentSecurityPolicy: (nonce: string) =>
      defaultContentSecurityPolicy(nonce).replace(
        "connect-src 'self'",
        `connect-src 'self' ${storage}`,
      ),
  };
}

/** The page's uploader, as an app's app.js would write it (runs in the browser). */
const withPutUploader = socketOptions(() => {
  type Entry = {
    file: Blob;
    meta: { url: string };
    progress(percent: number): void;
    error(): void;
  };
  const g = globalThis as unknown as {
    XMLHttpRequest: new () => {
      upload: { onprogress: (e: { loaded: number; total: number }) => void };
      onload: () => void;
      onerror: () => void;
      status: number;
      open(method: string, url: string): void;
      send(body: Blob): void;
    };
  };
  return {
    uploaders: {
      Put(entries: Entry[]) {
        for (const entry of entries) {
          const xhr = new g.XMLHttpRequest();
          xhr.upload.onprogress = (e) => {
            const percent = Math.round((e.loaded / e.total) * 100);
            if (percent < 100) entry.progress(percent);
          };
          xhr.onload = () => (xhr.status < 300 ? entry.progress(100) : entry.error());
          xhr.onerror = () => entry.error();
          xhr.open('PUT', entry.meta.url);
          xhr.send(entry.file);
        }
      },
    },
  };
});

describeClients('external uploads', (client) => {
  it('PUTs the file where the external function says, and consumes the entry', async () => {
    const storage = await startStorage();
    const { gate, page } = await setupUploads(client, {
      auto: false,
      external: (entry) => ({ uploader: 'Put', url: `${storage.url}/files/${entry.clientName}` }),
      before: withPutUploader,
      securityHeaders: allowing(storage.url),
    });
    const name = `cloud-${client}.bin`;
    await page.setInputFiles('input[type=file]', await fileOf(name, 3 * MB));
    await page.locator('#entries li').waitFor();
    await page.click('#save');
    await waitForText(page, '#saved', `${name}:${3 * MB}`);
    expect(storage.stored.get(`/files/${name}`)).toBe(3 * MB);
    // Nothing came to this server's upload channels.
    expect(gate.opened).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows a failed PUT as the entry error, and takes a new file after it is removed', async () => {
    const storage = await startStorage();
    const { page } = await setupUploads(client, {
      external: (entry) => ({
        uploader: 'Put',
        url: `${storage.url}/${entry.clientName.startsWith('bad') ? 'refuse' : 'files'}/x`,
      }),
      before: withPutUploader,
      securityHeaders: allowing(storage.url),
    });
    await page.setInputFiles('input[type=file]', await fileOf('bad.bin', 1000));
    await waitForText(page, '#entries .errors', 'external_client_failure');
    await page.click('#entries .cancel');
    await page.locator('#entries li').waitFor({ state: 'detached' });
    await page.setInputFiles('input[type=file]', await fileOf('good.bin', 1000));
    await page.locator('#entries li .pct:text-is("100")').waitFor();
    expect(storage.stored.get('/files/x')).toBe(1000);
    expect(pageErrors(page)).toEqual([]);
  });
});
