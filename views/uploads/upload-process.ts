/**
 * The process of one upload entry (LiveView's `UploadChannel`): it registers with its view,
 * takes the entry's binary chunks one at a time, writes each through the entry's writer before
 * acknowledging it, and hands the writer's meta over when the view consumes the entry.
 *
 * Limits hold whatever the client says: a chunk larger than the upload's chunk size, or one
 * that would take the entry past its declared size (itself checked against `maxFileSize` at
 * preflight), ends the upload with an error reply; so does silence longer than the chunk
 * timeout. The entry is complete when exactly the declared bytes arrived.
 *
 *   joining --registered, writer open--> receiving --last byte--> done --consumed--> (end)
 *      |                                    |  \--write failed--> failed (kept for the view)
 *      '--refused-----------------------> (end)   '--too large / timeout / cancel--> (end)
 *
 * It ends with 'normal' (the port then closes the topic) or, when its view crashed, with
 * 'view_crashed' (the topic errors). Whatever the end, `terminate` closes the writer if it is
 * still open and disposes of it: no temporary file outlives its entry.
 */
import {
  type AnyBehaviour,
  type Behaviour,
  type Context,
  type DownMessage,
  type ExitMessage,
  isNormalish,
  type TimerRef,
} from '../../actors/index.js';
import type {
  UploadProcessCall,
  UploadProcessMessage,
  UploadRegistration,
  UploadStart,
  ViewUploadMessage,
} from './upload-messages.js';
import type { UploadWriter } from './upload-writer.js';

/** How long the registration call may wait for a busy view (a client's join waits 10 s). */
const REGISTER_TIMEOUT_MS = 10_000;

interface UploadState {
  readonly start: UploadStart;
  phase: 'joining' | 'receiving' | 'done' | 'failed' | 'ended';
  size: number;
  chunkSize: number;
  chunkTimeout: number;
  writer: UploadWriter | undefined;
  writerOpen: boolean;
  received: number;
  timer: TimerRef | undefined;
  /** Bumped by every (re)arm, so a timeout armed before is ignored. */
  timerGen: number;
}

type Timeout = { readonly type: 'lvu:timeout'; readonly gen: number };
type Info = UploadProcessMessage | Timeout | ExitMessage | DownMessage;

const behaviour: Behaviour<UploadState, UploadStart, UploadProcessCall, unknown, never, Info> = {
  async init(start, ctx) {
    ctx.trapExit(true);
    const state: UploadState = {
      start,
      phase: 'joining',
      size: 0,
      chunkSize: 0,
      chunkTimeout: 0,
      writer: undefined,
      writerOpen: false,
      received: 0,
      timer: undefined,
      timerGen: 0,
    };
    ctx.system.monitor(ctx.self, start.view);
    const registration = await register(start, ctx);
    if (!registration.ok) return refuse(state, registration.reason, ctx);
    Object.assign(state, registration, { phase: 'receiving' });
    try {
      await registration.writer.open?.();
      state.writerOpen = true;
    } catch (error) {
      ctx.system.logger.warn({ err: error, entry: start.entryRef }, 'upload writer failed to open');
      return refuse(state, 'writer_error', ctx);
    }
    start.link.joined();
    if (state.size === 0) await complete(state, ctx);
    else arm(state, ctx);
    return state;
  },

  async handleInfo(msg, state, ctx) {
    switch (msg.type) {
      case 'lvu:chunk':
        await chunk(msg, state, ctx);
        return state;
      case 'lvu:timeout':
        if (msg.gen === state.timerGen && state.phase === 'receiving') end(state, 'normal', ctx);
        return state;
      case 'lvu:cancel':
        end(state, 'normal', ctx);
        return state;
      case 'EXIT':
        if (msg.from === state.start.owner) end(state, 'shutdown', ctx);
        return state;
      case 'DOWN':
        if (msg.pid === state.start.view) {
          end(state, isNormalish(msg.reason) ? 'normal' : 'view_crashed', ctx);
        }
        return state;
      default:
        return state;
    }
  },

  handleCall(msg, _from, state, ctx) {
    if (msg.type === 'lvu:consume_start') {
      const reply =
        state.phase === 'done' ? { ok: true, meta: state.writer!.meta() } : { ok: false };
      return { reply, state };
    }
    end(state, 'normal', ctx);
    return { reply: true, state };
  },

  async terminate(_reason, state, ctx) {
    const writer = state.writer;
    if (writer === undefined) return;
    try {
      if (state.writerOpen) {
        state.writerOpen = false;
        await writer.close('cancel');
      }
      await writer.dispose?.();
    } catch (error) {
      ctx.system.logger.warn(
        { err: error, entry: state.start.entryRef },
        'upload writer cleanup failed',
      );
    }
  },
};

