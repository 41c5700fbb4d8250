/**
 * The uploads example in Chromium: photos with their limits shown as errors, the server's check
 * of each received photo, and a CSV whose rows the worker pool counts after it uploaded.
 */
import { expect, it } from 'vitest';
import { exampleFiles } from './example-files.js';
import { startExamples } from './examples-harness.js';
import { describeWithBrowser, openPage, pageErrors, waitForText } from './harness.js';

describeWithBrowser('the uploads example', () => {
  it('shows the limits as errors, uploads the photos left, and lists what the server found', async () => {
    const app = await startExamples();
    const file = await exampleFiles();
    const page = await openPage(app, '/uploads');
    const photos = page.locator('#photos-form input[type=file]');
    await photos.setInputFiles([
      file('one.png'),
      file('two.png'),
      file('huge.png'),
      file('fake.png'),
    ]);
    await waitForText(
      page,
      '#photos-form [role=alert]',
      'Three photos at most: remove one to upload.',
    );
    await page.locator('#photos-form .field-error:text("Larger than 2 MB: not sent.")').waitFor();
    expect(await page.isDisabled('#save')).toBe(true);
    // The previews show the picked pictures themselves (blob: URLs, under the page's policy).
    await page.waitForFunction(() => {
      type Img = { complete: boolean; naturalWidth: number };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Img[] } })
        .document;
      const shown = [...doc.querySelectorAll('img.upload-preview')];
      return shown.filter((img) => img.complete && img.naturalWidth === 48).length === 2;
    });
    await page.click('button[aria-label="Remove huge.png"]');
    await page.locator('#photos-form [role=alert]').waitFor({ state: 'detached' });
    await page.click('#save');
    await page.locator('#received li').nth(2).waitFor();
    const received = await page.locator('#received li').allTextContents();
    expect(received).toEqual([
      'one.png48 × 48 PNG, 1 kB',
      'two.png48 × 48 PNG, 1 kB',
      'fake.pngNot an image after all.',
    ]);
    expect(await page.locator('#photos-form .upload-item').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('uploads a CSV as soon as it is picked and counts its rows on the worker pool', async () => {
    const app = await startExamples();
    const file = await exampleFiles();
    const page = await openPage(app, '/uploads');
    await page.locator('#csv-form input[type=file]').setInputFiles(file('data.csv'));
    await waitForText(page, '#csv-status', 'data.csv: 50,000 rows of 3 columns.');
    await waitForText(page, '#csv-percent', '100%');
    expect(pageErrors(page)).toEqual([]);
  });
});
