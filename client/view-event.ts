/**
 * What one binding's push sends, and what the page shows until its reply (PROTOCOL.md 3.1-3.3):
 * the body of the `"event"` frame (a click's value, a form's encoded fields, a file input's
 * uploads), the loading classes and `phx-disable-with` while it is out, the page-loading events
 * a `JS.push` may ask for, and what runs once the reply's render is in.
 *
 * Worked example: a `phx-change` of `<input type="file" data-phx-auto-upload>` gives the body
 * `{ type: 'form', event, value, meta, uploads: { <ref>: [entry, ...] } }`, puts
 * `phx-change-loading` on the form and the input, and once answered starts the form's uploads.
 */
import { eventValue, formPayload } from './event-value.js';
import type { PushArgs } from './host.js';
import type { LiveSocket } from './live-socket.js';
import { startLoading } from './loading-state.js';
import { rememberSubmitter } from './trigger-action.js';
import { isUploadInput, serializeUploads, trackFiles } from './uploads/files.js';
import type { Uploads } from './uploads/uploads.js';

/** What an event push needs of its view. */
export interface EventView {
  readonly liveSocket: LiveSocket;
  readonly uploads: Uploads;
}

/** One event push under way: its frame body, where it goes, and what ends it. */
export interface StartedEvent {
  readonly body: Record<string, unknown>;
  /** A cid or a selector (`JS.push`'s `target`, else `phx-target`); null for the view. */
  readonly target: string | number | null;
  /** Undoes the loading state, then runs what waits for the reply; call it once answered. */
  readonly finish: () => void;
}

/**
 * Starts `el`'s push of `args` as `view`'s: the loading state goes on now, and the returned
 * `finish` takes it off.
 *
 * @internal
 */
export function startEvent(view: EventView, el: Element, args: PushArgs): StartedEvent {
  const form = args.form;
  const kind = form ? form.kind : args.type;
  const loadingEls = args.loading
    ? [...document.querySelectorAll(args.loading)]
    : form
      ? [form.form, ...(form.input ? [form.input] : [])]
      : [el];
  const disableWith =
    form?.kind === 'submit'
      ? form.form.querySelectorAll('[phx-disable-with]')
      : el.hasAttribute('phx-disable-with')
        ? [el]
        : [];
  const done = kind ? startLoading(loadingEls, kind, disableWith) : undefined;
  if (form?.kind === 'submit') rememberSubmitter(form.form, form.submitter ?? null);
  const body: Record<string, unknown> = form
    ? { type: 'form', event: args.event, ...formPayload(form, args.value) }
    : { type: args.type, event: args.event, value: eventValue(el, args.meta, args.value) };
  const fileInput = form?.kind === 'change' && isUploadInput(form.input) ? form.input : undefined;
  if (fileInput?.files?.length) trackFiles(fileInput, [...fileInput.files]);
  if (form?.kind === 'change') body.uploads = fileInput ? serializeUploads(fileInput) : {};
  const socket = view.liveSocket;
  if (args.pageLoading) socket.pageLoading(true, el);
  const finish = () => {
    done?.();
    if (args.pageLoading) socket.pageLoading(false, el);
    // Its reply's render is in: the refs the server knows are on the input now.
    if (fileInput?.hasAttribute('data-phx-auto-upload') && fileInput.form) {
      view.uploads.start(fileInput.form);
    }
    args.onReply?.();
  };
  const target = args.target ?? (form?.form ?? el).getAttribute('phx-target');
  return { body, target, finish };
}
