/**
 * fast-check generators of fuzz sequences ({@link steps}): mostly well-formed frames aimed at
 * the joined view, with valid rejoins, bursts, and text or bytes that are no frame at all.
 */
import fc from 'fast-check';
import type { FrameStep, JoinRefPick, PayloadPick, Step, TopicPick } from './fuzz-step.js';

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

/** Strings that look like URLs but do not parse (as `new URL` sees them). */
const malformedUrl = fc.oneof(
  fc.constantFrom('http://[', '//[', 'http://a b/', 'https://x:99999/', 'http://%zz/', 'http:'),
  fc.string().map((s) => `http://[${s}`),
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
      fc.oneof(fc.record({ url: fc.oneof(url, malformedUrl, json) }), jsonObject),
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

/** Refs within the frame's 32 characters (with the `#index` suffix a run adds): longer ones only close the socket (1007), which frame.test.ts covers. */
const refString = anyString.filter((s) => s.length <= 24);

const joinRef: fc.Arbitrary<JoinRefPick> = fc.oneof(
  { arbitrary: fc.constant('join' as const), weight: 4 },
  { arbitrary: fc.constant(null), weight: 3 },
  fc.constant('latest' as const),
  refString.map((literal) => ({ literal })),
);

const ref = fc.oneof({ arbitrary: refString, weight: 9 }, fc.constant(null));

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

export const steps = fc.array(fc.oneof({ arbitrary: wellFormed, weight: 50 }, garbage), {
  minLength: 1,
  maxLength: 30,
  size: 'medium',
});
