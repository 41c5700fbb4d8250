/**
 * A property test of the bad-input standard: whatever one socket sends after a successful join,
 * the server stays up, another view keeps its state, nothing escapes as an uncaught exception,
 * and the socket either closes with a documented code or answers every ref exactly once.
 *
 * Frames are generated symbolically (`'view'` for the joined topic, `'join'` for its join ref,
 * a `{ join: 'view' }` payload for a valid rejoin) and resolved against the live server of each
 * run, so a failing sequence prints readably and shrinks without depending on generated ids.
 * Each run gets its own server: a broken server must not make the shrunk runs fail for it.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CrashEvent } from '../../actors/events.js';
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

/** The close codes the transport documents for bad input (connection.ts, server options). */
const DOCUMENTED_CLOSE_CODES = [1003, 1007, 1008, 1009, 1011];

/** Small enough for a generated frame to cross it now and then (close 1009). */
const MAX_FRAME_BYTES = 4096;

/** Low enough for the longer sequences to meet `rate_limited` replies (and now and then 1008). */
const EVENT_RATE = { events: 40, per: 60_000 };

/** One restart per view: a second crash gives it up (phx_error), which the fuzz should reach. */
const RESTART = { intensity: 1, period: 60_000 };

type TopicPick = 'view' | 'witness' | 'phoenix' | { readonly literal: string };
/** `'join'`: the first join's ref; `'latest'`: the ref of the last `phx_join` sent so far. */
type JoinRefPick = 'join' | 'latest' | { readonly literal: string } | null;
type PayloadPick =
  | { readonly json: Record<string, unknown> }
  /** A join payload with the page's real tokens, some fields overridden. */
  | { readonly join: 'view' | 'witness'; readonly overrides: Record<string, unknown> };

interface FrameStep {
  readonly kind: 'frame';
  readonly joinRef: JoinRefPick;
  /** Made unique at send time (a `#index` suffix), so replies can be counted by ref. */
  readonly ref: string | null;
  readonly topic: TopicPick;
  readonly event: string;
  readonly payload: PayloadPick;
}

type Step =
  | FrameStep
  /** The same frame a few times in a row (a burst of crashes takes a view past its intensity). */
  | { readonly kind: 'repeat'; readonly times: number; readonly frame: FrameStep }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: readonly number[]; readonly binary: boolean }
  | { readonly kind: 'oversized'; readonly topic: TopicPick };

// ---------------------------------------------------------------------------------------------
// Generators

const anyString = fc.string({ unit: 'grapheme', maxLength: 12 });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddString = fc.oneof(
  anyString,
  fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\n', '"', '\\'), loneSurrogate) }),
);

