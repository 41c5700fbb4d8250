/**
 * Files to pick on the uploads example's page, written to a temp dir of the test.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../support/temp-dir.js';

/** Two 48 x 48 pictures (a sunset, green hills), so the previews show something. */
const SUNSET_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAABOUlEQVR42u3OXSvDcRjG8evleBFeg8Yaa2zDzMOarXmYYVNSUlJKSkpKSnktWFiICXkIa1seQk44+J84wX3fR9fBrz7H1/XF57aPCj62mqngfbOFCt42/FTwuh6ggpe1Vip4Xm2jgqeVIBXUl0NUUFtqp4LqYgcVVBYiVPA4H6WCh7lOKrif7aKCu5kYFdxO91DBzVScCq7zvVRwNd5PBZfZASq4GEmYfZVzvzFv4jyTtPmjxmObRTk9qPVvyk/acZwlU1qqIO04ThNpFVWNR7WPk76MnKHGI7/AcXxIzhwkv8BR97CcOUh+gVJ0VM4cJL/AYTgrZw6SX+AgNCZnDpJfYD+YkzMHyS9QDEzImYPkF9jzT8qZg+QX2PXlVQw1qn3sNBW0VDXacTQ0pqi4IBfkglyQC2IP+gZBrKmjiFguawAAAABJRU5ErkJggg==',
  'base64',
);
const HILLS_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAABGUlEQVR42u3OWU4CURSE4VoYi2A5tQgXITihgLM4wgsSh6gBjRqHIEaNQ9SwBPuhEzTd3r59u0nq4Sbf48mpH2wNpYDNbyng3pcUcPdTCrjzIQXcfpcCbr1JCYJepYCbL1LAxrMUcONJCrj+KAVcG0gBVx+kBEF9KeDKvRRw+U4KuHQrBVy8kQLWr6WAtSspQdClFLB6IQVcOJcCzvekgJVuXgoTxai0T8C5s1zE1oyyrP8EQacZmVN+NVl9A2dPsrCsCZssHoIzx85S1YRNST/B6SM3DjVhk/EtwqOpw1ScaxLnMDoqH1jKWGOew5+jUidRLjWGOUSO9g1yrPlvETEXk+2ocaTELmKsSw58kA/yQT7IB/mglH4AFTNApwkTKZQAAAAASUVORK5CYII=',
  'base64',
);

/**
 * Writes the files for the example in a temp dir: two real PNGs (48 x 48), one too large, one that only says it is
 * a PNG, and a CSV of `rows` records (a quoted newline in the first). Returns each one's path.
 *
 * @example
 * const file = await exampleFiles();
 * await page.setInputFiles('#csv-form input', file('data.csv'));
 */
export async function exampleFiles(rows = 50_000) {
  const dir = await tempDir();
  const path = (name: string) => join(dir, name);
  await writeFile(path('one.png'), SUNSET_PNG);
  await writeFile(path('two.png'), HILLS_PNG);
  await writeFile(path('huge.png'), Buffer.alloc(2_100_000, 1));
  await writeFile(path('fake.png'), 'this is not an image');
  const lines = ['id,name,note', '0,"first","a note\nover two lines"'];
  for (let i = 1; i < rows; i++) lines.push(`${i},row ${i},plain`);
  await writeFile(path('data.csv'), `${lines.join('\n')}\n`);
  return path;
}
