/**
 * Uploads: photos, picked or dropped, previewed by the browser while they stream to the server
 * in chunks, each with its progress. The limits (three photos, 2 MB each, images only) show as
 * errors before a byte is sent, and hold on the server whatever a client claims. On Upload the
 * server reads each file to check it is the image it says it is, lists what it received, and
 * keeps nothing. A CSV file uploads as soon as it is picked; its rows are then counted on a
 * worker thread of the task pool, with a second bar.
 */
import { copyFile, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import {
  AsyncCancelledError,
  defineLiveView,
  html,
  type LiveViewSocket,
  liveFileInput,
  liveImgPreview,
  type UploadConfig,
  type UploadEntry,
  type UploadErrorReason,
  type Uploads,
  uploadErrors,
} from '../views/index.js';
import type { CsvCount, CsvJob, CsvProgress } from './csv-rows-task.js';
import type { Example } from './example.js';
import { startProgressRelay } from './task-progress.js';

const CSV_TASK = { filename: new URL('./csv-rows-task.ts', import.meta.url), name: 'countRows' };
const MB = 1_000_000;

/** What the server made of one photo. */
type Received =
  | { readonly ok: true; readonly name: string; readonly size: number; readonly what: string }
  | { readonly ok: false; readonly name: string };

type Counting = {
  readonly status: 'idle' | 'counting' | 'done' | 'failed';
  readonly run: number;
  readonly name: string;
  readonly done: number;
  readonly of: number;
  readonly text: string;
  /** The file being counted, moved out of the upload's reach; deleted when counted. */
  readonly file: string | undefined;
};

type Assigns = {
  uploads: Uploads<'photos' | 'csv'>;
  received: readonly Received[];
  counting: Counting;
};

type Socket = LiveViewSocket<Assigns, CsvProgress>;

const IDLE: Counting = {
  status: 'idle',
  run: 0,
  name: '',
  done: 0,
  of: 1,
  text: 'Pick a CSV file: it uploads, then its rows are counted.',
  file: undefined,
};

const MESSAGES: Partial<Record<UploadErrorReason, string>> = {
  not_accepted: 'Not a file of a kind this form takes.',
  too_many_files: 'Three photos at most: remove one to upload.',
  writer_failure: 'The server could not store it; remove it and try again.',
  external_client_failure: 'The upload broke off; remove it and try again.',
};

const explain = (reason: UploadErrorReason, upload: UploadConfig) =>
  reason === 'too_large'
    ? `Larger than ${upload.maxFileSize / MB} MB: not sent.`
    : (MESSAGES[reason] ?? `Refused: ${reason}.`);

const kB = (bytes: number) => `${Math.max(1, Math.round(bytes / 1000)).toLocaleString('en')} kB`;

/** Reads a received photo: what it really is, or that it is no image at all. */
async function inspect(path: string, entry: UploadEntry): Promise<Received> {
  try {
    const { width, height, type } = imageSize(await readFile(path));
    const what = `${width} × ${height} ${String(type).toUpperCase()}`;
    return { ok: true, name: entry.clientName, size: entry.clientSize, what };
  } catch {
    return { ok: false, name: entry.clientName };
  }
}

/** The CSV is in: it leaves the upload's reach (a consumed upload's file is deleted), then is counted. */
async function countWhenDone(_name: string, entry: UploadEntry, socket: Socket): Promise<void> {
  if (!entry.done) return;
  const [file] = await socket.consumeUploadedEntries('csv', async ({ path }) => {
    const work = join(tmpdir(), `liveactor-example-csv-${entry.uuid}.csv`);
    await rename(path, work).catch(() => copyFile(path, work));
    return work;
  });
  if (file === undefined) return;
  const run = socket.assigns.counting.run + 1;
  const job: CsvJob = { path: file, topic: `uploads:${socket.id}`, run };
  socket.assign({
    counting: { ...IDLE, status: 'counting', run, name: entry.clientName, file, text: 'Counting…' },
  });
  socket.startAsync('rows', { task: CSV_TASK, payload: job });
}

function forgetFile(counting: Counting): void {
  if (counting.file !== undefined) void rm(counting.file, { force: true });
}

const UploadsView = defineLiveView<
  Assigns,
  { validate: unknown; save: unknown; cancel: { upload?: string; ref?: string } },
  CsvProgress
>({
  mount(_params, _session, socket) {
    socket.pageTitle = 'Uploads';
    if (socket.connected) socket.subscribe(`uploads:${socket.id}`);
    socket.assign({ received: [], counting: IDLE });
    socket.allowUpload('photos', {
      accept: ['.jpg', '.jpeg', '.png', '.gif', '.webp'],
      maxEntries: 3,
      maxFileSize: 2 * MB,
    });
    socket.allowUpload('csv', {
      accept: ['.csv'],
      maxFileSize: 50 * MB,
      autoUpload: true,
      progress: countWhenDone,
    });
  },
  async handleEvent(event, value, socket) {
    if (event === 'save') {
      const received = await socket.consumeUploadedEntries('photos', ({ path }, entry) =>
        inspect(path, entry),
      );
      socket.update('received', (list) => [...received, ...list].slice(0, 12));
    } else if (event === 'cancel') {
      const { upload, ref } = value as { upload?: string; ref?: string };
      if ((upload === 'photos' || upload === 'csv') && typeof ref === 'string') {
        socket.cancelUpload(upload, ref);
      }
    }
  },
  handleInfo(progress, socket) {
    const { counting } = socket.assigns;
    // A report of an earlier run may still be on its way: only the current one moves the bar.
    if (progress.run === counting.run && counting.status === 'counting') {
      socket.assign({ counting: { ...counting, done: progress.done, of: progress.of } });
    }
  },
  handleAsync(_name, result, socket) {
    const { counting } = socket.assigns;
    forgetFile(counting);
    const base = { ...counting, file: undefined };
    if (result.ok) {
      const { rows, columns } = result.value as CsvCount;
      const text = `${counting.name}: ${rows.toLocaleString('en')} rows of ${columns} columns.`;
      socket.assign({ counting: { ...base, status: 'done', done: counting.of, text } });
    } else {
      const why = result.error instanceof AsyncCancelledError ? 'cancelled' : String(result.error);
      socket.assign({ counting: { ...base, status: 'failed', text: `Not counted: ${why}.` } });
    }
  },
  terminate(_reason, socket) {
    forgetFile(socket.assigns.counting);
  },
  render: (a) => html`<h1>Uploads</h1>
<p class="lead">Files stream to the server in chunks while the page shows each one's progress.
The limits below are checked in the browser and again on the server, whatever the browser says.</p>
<div class="grid-2">
${photosCard(a.uploads.photos, a.received)}
${csvCard(a.uploads.csv, a.counting)}
</div>`,
});

function photosCard(photos: UploadConfig, received: readonly Received[]) {
  const refused = uploadErrors(photos);
  const ready = photos.entries.length > 0 && photos.errors.length === 0;
  return html`<section class="card" aria-labelledby="photos-title">
<h2 id="photos-title">Photos</h2>
<form id="photos-form" class="upload-form" phx-change="validate" phx-submit="save">
<div class="dropzone" phx-drop-target=${photos.ref}>
<label for=${photos.ref}>Choose up to 3 photos</label>
${liveFileInput(photos, { 'aria-describedby': 'photos-limits' })}
<p class="muted" id="photos-limits">JPEG, PNG, GIF or WebP, 2 MB at most each. You can drop them here too.</p>
</div>
${refused.map((r) => html`<p class="field-error" role="alert">${explain(r, photos)}</p>`)}
${entryList(photos, 'Picked photos')}
<button id="save" class="button-primary" disabled=${!ready}>Upload photos</button>
</form>
<h3 id="received-title">Received</h3>
<p class="muted">The server reads each photo to check it is the image it says it is, then keeps none.</p>
<ul id="received" class="received" aria-labelledby="received-title" aria-live="polite">${received.map(
    (r) =>
      r.ok
        ? html`<li><span class="received-name">${r.name}</span><span class="muted">${r.what}, ${kB(r.size)}</span></li>`
        : html`<li><span class="received-name">${r.name}</span><span class="field-error">Not an image after all.</span></li>`,
  )}</ul>
</section>`;
}

function csvCard(csv: UploadConfig, counting: Counting) {
  const percent = `${Math.floor((counting.done / counting.of) * 100)}%`;
  return html`<section class="card" aria-labelledby="csv-title">
<h2 id="csv-title">CSV rows</h2>
<form id="csv-form" class="upload-form" phx-change="validate">
<div class="dropzone" phx-drop-target=${csv.ref}>
<label for=${csv.ref}>Choose a CSV file</label>
${liveFileInput(csv, { 'aria-describedby': 'csv-limits' })}
<p class="muted" id="csv-limits">Up to 50 MB. It uploads at once; its rows are then counted on a worker thread.</p>
</div>
${entryList(csv, 'Picked CSV file')}
</form>
<div class="progress-head"><label for="csv-count">Rows counted</label><span class="percent" id="csv-percent">${percent}</span></div>
<progress id="csv-count" max=${counting.of} value=${counting.done}>${percent}</progress>
<p id="csv-status" role="status">${counting.text}</p>
</section>`;
}

/** The entries of an upload: preview (for images), name, progress, errors, a remove button. */
function entryList(upload: UploadConfig, label: string) {
  return html`<ul class="upload-list" aria-label=${label}>${upload.entries.map(
    (e) => html`<li class="upload-item" id=${`upload-${e.ref}`}>
${e.clientType.startsWith('image/') ? liveImgPreview(e, { class: 'upload-preview', alt: '' }) : ''}
<div class="upload-body">
<div class="progress-head"><span class="upload-name">${e.clientName}</span><span class="percent">${e.progress}%</span></div>
<progress max="100" value=${e.progress} aria-label=${`Upload of ${e.clientName}`}>${e.progress}%</progress>
${uploadErrors(upload, e).map((r) => html`<p class="field-error">${explain(r, upload)}</p>`)}
</div>
<button type="button" class="upload-remove" phx-click="cancel" phx-value-upload=${upload.name} phx-value-ref=${e.ref} aria-label=${`Remove ${e.clientName}`}>Remove</button>
</li>`,
  )}</ul>`;
}

export const uploads: Example = {
  path: '/uploads',
  title: 'Uploads',
  source: 'uploads.ts',
  tryThis:
    'Pick or drop up to three photos (try four, or one over 2 MB), upload them; then pick a large CSV file.',
  shows:
    'Chunked uploads with previews and progress, limits enforced on the server, and a CSV counted on the worker pool.',
  routes: [{ path: '/uploads', view: UploadsView }],
  start: startProgressRelay,
};