/** An object that may carry own `__proto__` / `constructor` keys, as JSON.parse builds them. */
function objectOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', '_target', 'value', 'key', 'to'),
    anyString,
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 4 })
    .map(
      (entries) =>
        JSON.parse(
          `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
        ) as Record<string, unknown>,
    );
}

const json = fc.jsonValue({ maxDepth: 3 });
const jsonObject = objectOf(json);

/** Form values: urlencoded strings rich in the characters the decoder cares about. */
const urlencoded = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '&',
        '=',
        '[',
        ']',
        '[]',
        '%',
        '%2',
        '%ZZ',
        '%5B',
        '%5D',
        '%E2%82',
        '%FF',
        '%00',
        '+',
        '__proto__',
        'constructor',
        '_target',
        'user',
        'a',
        '[a]',
        '[__proto__]',
      ),
      anyString,
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const cid = fc.oneof(
  fc.nat(5),
  fc.integer(),
  fc.double(),
  fc.constantFrom('0', '1', '007', '-1', '1e3', ' 1', '9999999999999999999', null, true, {}, []),
  anyString,
);

const url = fc.oneof(
  fc.constantFrom(
    '/counter',
    '/counter?start=5',
    '/counter?start=abc&x[]=1',
    '/counter?crashMount=1',
    '/other',
    '/nowhere',
    '//evil.example/counter',
    'http://evil.example/counter',
    'javascript:alert(1)',
    '::::',
    '',
    '?start=2',
    '#frag',
    '/counter/%E2%82',
  ),
  fc.webUrl(),
  oddString,
);

/** The view's own events, the reserved `lv:` ones and anything else. */
const eventName = fc.oneof(
  {
    // Repeats weigh the picks: the events that end the view (navigate, leave) stay rare.
    arbitrary: fc.constantFrom(
      'inc',
      'inc',
      'inc',
      'reply',
      'crash',
      'crash',
      'patch',
      'lv:clear-flash',
      'navigate',
      'leave',
    ),
    weight: 6,
  },
  { arbitrary: fc.constantFrom('lv:', 'lv:sync', 'lv:event', 'lv:mount', 'phx_join'), weight: 1 },
  { arbitrary: anyString, weight: 2 },
);

/** Mostly absent (JSON drops `undefined`): a cid sends the event to a component. */
const maybeCid = fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, cid);

const eventPayload = fc.oneof(
  // A click-like event with a value fit for the view's handlers (or not).
  {
    arbitrary: fc.record({
      type: fc.oneof(fc.constantFrom('click', 'keyup', 'blur', 'hook', 'submit'), json),
      event: fc.oneof({ arbitrary: eventName, weight: 5 }, json),
      value: fc.oneof(
        json,
        fc.record({ to: fc.oneof(url, json) }),
        fc.record({ key: fc.oneof(anyString, json) }),
      ),
      cid: maybeCid,
    }),
    weight: 4,
  },
  // A form event: an urlencoded value with meta merged over it.
  {
    arbitrary: fc.record(
      {
        type: fc.constant('form'),
        event: eventName,
        value: fc.oneof({ arbitrary: urlencoded, weight: 5 }, json),
        meta: fc.oneof(objectOf(fc.oneof(json, urlencoded)), json),
        cid: maybeCid,
      },
      { requiredKeys: ['type', 'event', 'cid'] },
    ),
    weight: 2,
  },
  { arbitrary: jsonObject, weight: 1 },
);

const cids = fc.oneof(
  fc.record({ cids: fc.oneof(fc.array(cid, { maxLength: 5 }), fc.array(fc.nat(4)), json) }),
  jsonObject,
);

/** An event name and a payload made for it, with how often to pick them. */
function eventWith(
  event: fc.Arbitrary<string>,
  payload: fc.Arbitrary<Record<string, unknown>>,
  weight: number,
) {
  return { arbitrary: fc.record({ event, payload }), weight };
}

const eventAndPayload: fc.Arbitrary<{ event: string; payload: PayloadPick }> = fc
  .oneof(
    eventWith(fc.constant('event'), eventPayload, 16),
    eventWith(
      fc.constant('live_patch'),
      fc.oneof(fc.record({ url: fc.oneof(url, json) }), jsonObject),
      3,
    ),
    eventWith(fc.constantFrom('cids_will_destroy', 'cids_destroyed'), cids, 3),
    eventWith(fc.constant('phx_leave'), jsonObject, 1),
    eventWith(fc.constant('phx_join'), jsonObject, 1),
    eventWith(
      fc.constantFrom(
        'heartbeat',
        'phx_reply',
        'phx_close',
        'phx_error',
        'allow_upload',
        'progress',
      ),
      jsonObject,
      1,
    ),
    eventWith(
      anyString.filter((s) => s !== ''),
      jsonObject,
      1,
    ),
  )
  .map(({ event, payload }) => ({ event, payload: { json: payload } }));

const topic: fc.Arbitrary<TopicPick> = fc.oneof(
  { arbitrary: fc.constant('view' as const), weight: 12 },
  fc.constant('witness' as const),
  fc.constant('phoenix' as const),
  fc
    .oneof(
      anyString.map((s) => `lv:${s}`),
      anyString,
    )
    .filter((s) => s !== '')
    .map((literal) => ({ literal })),
);

const joinRef: fc.Arbitrary<JoinRefPick> = fc.oneof(
  { arbitrary: fc.constant('join' as const), weight: 4 },
  { arbitrary: fc.constant(null), weight: 3 },
  fc.constant('latest' as const),
  anyString.map((literal) => ({ literal })),
);

const ref = fc.oneof({ arbitrary: anyString, weight: 9 }, fc.constant(null));

const otherFrame: fc.Arbitrary<FrameStep> = fc
  .record({ joinRef, ref, topic, what: eventAndPayload })
  .map(({ what, ...rest }) => ({ kind: 'frame' as const, ...rest, ...what }));

/**
 * A `phx_join` with real tokens, mostly on the page's own topic: a rejoin of the fuzzed view,
 * or a join of the witness's page on this socket; now and then with fields overridden.
 */
const onServer = url.map((u) => `http://127.0.0.1${u.startsWith('/') ? u : `/${u}`}`);

const validJoin: fc.Arbitrary<Step> = fc
  .record({
    joinRef,
    ref,
    page: fc.constantFrom('view' as const, 'witness' as const),
    topic: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, topic),
    overrides: fc.oneof(
      { arbitrary: fc.constant({}), weight: 2 },
      fc.record(
        {
          url: onServer,
          params: jsonObject,
          redirect: fc.oneof(onServer, url, json),
          flash: fc.oneof(anyString, json),
          session: fc.constantFrom('', 'x', null),
        },
        { requiredKeys: [] },
      ),
    ),
  })
  .map(({ page, topic, overrides, ...rest }) => ({
    kind: 'frame',
    ...rest,
    topic: topic ?? page,
    event: 'phx_join',
    payload: { join: page, overrides },
  }));

const repeated: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('repeat' as const),
  times: fc.integer({ min: 2, max: 6 }),
  frame: otherFrame,
});

