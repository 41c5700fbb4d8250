import { type ExitReason, LiveActorError } from '../../actors/index.js';
import type { LiveRedirectPayload, RedirectPayload } from '../port.js';

/**
 * Codes of {@link LiveViewTestError}: the view crashed while handling the operation
 * (`ERR_VIEW_CRASHED`; it is restarted), was given up past its restart intensity
 * (`ERR_VIEW_FAILED`), has stopped (`ERR_VIEW_CLOSED`), or its mount navigated away
 * (`ERR_MOUNT_REDIRECT`, with `navigation`); `liveChild(id)` found no such nested view
 * (`ERR_NO_CHILD`); an upload refused a file, its join or a chunk (`ERR_UPLOAD_REFUSED`, with
 * the server's reason in the message).
 *
 * The page-driven operations reject when the page does not let a user do what the test asks:
 * a selector matched no element (`ERR_NO_ELEMENT`) or more than one (`ERR_MANY_ELEMENTS`); the
 * element has no binding for the action, or its `phx-key` does not let the key through
 * (`ERR_NO_BINDING`); it is disabled (`ERR_ELEMENT_DISABLED`); a form value names no field of
 * the form, or one a user cannot set to it (`ERR_FORM_FIELD`). `followRedirect` rejects when
 * the view did not navigate (`ERR_NO_NAVIGATION`) or no live view serves the place it went
 * to (`ERR_NO_ROUTE`).
 *
 * @example
 * await expect(lv.event('boom')).rejects.toMatchObject({ code: 'ERR_VIEW_CRASHED' });
 */
export type LiveViewTestErrorCode =
  | 'ERR_VIEW_CRASHED'
  | 'ERR_VIEW_FAILED'
  | 'ERR_VIEW_CLOSED'
  | 'ERR_MOUNT_REDIRECT'
  | 'ERR_NO_CHILD'
  | 'ERR_NO_ELEMENT'
  | 'ERR_MANY_ELEMENTS'
  | 'ERR_NO_BINDING'
  | 'ERR_ELEMENT_DISABLED'
  | 'ERR_FORM_FIELD'
  | 'ERR_NO_NAVIGATION'
  | 'ERR_NO_ROUTE'
  | 'ERR_UPLOAD_REFUSED';

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
