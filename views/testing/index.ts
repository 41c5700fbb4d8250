/**
 * @module
 * liveactor/views/testing: run a live view in-process in a test, as it runs in production, and
 * drive it through its page as a user would.
 *
 * ```ts
 * const lv = await mountLive(Counter, { params: { start: '1' } });
 * await lv.element('button', 'Add one').click();
 * expect(await lv.hasElement('#count', '2')).toBe(true);
 * await lv.form('#rename', { name: 'Ann' }).submit();
 * await lv.close();
 * ```
 */

// Driving it through its page: elements, forms, text filters
export type { LiveElement } from './element.js';
// Mounting a view under test
export type { LiveViewTestErrorCode } from './errors.js';
export { LiveViewTestError } from './errors.js';
export type { FileInputTest, TestFile } from './file-input.js';
export type { FormValue, FormValues } from './form-data.js';
export type { LiveForm, SubmitOptions } from './live-form.js';
export type { LiveViewTest, MountLiveOptions } from './live-view-test.js';
export { mountLive } from './live-view-test.js';
export type { TextFilter } from './page-query.js';
