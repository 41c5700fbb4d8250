/**
 * The examples app as two machines in Chromium: two `npm run start:cluster` instances on one
 * Redis, a reservations page open on each. A ticket reserved on A shows on B's page at once,
 * because both pages ask the one stock (a cluster singleton) and hear its broadcasts through
 * Redis. On the way it takes the README's picture of the two pages side by side.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { clusterInstance, privateRedis } from '../support/cluster-instance.js';
import { describeWithBrowser, openPage, pageErrors, waitForText } from './harness.js';
import { saveScreenshot } from './screenshots.js';

const TICKETS = 20;
const left = (n: number) => `${n} tickets left`;
const PHONE = { width: 390, height: 640 };

/** The page as a PNG in a data URL, for the side-by-side picture. */
async function shot(page: Page): Promise<string> {
  await page.mouse.move(0, 0);
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Two pages side by side, each with its caption (no port: the picture stays the same). */
function sideBySide(pages: ReadonlyArray<{ readonly caption: string; readonly src: string }>) {
  const figures = pages
    .map(
      ({ caption, src }) =>
        `<figure><img src="${src}" alt="" width="${PHONE.width}"><figcaption>${caption}</figcaption></figure>`,
    )
    .join('');
  return `<!DOCTYPE html><html lang="en"><head><title>Two instances, one stock</title><style>
body { margin: 0; padding: 24px; background: #e9edf2; font: 15px/1.4 system-ui, sans-serif; color: #1d2733; }
main { display: flex; gap: 24px; }
figure { margin: 0; }
img { display: block; border-radius: 10px; box-shadow: 0 2px 10px rgb(0 0 0 / 15%); }
figcaption { margin-top: 10px; text-align: center; }
</style></head><body><main>${figures}</main></body></html>`;
}

describeWithBrowser('the examples on two instances and one Redis', () => {
  it('shows a ticket reserved on one instance on the other, and takes the picture', async () => {
    const redis = await privateRedis();
    const env = { TICKETS: String(TICKETS) };
    const [a, b] = await Promise.all([clusterInstance(redis, env), clusterInstance(redis, env)]);
    const pageA = await openPage(a, '/reservations', { viewport: PHONE });
    const pageB = await openPage(b, '/reservations', { viewport: PHONE });
    await waitForText(pageA, '#left', left(TICKETS));
    await waitForText(pageB, '#left', left(TICKETS));

    for (let i = 1; i <= 3; i++) {
      await pageA.click('#reserve');
      await waitForText(pageB, '#left', left(TICKETS - i));
    }
    await pageB.click('#reserve');
    await waitForText(pageA, '#left', left(TICKETS - 4));
    // Each tab learns what it holds from its own reply, which may come after the broadcast.
    await waitForText(pageA, '#held', 'This tab holds 3 tickets.');
    await waitForText(pageB, '#held', 'This tab holds 1 ticket.');
    expect([...pageErrors(pageA), ...pageErrors(pageB)]).toEqual([]);

    const picture = await openPage({ url: 'about:blank' }, '', { join: false, viewport: PHONE });
    await picture.setViewportSize({ width: 2 * PHONE.width + 72, height: PHONE.height + 90 });
    await picture.setContent(
      sideBySide([
        { caption: 'Instance A: this tab reserved 3', src: await shot(pageA) },
        { caption: 'Instance B, another process: this tab reserved 1', src: await shot(pageB) },
      ]),
    );
    await saveScreenshot(picture, 'cluster');
  });
});
