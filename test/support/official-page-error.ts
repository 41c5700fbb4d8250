/** The errors of the official-client harness (`openOfficialPage` and its pages). */
import { LiveActorError } from '../../actors/errors.js';

/** Codes of {@link OfficialPageError}. */
export type OfficialPageErrorCode =
  | 'ERR_PAGE_FETCH'
  | 'ERR_PAGE_ELEMENT'
  | 'ERR_PAGE_TIMEOUT'
  | 'ERR_PAGE_CLOSED'
  | 'ERR_PAGE_NO_NAVIGATION';

/**
 * Errors raised by the harness, each with a stable `code`.
 *
 * @example
 * await expect(page.waitFor('<p>never</p>')).rejects.toMatchObject({ code: 'ERR_PAGE_TIMEOUT' });
 */
export class OfficialPageError extends LiveActorError {
  declare readonly code: OfficialPageErrorCode;

  constructor(code: OfficialPageErrorCode, message: string) {
    super(code, message);
  }
}