/**
 * The behaviour of an upload entry's process; its argument is an {@link UploadStart}. Spawn it
 * linked to `start.owner`.
 *
 * @example
 * const pid = system.spawn(uploadBehaviour, start, { link: start.owner });
 */
export const uploadBehaviour = behaviour as unknown as AnyBehaviour<unknown, UploadStart>;

async function register(start: UploadStart, ctx: Context): Promise<UploadRegistration> {
  const msg: ViewUploadMessage = {
    type: 'lv:upload_register',
    cid: start.cid,
    configRef: start.configRef,
    entryRef: start.entryRef,
    from: ctx.self,
  };
  try {
    return await ctx.system.call<UploadRegistration>(start.view, msg, {
      timeout: REGISTER_TIMEOUT_MS,
    });
  } catch {
    // The view is gone, or too busy to answer in time: this token opens nothing now.
    return { ok: false, reason: 'disallowed' };
  }
}

function refuse(state: UploadState, reason: string, ctx: Context): UploadState {
  state.start.link.refused(reason);
  end(state, 'normal', ctx);
  return state;
}

async function chunk(
  msg: Extract<UploadProcessMessage, { type: 'lvu:chunk' }>,
  state: UploadState,
  ctx: Context,
): Promise<void> {
  const { link } = state.start;
  const bytes = msg.data.byteLength;
  try {
    if (state.phase !== 'receiving') {
      const reason = state.phase === 'failed' ? 'writer_error' : 'file_size_limit_exceeded';
      link.reply(msg.ref, 'error', { reason, limit: state.size });
      return;
    }
    if (bytes > state.chunkSize) {
      link.reply(msg.ref, 'error', { reason: 'chunk_too_large', limit: state.chunkSize });
      end(state, 'normal', ctx);
      return;
    }
    if (state.received + bytes > state.size) {
      link.reply(msg.ref, 'error', { reason: 'file_size_limit_exceeded', limit: state.size });
      end(state, 'normal', ctx);
      return;
    }
    arm(state, ctx);
    try {
      await state.writer!.write(msg.data);
    } catch (error) {
      await fail(state, error, ctx);
      link.reply(msg.ref, 'error', { reason: 'writer_error' });
      return;
    }
    state.received += bytes;
    if (state.received === state.size) await complete(state, ctx);
    link.reply(msg.ref, 'ok', {});
  } finally {
    link.released(bytes);
  }
}

/** Every declared byte is in: close the writer and tell the view, before the last ack. */
async function complete(state: UploadState, ctx: Context): Promise<void> {
  disarm(state, ctx);
  try {
    state.writerOpen = false;
    await state.writer!.close('done');
  } catch (error) {
    await fail(state, error, ctx);
    return;
  }
  state.phase = 'done';
  tell(state, 'lv:upload_complete', ctx);
}

/** A write or close failed: the entry stays, failed, until its view cancels it or goes. */
async function fail(state: UploadState, error: unknown, ctx: Context): Promise<void> {
  ctx.system.logger.warn({ err: error, entry: state.start.entryRef }, 'upload writer failed');
  disarm(state, ctx);
  state.phase = 'failed';
  if (state.writerOpen) {
    state.writerOpen = false;
    try {
      await state.writer!.close({ error });
    } catch {}
  }
  tell(state, 'lv:upload_failed', ctx);
}

function tell(
  state: UploadState,
  type: 'lv:upload_complete' | 'lv:upload_failed',
  ctx: Context,
): void {
  const { view, cid, configRef, entryRef } = state.start;
  const msg: ViewUploadMessage = { type, cid, configRef, entryRef, from: ctx.self };
  ctx.system.send(view, msg);
}

function arm(state: UploadState, ctx: Context): void {
  disarm(state, ctx);
  const timeout: Timeout = { type: 'lvu:timeout', gen: state.timerGen };
  state.timer = ctx.system.sendAfter(ctx.self, timeout, state.chunkTimeout);
}

function disarm(state: UploadState, ctx: Context): void {
  state.timerGen += 1;
  if (state.timer !== undefined) ctx.system.cancelTimer(state.timer);
  state.timer = undefined;
}

function end(
  state: UploadState,
  reason: 'normal' | 'shutdown' | 'view_crashed',
  ctx: Context,
): void {
  if (state.phase === 'ended') return;
  disarm(state, ctx);
  state.phase = 'ended';
  ctx.stop(reason);
}