const wellFormed = fc.oneof(
  { arbitrary: otherFrame, weight: 15 },
  { arbitrary: repeated, weight: 2 },
  { arbitrary: validJoin, weight: 1 },
);

/** Text that is not a v2 frame: bad JSON, other JSON values, arrays of the wrong shape. */
const garbage: fc.Arbitrary<Step> = fc.oneof(
  oddString.map((text) => ({ kind: 'text' as const, text })),
  fc.json({ maxDepth: 2 }).map((text) => ({ kind: 'text' as const, text })),
  fc
    .tuple(json, json, json, json, json)
    .map((tuple) => ({ kind: 'text' as const, text: JSON.stringify(tuple) })),
  fc
    .constantFrom('[null,"1","phoenix","heartbeat",{}', '[]', '{}', 'null', '[null,null,"","",{}]')
    .map((text) => ({ kind: 'text' as const, text })),
  fc.record({
    kind: fc.constant('bytes' as const),
    bytes: fc.oneof(fc.constant([0xc3, 0x28]), fc.array(fc.nat(255), { maxLength: 8 })),
    binary: fc.boolean(),
  }),
  topic.map((t) => ({ kind: 'oversized' as const, topic: t })),
);

const steps = fc.array(fc.oneof({ arbitrary: wellFormed, weight: 50 }, garbage), {
  minLength: 1,
  maxLength: 30,
  size: 'medium',
});

// ---------------------------------------------------------------------------------------------
// Running a sequence

interface Run {
  readonly server: TestServer;
  readonly witness: JoinedView;
  readonly view: JoinedView;
  readonly pages: { readonly view: Page; readonly witness: Page };
}

/** A server with a witness view (at 11 after one `inc`) and a joined view to fuzz. */
async function start(): Promise<Run> {
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
  const witnessPage = await getPage(server.url, '/counter?start=10');
  const witness = await (await LiveClient.connect(server.url)).join(witnessPage);
  expect(await witness.push('inc')).toEqual({ status: 'ok', response: { diff: { '0': '11' } } });
  const page = await getPage(server.url, '/counter');
  const view = await (await LiveClient.connect(server.url)).join(page);
  expect(view.reply.status).toBe('ok');
  return { server, witness, view, pages: { view: page, witness: witnessPage } };
}

function ignoreCrash(_event: CrashEvent): void {}

/**
 * What was sent: the refs of the well-formed frames that carried one, and the refs of raw texts
 * that happen to be frames too (a reply to them is no stray).
 */
interface Sent {
  readonly refs: readonly string[];
  readonly rawRefs: ReadonlySet<unknown>;
}

