import { type ExitReason, LiveActorError } from '../../actors/index.js';
import type { LiveRedirectPayload, RedirectPayload } from '../port.js';

/**
 * Codes of {@link LiveViewTestError}: the view crashed while handling the operation
 * (`ERR_VIEW_CRASHED`; it is restarted), was given up past its restart intensity
 * (`ERR_VIEW_FAILED`), has stopped (`ERR_VIEW_CLOSED`), or its mount navigated away
 * (`ERR_MOUNT_REDIRECT`, with `navigation`); `liveChild(id)` found no such nested view
 * (`ERR_NO_CHILD`).
 *
 * @example
 * await expect(lv.event('boom')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
 */
export type LiveViewTestErrorCode =
  | 'ERR_VIEW_CRASHED'
  | 'ERR_VIEW_FAILED'
  | 'ERR_VIEW_CLOSED'
  | 'ERR_MOUNT_REDIRECT'
  | 'ERR_NO_CHILD';

/**
 * An operation of a {@link LiveViewTest} that could not complete.
 *
 * @example
 * try { await mountLive(Guarded); } catch (e) { if (e instanceof LiveViewTestError) e.navigation?.to; }
 */
export class LiveViewTestError extends LiveActorError {
  declare readonly code: LiveViewTestErrorCode;
  readonly navigation: RedirectPayload | LiveRedirectPayload | undefined;

  constructor(
    code: LiveViewTestErrorCode,
    message: string,
    navigation?: RedirectPayload | LiveRedirectPayload,
    cause?: ExitReason,
  ) {
    super(code, message, cause === undefined ? undefined : { cause });
    this.navigation = navigation;
  }
}
