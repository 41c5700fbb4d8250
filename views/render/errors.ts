import { LiveActorError } from '../../actors/index.js';

/**
 * Stable codes of {@link TemplateError}, one per mistake a template author can fix:
 *
 * - `ERR_TEMPLATE_SLOT_POSITION`: a `${}` sits where no value can go (inside a tag or attribute
 *   name, or in the middle of an unquoted attribute value).
 * - `ERR_TEMPLATE_SLOT_VALUE`: a value of a kind that position cannot hold (a template inside an
 *   attribute, a plain object as text, an array mixing templates with other values).
 * - `ERR_COMPONENT_ROOT`: a live component's template does not render exactly one element.
 * - `ERR_DUPLICATE_KEY`: two entries of one comprehension share a key.
 * - `ERR_DUPLICATE_COMPONENT`: one live component id rendered twice in the same render.
 * - `ERR_NO_COMPONENT`: an event or update names a cid that does not exist (anymore).
 * - `ERR_DUPLICATE_VIEW`: one nested live view id (`liveRender`) rendered twice in one render.
 *
 * @example
 * if (error instanceof TemplateError && error.code === 'ERR_NO_COMPONENT') ignoreStaleEvent();
 */
export type TemplateErrorCode =
  | 'ERR_TEMPLATE_SLOT_POSITION'
  | 'ERR_TEMPLATE_SLOT_VALUE'
  | 'ERR_COMPONENT_ROOT'
  | 'ERR_DUPLICATE_KEY'
  | 'ERR_DUPLICATE_COMPONENT'
  | 'ERR_NO_COMPONENT'
  | 'ERR_DUPLICATE_VIEW';

/**
 * A template, a slot value or a component is not usable as written. Thrown synchronously
 * while rendering; inside a view process it becomes the process's exit reason.
 *
 * @example
 * try { renderToString(html`<div ${'id'}="x"></div>`); }
 * catch (e) { if (e instanceof TemplateError) e.code; } // 'ERR_TEMPLATE_SLOT_VALUE'
 */
export class TemplateError extends LiveActorError {
  declare readonly code: TemplateErrorCode;

  constructor(code: TemplateErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