/** Sends the steps, in one go (the server gets them pipelined). */
function send(run: Run, sequence: readonly Step[]): Sent {
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
function fuzzedJoin(page: Page, overrides: Record<string, unknown>): Record<string, unknown> {
  const origin = new URL(page.url).origin;
  const absolute = (value: unknown) =>
    typeof value === 'string' ? value.replace('http://127.0.0.1', origin) : value;
  return {
    ...joinPayload(page),
    ...overrides,
    ...('url' in overrides ? { url: absolute(overrides.url) } : {}),
    ...('redirect' in overrides ? { redirect: absolute(overrides.redirect) } : {}),
  };
}

type Outcome = { readonly closed: number } | { readonly settled: true };

/**
 * Waits, without timers, until the server has answered what it will: a heartbeat reply proves
 * every earlier frame was routed, `system.idle()` that the processes handled them, and the next
 * heartbeat's reply that what they wrote has arrived. Rounds repeat while frames keep coming
 * (work in promises between processes is invisible to `idle`), and stop once every ref is
 * answered or a round brought nothing new.
 */
async function settle(run: Run, refs: readonly string[]): Promise<Outcome> {
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

function repliesTo(client: LiveClient, ref: string): RawFrame[] {
  return client.received.filter((f) => f[3] === 'phx_reply' && f[1] === ref);
}

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

async function check(sequence: readonly Step[]): Promise<void> {
  uncaught.length = 0;
  const run = await start();
  try {
    const { refs, rawRefs } = send(run, sequence);
    const outcome = await settle(run, refs);
    const { client } = run.view;
    if ('closed' in outcome) {
      expect(DOCUMENTED_CLOSE_CODES).toContain(outcome.closed);
    } else {
      for (const ref of refs) {
        const replies = repliesTo(client, ref);
        expect(replies, `replies to ref ${JSON.stringify(ref)}`).toHaveLength(1);
      }
      const sent = new Set(refs);
      // Fuzzed refs all end in `#index`; the join and the heartbeats have numeric refs.
      const stray = client.received.filter(
        (f) =>
          f[3] === 'phx_reply' &&
          !sent.has(String(f[1])) &&
          !rawRefs.has(f[1]) &&
          !/^\d+$/.test(String(f[1])),
      );
      expect(stray).toEqual([]);
    }
    // The server is up: a new connection gets its heartbeat answered.
    const fresh = await LiveClient.connect(run.server.url);
    expect(await fresh.heartbeat()).toEqual({ status: 'ok', response: {} });
    // The witness lost nothing: its state, its clicks, and no push it did not ask for.
    expect(await run.witness.push('inc')).toEqual({
      status: 'ok',
      response: { diff: { '0': '12' } },
    });
    expect(run.witness.client.received.filter((f) => f[3] !== 'phx_reply')).toEqual([]);
    expect(uncaught).toEqual([]);
  } finally {
    run.view.client.ws.terminate();
    run.witness.client.ws.terminate();
    await run.server.live.close();
  }
}

describe('fuzzed frames on a joined socket', () => {
  it('never take the server or another view down, and get one reply per ref or a documented close', async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    onTestFinished(() => {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    });
    // A few ms a run; FUZZ_RUNS=5000 for a deeper hunt.
    await fc.assert(fc.asyncProperty(steps, check), {
      numRuns: Number(process.env.FUZZ_RUNS ?? 80),
    });
    expect(uncaught).toEqual([]);
  }, 60_000);

  // Found by the property (shrunk by hand to two frames): a join whose topic is left, or joined
  // again, before its view mounted got a `phx_close` but no reply. Corking sends both frames in
  // one TCP write, so the server handles the second before the view can mount.
  it('answers a join that is left before its view mounted', async () => {
    const { client, page, idle } = await freshSocket();
    const [join, leave] = [client.nextRef(), client.nextRef()];
    sendTogether(client, [
      [join, join, page.topic, 'phx_join', fuzzedJoin(page, {})],
      [join, leave, page.topic, 'phx_leave', {}],
    ]);
    expect(await client.replyTo(leave)).toEqual({ status: 'ok', response: {} });
    await idle();
    expect(repliesTo(client, join).map((f) => f[4])).toEqual([
      { status: 'error', response: { reason: 'join superseded' } },
    ]);
  });

  it('answers a join that a second join of its topic replaces before it mounted', async () => {
    const { client, page, idle } = await freshSocket();
    const [first, second] = [client.nextRef(), client.nextRef()];
    sendTogether(client, [
      [first, first, page.topic, 'phx_join', fuzzedJoin(page, {})],
      [second, second, page.topic, 'phx_join', fuzzedJoin(page, {})],
    ]);
    expect((await client.replyTo(second)).status).toBe('ok');
    await idle();
    expect(repliesTo(client, first).map((f) => f[4])).toEqual([
      { status: 'error', response: { reason: 'join superseded' } },
    ]);
  });
});

/** A socket of its own on a counter server, and a way to let the server finish its work. */
async function freshSocket() {
  const { url, live } = await startLiveServer({
    routes: [{ path: '/counter', view: counterView(journal()) }],
  });
  const page = await getPage(url, '/counter');
  const client = await LiveClient.connect(url);
  const idle = async () => {
    await live.system.idle();
    expect(await client.heartbeat()).toEqual({ status: 'ok', response: {} });
  };
  return { client, page, idle };
}

/** Sends `frames` in one TCP write, so the server reads them in one go. */
function sendTogether(client: LiveClient, frames: readonly RawFrame[]): void {
  client.socket.cork();
  for (const frame of frames) client.send(frame);
  client.socket.uncork();
}
