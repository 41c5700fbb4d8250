/**
 * What the official-client tests do with a page: start a server over the official views, open
 * a joined page, and find the frames an action caused.
 */
import { afterEach, describe, expect } from 'vitest';
import type { LiveServerOptions } from '../../transport/index.js';
import { startLiveServer, type TestServer } from '../support/live-client.js';
import {
  closeAllOfficialPages,
  type OfficialPage,
  type OfficialPageOptions,
  openOfficialPage,
  type RecordedFrame,
} from '../support/official-browser.js';
import { OFFICIAL_ROUTES } from './official-views.js';

/**
 * The describe of every official-client test file, under one name, with the afterEach that
 * closes the pages a test left open.
 */
export function describeOfficialClient(tests: () => void): void {
  // Pages close here; their servers close after it (onTestFinished runs after afterEach).
  afterEach(() => closeAllOfficialPages());
  describe('the official LiveView 1.2 client against createLiveServer', { timeout: 15_000 }, tests);
}

/** Short client timers: rejoin 5 ms after `phx_error`, reload within 1-5 ms. */
export const FAST_CLIENT: OfficialPageOptions = {
  liveSocket: { rejoinAfterMs: () => 5, reloadJitterMin: 1, reloadJitterMax: 5 },
};

/** A live server over the official views. */
export function startServer(
  options: Partial<Omit<LiveServerOptions, 'secret' | 'routes'>> = {},
): Promise<TestServer> {
  return startLiveServer({ routes: OFFICIAL_ROUTES, ...options });
}

/** Opens `path` and waits until its main view joined. */
export async function openJoined(
  base: string,
  path: string,
  options: OfficialPageOptions = {},
): Promise<OfficialPage> {
  const page = await openOfficialPage(`${base}${path}`, options);
  await page.waitForJoin();
  return page;
}

/** The main view's topic, `lv:<container id>`. */
export function topicOf(page: OfficialPage): string {
  return `lv:${page.get('[data-phx-main]').id}`;
}

/** The reply to a frame the client sent. */
export function replyTo(
  page: OfficialPage,
  sent: RecordedFrame,
  since: number,
): Promise<RecordedFrame> {
  return page.waitForFrame(
    (frame) =>
      frame.direction === 'received' &&
      frame.event === 'phx_reply' &&
      frame.ref === sent.ref &&
      frame.topic === sent.topic,
    { since, description: `the reply to ${sent.text}` },
  );
}

/** The first frame the client sent with `event` at `since` or later. */
export function sentFrame(
  page: OfficialPage,
  event: string,
  since: number,
): Promise<RecordedFrame> {
  return page.waitForFrame((frame) => frame.direction === 'sent' && frame.event === event, {
    since,
    description: `a sent ${event} frame`,
  });
}

/** Frames other than heartbeats (a page left alone only exchanges heartbeats). */
export function traffic(page: OfficialPage, since: number): RecordedFrame[] {
  return page.frames
    .slice(since)
    .filter((frame) => frame.topic !== 'phoenix' && frame.event !== 'heartbeat');
}

/** The page logged nothing as an error or a warning and threw nothing. */
export function expectQuiet(page: OfficialPage): void {
  expect(page.consoleErrors).toEqual([]);
  expect(page.errors).toEqual([]);
}
