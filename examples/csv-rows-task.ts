/**
 * The CSV upload's work, run on a worker thread of the task pool: reads the uploaded file as a
 * stream (never whole in memory) and counts its records and the header's columns, reporting
 * each whole percent read. A newline inside a quoted field does not end a record (RFC 4180).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { reportProgress, type TaskProgress } from './task-progress.js';

/** What the view asks for: the file, and where to report (its topic, which of its runs). */
export type CsvJob = TaskProgress & { readonly path: string };
/** One report: `done` bytes of `of` read. */
export type CsvProgress = TaskProgress & { readonly done: number; readonly of: number };
/** The count: data records (the header not counted) and the header's columns. */
export type CsvCount = { readonly rows: number; readonly columns: number };

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * The task: resolves with the file's record and column counts.
 *
 * @example
 * socket.startAsync('rows', { task: { filename, name: 'countRows' }, payload: job });
 */
export async function countRows(job: CsvJob): Promise<CsvCount> {
  const { size } = await stat(job.path);
  let quoted = false;
  let records = 0;
  let columns = 1;
  let done = 0;
  let reported = -1;
  let last = NEWLINE;
  for await (const chunk of createReadStream(job.path, { highWaterMark: 256 * 1024 })) {
    for (const byte of chunk as Buffer) {
      if (byte === QUOTE) quoted = !quoted;
      else if (!quoted && byte === NEWLINE) records++;
      else if (!quoted && byte === COMMA && records === 0) columns++;
      last = byte;
    }
    done += (chunk as Buffer).byteLength;
    const percent = Math.floor((done / size) * 100);
    if (percent > reported) {
      reported = percent;
      const progress: CsvProgress = { topic: job.topic, run: job.run, done, of: size };
      reportProgress(progress);
      // Reports leave when the task yields; without this they would all leave at the end.
      await nextTurn();
    }
  }
  // A last record without its newline still counts.
  if (size > 0 && last !== NEWLINE) records++;
  return { rows: Math.max(0, records - 1), columns: size === 0 ? 0 : columns };
}
