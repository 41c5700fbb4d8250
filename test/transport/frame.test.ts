import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_EVENTS,
  decodeFrame,
  encodeFrame,
  encodeReply,
  type FrameFault,
  LIVE_TOPIC_PREFIX,
  PHOENIX_TOPIC,
} from '../../transport/frame.js';

describe('decodeFrame', () => {
  it('decodes a heartbeat with a null join_ref', () => {
    expect(decodeFrame('[null,"5","phoenix","heartbeat",{}]')).toEqual({
      ok: true,
      frame: { joinRef: null, ref: '5', topic: 'phoenix', event: 'heartbeat', payload: {} },
    });
  });

  it('decodes a live view event with its payload', () => {
    const text =
      '["4","7","lv:phx-GBsi_6M7paYhySQj","event",{"type":"click","event":"inc","value":{"value":""}}]';
    expect(decodeFrame(text)).toEqual({
      ok: true,
      frame: {
        joinRef: '4',
        ref: '7',
        topic: 'lv:phx-GBsi_6M7paYhySQj',
        event: 'event',
        payload: { type: 'click', event: 'inc', value: { value: '' } },
      },
    });
  });

  it('accepts a server push with a null ref', () => {
    const decoded = decodeFrame('["4",null,"lv:x","diff",{"0":"1"}]');
    expect(decoded.ok && decoded.frame.ref).toBe(null);
  });

  const rejected: [string, string, FrameFault][] = [
    ['malformed JSON', '[null,"1","phoenix"', 'json'],
    ['empty text', '', 'json'],
    ['binary garbage', '\u0000\u00ff\u0001', 'json'],
    ['an object', '{"topic":"phoenix"}', 'shape'],
    ['a string', '"heartbeat"', 'shape'],
    ['null', 'null', 'shape'],
    ['4 elements', '[null,"1","phoenix","heartbeat"]', 'shape'],
    ['6 elements', '[null,"1","phoenix","heartbeat",{},{}]', 'shape'],
    ['a numeric join_ref', '[4,"1","lv:x","event",{}]', 'join_ref'],
    ['an object ref', '[null,{},"phoenix","heartbeat",{}]', 'ref'],
    ['a numeric ref', '[null,5,"phoenix","heartbeat",{}]', 'ref'],
    ['a null topic', '[null,"1",null,"heartbeat",{}]', 'topic'],
    ['an empty topic', '[null,"1","","heartbeat",{}]', 'topic'],
    ['a numeric event', '[null,"1","phoenix",7,{}]', 'event'],
    ['an empty event', '[null,"1","phoenix","",{}]', 'event'],
    ['an array payload', '[null,"1","phoenix","heartbeat",[]]', 'payload'],
    ['a null payload', '[null,"1","phoenix","heartbeat",null]', 'payload'],
    ['a string payload', '[null,"1","phoenix","heartbeat","{}"]', 'payload'],
    ['a join_ref over 32 characters', `["${'4'.repeat(33)}","1","lv:x","event",{}]`, 'join_ref'],
    ['a ref over 32 characters', `[null,"${'1'.repeat(33)}","phoenix","heartbeat",{}]`, 'ref'],
    ['a topic over 256 characters', `[null,"1","lv:${'x'.repeat(254)}","event",{}]`, 'topic'],
    ['an event over 256 characters', `[null,"1","lv:x","${'e'.repeat(257)}",{}]`, 'event'],
  ];
  it.each(rejected)('rejects %s', (_name, text, fault) => {
    const decoded = decodeFrame(text);
    expect(decoded.ok).toBe(false);
    expect(decoded).toMatchObject({ fault });
    expect(decoded.ok ? '' : decoded.reason).not.toBe('');
  });

  it('accepts refs of 32 characters and topics and events of 256', () => {
    const [ref, topic, event] = ['1'.repeat(32), `lv:${'x'.repeat(253)}`, 'e'.repeat(256)];
    expect(decodeFrame(JSON.stringify([ref, ref, topic, event, {}]))).toEqual({
      ok: true,
      frame: { joinRef: ref, ref, topic, event, payload: {} },
    });
  });

  it('keeps a __proto__ key of the payload as plain data', () => {
    const decoded = decodeFrame('["1","2","lv:x","event",{"__proto__":{"polluted":1}}]');
    expect(decoded.ok).toBe(true);
    const payload = decoded.ok ? decoded.frame.payload : {};
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(Object.hasOwn(payload, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a non-string input instead of throwing', () => {
    expect(decodeFrame(Buffer.from('[]') as unknown as string)).toMatchObject({
      ok: false,
      fault: 'json',
    });
  });

  it('decodes every frame of the recorded Phoenix session', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/phoenix-frames.json', import.meta.url), 'utf8'),
    ) as unknown;
    const raws: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        const record = node as Record<string, unknown>;
        if (typeof record.raw === 'string' && record.raw.startsWith('[')) raws.push(record.raw);
        Object.values(record).forEach(collect);
      }
    };
    collect(fixture);
    expect(raws.length).toBeGreaterThan(10);
    for (const raw of raws) expect(decodeFrame(raw)).toMatchObject({ ok: true });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const decoded = decodeFrame(text);
          expect(typeof decoded.ok).toBe('boolean');
        },
      ),
    );
  });
});

describe('encodeFrame and encodeReply', () => {
  it('encode the exact bytes Phoenix sends', () => {
    expect(encodeReply(null, '5', PHOENIX_TOPIC, 'ok', {})).toBe(
      '[null,"5","phoenix","phx_reply",{"status":"ok","response":{}}]',
    );
    expect(encodeFrame('4', '4', 'lv:phx-GBsi_6M7paYhySQj', CHANNEL_EVENTS.close, {})).toBe(
      '["4","4","lv:phx-GBsi_6M7paYhySQj","phx_close",{}]',
    );
    expect(encodeReply('4', '7', 'lv:phx-GBsi_6M7paYhySQj', 'ok', { diff: { '0': '4' } })).toBe(
      '["4","7","lv:phx-GBsi_6M7paYhySQj","phx_reply",{"status":"ok","response":{"diff":{"0":"4"}}}]',
    );
  });

  it('send an undefined payload or response as {}', () => {
    expect(encodeFrame(null, null, 'lv:x', 'diff', undefined)).toBe('[null,null,"lv:x","diff",{}]');
    expect(encodeReply('1', '2', 'lv:x', 'error', undefined)).toBe(
      '["1","2","lv:x","phx_reply",{"status":"error","response":{}}]',
    );
  });

  it('name the protocol constants as Phoenix spells them', () => {
    expect(CHANNEL_EVENTS).toEqual({
      join: 'phx_join',
      leave: 'phx_leave',
      reply: 'phx_reply',
      close: 'phx_close',
      error: 'phx_error',
      heartbeat: 'heartbeat',
    });
    expect(LIVE_TOPIC_PREFIX).toBe('lv:');
  });

  it('round-trips through decodeFrame', () => {
    const ref = fc.option(fc.string(), { nil: null });
    const name = fc.string({ minLength: 1 });
    const payload = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(ref, ref, name, name, payload, (joinRef, r, topic, event, body) => {
        const decoded = decodeFrame(encodeFrame(joinRef, r, topic, event, body));
        expect(decoded).toEqual({
          ok: true,
          frame: { joinRef, ref: r, topic, event, payload: JSON.parse(JSON.stringify(body)) },
        });
      }),
    );
  });
});
