/**
 * One fuzz run against its own server: {@link start} joins a witness view and the view to fuzz,
 * {@link send} resolves and sends the steps, and {@link settle} waits until the server has
 * answered what it will.
 */
import { expect } from 'vitest';
import type { CrashEvent } from '../../actors/events.js';
import { isErrorReason } from '../../actors/exit-reason.js';
import {
  getPage,
  type JoinedView,
  joinPayload,
  LiveClient,
  type Page,
  type RawFrame,
  startLiveServer,
  type TestServer,
} from '../support/live-client.js';
import { counterView, journal } from './fixtures.js';
import type { Step, TopicPick } from './fuzz-step.js';

/** Small enough for a generated frame to cross it now and then (close 1009). */
const MAX_FRAME_BYTES = 4096;

/** Low enough for the longer sequences to meet `rate_limited` replies (and now and then 1008). */
const EVENT_RATE = { events: 40, per: 60_000 };

/** One restart per view: a second crash gives it up (phx_error), which the fuzz should reach. */
const RESTART = { intensity: 1, period: 60_000 };

export interface Run {
  readonly server: TestServer;
  /** The error of every process that died of one while the run went on (views, mostly). */
  readonly crashes: unknown[];
  readonly witness: JoinedView;
  readonly view: JoinedView;
  readonly pages: { readonly view: Page; readonly witness: Page };
}

/** A server with a witness view (at 11 after one `inc`) and a joined view to fuzz. */
export async function start(): Promise<Run> {
  const server = await startLiveServer({
    routes: [
      { path: '/counter', view: counterView(journal()) },
      { path: '/other', view: counterView(journal()) },
    ],
    maxFrameBytes: MAX_FRAME_BYTES,
    eventRate: EVENT_RATE,
    restart: RESTART,
  });
  // The fuzzed view crashes on purpose; listening keeps those expected crashes off the console.
  server.live.system.on('crash', ignoreCrash);
  const crashes: unknown[] = [];
  server.live.system.on('exit', ({ reason }) => {
    if (isErrorReason(reason)) crashes.push(reason.error);
  });
  const witnessPage = await getPage(server.url, '/counter?start=10');
  const witness = await (await LiveClient.connect(server.url)).join(witnessPage);
  expect(await witness.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '11' } } });
  const page = await getPage(server.url, '/counter');
  const view = await (await LiveClient.connect(server.url)).join(page);
  expect(view.reply.status).toBe('ok');
  return { server, crashes, witness, view, pages: { view: page, witness: witnessPage } };
}

function ignoreCrash(_event: CrashEvent): void {}

/**
 * What the fixture view throws on purpose (counterView: an event it has no clause for, a mount
 * with `crashMount=1`), and its supervisor giving up after such crashes; any other crash means
 * the transport let bad input through.
 */
export const DELIBERATE_CRASH =
  /^(no handleEvent clause for |mount crashed$|supervisor \S+ reached its restart intensity)/;

/**
 * What was sent: the refs of the well-formed frames that carried one, and the refs of raw texts
 * that happen to be frames too (a reply to them is no stray).
 */
export interface Sent {
  readonly refs: readonly string[];
  readonly rawRefs: ReadonlySet<unknown>;
}

/** Sends the steps, in one go (the server gets them pipelined). */
export function send(run: Run, sequence: readonly Step[]): Sent {
  const { client } = run.view;
  const refs: string[] = [];
  const rawRefs = new Set<unknown>();
  let latest = run.view.joinRef;
  const topicOf = (pick: TopicPick): string => {
    if (pick === 'view') return run.view.topic;
    if (pick === 'witness') return run.witness.topic;
    if (pick === 'phoenix') return 'phoenix';
    return pick.literal;
  };
  const sendStep = (step: Step, tag: string): void => {
    switch (step.kind) {
      case 'repeat':
        for (let k = 0; k < step.times; k += 1) sendStep(step.frame, `${tag}.${k}`);
        return;
      case 'text':
        rawRefs.add(refOf(step.text));
        client.sendRaw(step.text);
        return;
      case 'bytes':
        client.sendRaw(Buffer.from(step.bytes), { binary: step.binary });
        return;
      case 'oversized':
        client.send([
          null,
          null,
          topicOf(step.topic),
          'event',
          { pad: 'x'.repeat(MAX_FRAME_BYTES) },
        ]);
        return;
      case 'frame': {
        const ref = step.ref === null ? null : `${step.ref}#${tag}`;
        const pick = step.joinRef;
        const joinRef =
          pick === null
            ? null
            : pick === 'join'
              ? run.view.joinRef
              : pick === 'latest'
                ? latest
                : pick.literal;
        const payload =
          'json' in step.payload
            ? step.payload.json
            : fuzzedJoin(run.pages[step.payload.join], step.payload.overrides);
        if (ref !== null) refs.push(ref);
        if (step.event === 'phx_join' && ref !== null) latest = ref;
        client.send([joinRef, ref, topicOf(step.topic), step.event, payload]);
        return;
      }
    }
  };
  sequence.forEach((step, index) => {
    sendStep(step, String(index));
  });
  return { refs, rawRefs };
}

/** The second element of a JSON array, if `text` is one. */
function refOf(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed[1] : undefined;
  } catch {
    return undefined;
  }
}

/** What LiveClient.join sends for `page`, with `overrides` (their URLs put on the server). */
export function fuzzedJoin(
  page: Page,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const origin = new URL(page.url).origin;
  const absolute = (value: unknown) =>
    typeof value === 'string' ? value.replace('http://127.0.0.1', origin) : value;
  const params = overrides.params;
  return {
    ...joinPayload(page),
    ...overrides,
    // Keep the page's CSRF token, so the join gets past it to what is fuzzed.
    ...(isObject(params) ? { params: { _csrf_token: page.csrfToken, ...params } } : {}),
    ...('url' in overrides ? { url: absolute(overrides.url) } : {}),
    ...('redirect' in overrides ? { redirect: absolute(overrides.redirect) } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Outcome = { readonly closed: number } | { readonly settled: true };

/**
 * Waits, without timers, until the server has answered what it will: a heartbeat reply proves
 * every earlier frame was routed, `system.idle()` that the processes handled them, and the next
 * heartbeat's reply that what they wrote has arrived. Rounds repeat while frames keep coming
 * (work in promises between processes is invisible to `idle`), and stop once every ref is
 * answered or a round brought nothing new.
 */
export async function settle(run: Run, refs: readonly string[]): Promise<Outcome> {
  const { client } = run.view;
  const closed = client.closed.then(({ code }) => ({ closed: code }));
  const heartbeats = new Set<string>();
  const answered = () => refs.every((ref) => repliesTo(client, ref).length > 0);
  const news = () => client.received.filter((f) => !heartbeats.has(String(f[1]))).length;
  let seen = -1;
  for (let round = 0; round < 20; round += 1) {
    const ref = client.nextRef();
    heartbeats.add(ref);
    client.send([null, ref, 'phoenix', 'heartbeat', {}]);
    const beat = await Promise.race([client.replyTo(ref).catch(() => closed), closed]);
    if ('closed' in beat) return beat;
    const count = news();
    if (answered() || count === seen) return { settled: true };
    seen = count;
    await run.server.live.system.idle();
  }
  return { settled: true };
}

export function repliesTo(client: LiveClient, ref: string): RawFrame[] {
  return client.received.filter((f) => f[3] === 'phx_reply' && f[1] === ref);
}
