/**
 * @module
 * liveactor/views/testing: run a live view in-process in a test, as it runs in production.
 *
 * ```ts
 * const lv = await mountLive(Counter, { params: { start: '1' } });
 * expect(await lv.event('inc')).toEqual({ '0': '2' });
 * expect(lv.html()).toContain('<span>2</span>');
 * await lv.send({ type: 'reset' });
 * await lv.close();
 * ```
 */

// Mounting a view under test
export type { LiveViewTestErrorCode } from './errors.js';
export { LiveViewTestError } from './errors.js';
export type { FileInputTest, TestFile } from './file-input.js';
export type { LiveViewTest, MountLiveOptions } from './live-view-test.js';
export { mountLive } from './live-view-test.js';
