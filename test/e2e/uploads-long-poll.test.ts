/**
 * Uploads where WebSockets are blocked: the server refuses every upgrade, both clients fall
 * back to long polling, and a file still uploads in chunks (each a base64 line of a POST) with
 * its progress on the page; a cancel midway leaves no file behind.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeClients, socketOptions } from './harness.js';
import { cancelMidway, MB, setupUploads, uploadOnSubmit } from './upload-fixtures.js';

/** The bodies of the page's long-poll POSTs, from before it loads. */
function recordPosts(posts: string[]): (page: Page) => Promise<void> {
  const fallBack = socketOptions(() => ({ longPollFallbackMs: 2500 }));
  return async (page) => {
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/live/longpoll')) {
        posts.push(request.postData() ?? '');
      }
    });
    await fallBack(page);
  };
}

/** True for a line of a POST that is a binary frame (base64), not a JSON frame. */
const isBinaryLine = (line: string) => line !== '' && !line.startsWith('[');

describeClients('uploads over long polling', (client) => {
  it('uploads a file in chunks with its progress on the page, and leaves no file after consuming it', async () => {
    const posts: string[] = [];
    const { dir, page } = await setupUploads(client, {
      auto: false,
      network: { webSocket: false },
      before: recordPosts(posts),
    });
    await uploadOnSubmit(page, dir, `polled-${client}.bin`, 2 * MB);
    const chunks = posts.flatMap((body) => body.split('\n')).filter(isBinaryLine);
    // 64 kB chunks of 2 MiB: 33 of them, each a POSTed line.
    expect(chunks.length).toBeGreaterThanOrEqual(33);
  });

  it('cancels an upload midway: the entry goes, and so does its file', async () => {
    const { page, ...held } = await setupUploads(client, {
      free: 2,
      network: { webSocket: false },
      before: recordPosts([]),
    });
    await cancelMidway(page, held, `cancel-${client}.bin`, MB);
  });
});
