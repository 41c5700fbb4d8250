/**
 * Files to pick on the uploads example's page, written to a temp dir of the test.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../support/temp-dir.js';

/** A 1 x 1 transparent PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * Writes the files for the example in a temp dir: two real PNGs, one too large, one that only says it is
 * a PNG, and a CSV of `rows` records (a quoted newline in the first). Returns each one's path.
 *
 * @example
 * const file = await exampleFiles();
 * await page.setInputFiles('#csv-form input', file('data.csv'));
 */
export async function exampleFiles(rows = 50_000) {
  const dir = await tempDir();
  const path = (name: string) => join(dir, name);
  await writeFile(path('one.png'), PNG_1X1);
  await writeFile(path('two.png'), PNG_1X1);
  await writeFile(path('huge.png'), Buffer.alloc(2_100_000, 1));
  await writeFile(path('fake.png'), 'this is not an image');
  const lines = ['id,name,note', '0,"first","a note\nover two lines"'];
  for (let i = 1; i < rows; i++) lines.push(`${i},row ${i},plain`);
  await writeFile(path('data.csv'), `${lines.join('\n')}\n`);
  return path;
}
