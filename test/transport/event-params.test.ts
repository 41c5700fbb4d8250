import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../transport/errors.js';
import { decodeEventPayload, decodeParams, MAX_PARAM_DEPTH } from '../../transport/event-params.js';

describe('decodeParams', () => {
  it('decodes flat pairs, with + as a space and percent escapes as UTF-8', () => {
    expect(decodeParams('a=1&b=hello+world&c=caf%C3%A9%20%F0%9F%8E%89&d=a%2Bb')).toEqual({
      a: '1',
      b: 'hello world',
      c: 'café 🎉',
      d: 'a+b',
    });
  });

  it('decodes an empty string, empty pairs and keys without = ', () => {
    expect(decodeParams('')).toEqual({});
    expect(decodeParams('&&a=1&&')).toEqual({ a: '1' });
    expect(decodeParams('flag&x=')).toEqual({ flag: '', x: '' });
  });

  it('keeps the last value of a repeated plain key', () => {
    expect(decodeParams('q=1&q=2&q=3')).toEqual({ q: '3' });
  });

  it('nests bracket keys, including percent-encoded brackets', () => {
    expect(decodeParams('user[name]=Jo&user[address][city]=Oslo&user%5Bage%5D=7')).toEqual({
      user: { name: 'Jo', address: { city: 'Oslo' }, age: '7' },
    });
  });

  it('collects [] keys into a list, in order', () => {
    expect(decodeParams('tags[]=a&tags[]=b&tags[]=a')).toEqual({ tags: ['a', 'b', 'a'] });
    expect(decodeParams('m[]=1&m[]=2&n[x][]=3')).toEqual({ m: ['1', '2'], n: { x: ['3'] } });
  });

  it('lets the last assignment of a key win across types, like Plug', () => {
    expect(decodeParams('a=1&a[b]=2')).toEqual({ a: { b: '2' } });
    expect(decodeParams('a[b]=2&a=1')).toEqual({ a: '1' });
    expect(decodeParams('a[]=1&a=2')).toEqual({ a: '2' });
    expect(decodeParams('a[x]=1&a[]=2')).toEqual({ a: ['2'] });
  });

  it('merges nested keys after [] into one object, like Plug', () => {
    expect(decodeParams('users[][name]=a&users[][age]=1')).toEqual({
      users: [{ name: 'a', age: '1' }],
    });
  });

  it('treats keys that are not well-formed bracket keys as plain keys', () => {
    expect(decodeParams('[a]=1&b[=2&c]=3&d[x]y=4')).toEqual({
      '[a]': '1',
      'b[': '2',
      'c]': '3',
      'd[x]y': '4',
    });
  });

  it('keeps a % that does not start an escape, and replaces invalid UTF-8', () => {
    expect(decodeParams('a=100%&b=%zz&c=%4&d=%FF&%=e')).toEqual({
      a: '100%',
      b: '%zz',
      c: '%4',
      d: '\uFFFD',
      '%': 'e',
    });
  });

  it('skips pairs whose key is __proto__, constructor or prototype at any level', () => {
    const decoded = decodeParams(
      '__proto__[polluted]=1&a[__proto__][x]=1&constructor[prototype][y]=1&b[prototype]=1&c[constructor]=2&ok=1',
    );
    expect(decoded).toEqual({ ok: '1' });
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(decoded, 'constructor')).toBe(false);
  });

  it('reads inherited names like toString as ordinary keys', () => {
    expect(decodeParams('toString=1&hasOwnProperty[x]=2&valueOf[]=3')).toEqual({
      toString: '1',
      hasOwnProperty: { x: '2' },
      valueOf: ['3'],
    });
  });

  it(`keeps nesting up to ${MAX_PARAM_DEPTH} levels and drops deeper pairs`, () => {
    const key = (depth: number) => `a${'[k]'.repeat(depth)}`;
    let expected: unknown = 'deep';
    for (let i = 0; i < MAX_PARAM_DEPTH; i++) expected = { k: expected };
    expect(decodeParams(`${key(MAX_PARAM_DEPTH)}=deep`)).toEqual({ a: expected });
    expect(decodeParams(`${key(MAX_PARAM_DEPTH + 1)}=deep&b=1`)).toEqual({ b: '1' });
  });

  it('decodes what URLSearchParams encodes, for plain keys', () => {
    const plainKey = fc
      .string({ minLength: 1 })
      .filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k))
      .filter((k) => !(k.indexOf('[') > 0 && k.endsWith(']')));
    fc.assert(
      fc.property(fc.dictionary(plainKey, fc.string()), (record) => {
        const encoded = new URLSearchParams(record).toString();
        expect(decodeParams(encoded)).toEqual({ ...record });
      }),
    );
  });

  it('never throws, whatever the string', () => {
    const soup = fc
      .array(
        fc.constantFrom(
          'a',
          'b',
          '[',
          ']',
          '[]',
          '%',
          '%5B',
          '%5D',
          '%zz',
          '%F0',
          '=',
          '&',
          '+',
          '__proto__',
          'é',
        ),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), soup), (text) => {
        const decoded = decodeParams(text);
        expect(typeof decoded).toBe('object');
        expect(JSON.parse(JSON.stringify(decoded))).toEqual(decoded);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeEventPayload', () => {
  it('decodes the form example of PROTOCOL.md 3.3', () => {
    const payload = {
      type: 'form',
      event: 'validate',
      value: 'user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=jo%40x.io',
      meta: { _target: 'user[email]' },
      uploads: {},
    };
    expect(decodeEventPayload(payload)).toEqual({
      event: 'validate',
      value: { user: { _unused_name: '', name: '', email: 'jo@x.io' }, _target: ['user', 'email'] },
    });
  });

  it('shallow-merges meta over the form values', () => {
    const decoded = decodeEventPayload({
      type: 'form',
      event: 'save',
      value: 'id=1&user%5Bname%5D=Jo',
      meta: { id: '2', user: 'replaced', extra: 'x' },
    });
    expect(decoded.value).toEqual({ id: '2', user: 'replaced', extra: 'x' });
  });

  it('skips dangerous meta keys', () => {
    const payload = JSON.parse(
      '{"type":"form","event":"e","value":"a=1","meta":{"__proto__":{"x":1},"constructor":"c","b":"2"}}',
    ) as Record<string, unknown>;
    const { value } = decodeEventPayload(payload);
    expect(value).toEqual({ a: '1', b: '2' });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('turns _target into a key path the way Phoenix does', () => {
    const target = (t: unknown) =>
      (
        decodeEventPayload({ type: 'form', event: 'e', value: '', meta: { _target: t } }).value as {
          _target: unknown;
        }
      )._target;
    expect(target('email')).toEqual(['email']);
    expect(target('user[address][city]')).toEqual(['user', 'address', 'city']);
    expect(target('tags[]')).toEqual(['tags']);
    expect(target('undefined')).toEqual(['undefined']);
    expect(target('')).toEqual([]);
    expect(target(['kept', 'as', 'is'])).toEqual(['kept', 'as', 'is']);
  });

  it('converts a _target sent inside the value, as old clients do', () => {
    const decoded = decodeEventPayload({
      type: 'form',
      event: 'e',
      value: '_target=user%5Bemail%5D',
    });
    expect(decoded.value).toEqual({ _target: ['user', 'email'] });
  });

  it('decodes a form event without a value as no fields', () => {
    expect(decodeEventPayload({ type: 'form', event: 'submit' })).toEqual({
      event: 'submit',
      value: {},
    });
  });

  it('passes the value of other event types through unchanged', () => {
    expect(decodeEventPayload({ type: 'click', event: 'inc', value: { value: '' } })).toEqual({
      event: 'inc',
      value: { value: '' },
    });
    expect(decodeEventPayload({ type: 'hook', event: 'h', value: [1, 'two'] }).value).toEqual([
      1,
      'two',
    ]);
    expect(decodeEventPayload({ type: 'hook', event: 'h', value: null }).value).toBe(null);
    expect(decodeEventPayload({ type: 'keydown', event: 'k', value: 'a=1' }).value).toBe('a=1');
    expect(decodeEventPayload({ type: null, event: 'mounted' }).value).toEqual({});
  });

  it('keeps a numeric cid, converts a numeric string cid, and takes null for no target', () => {
    const cid = (c: unknown) =>
      decodeEventPayload({ type: 'click', event: 'e', value: {}, cid: c });
    expect(cid(3)).toEqual({ event: 'e', value: {}, cid: 3 });
    expect(cid(0).cid).toBe(0);
    expect(cid('12').cid).toBe(12);
    expect(cid(null)).toEqual({ event: 'e', value: {} });
    expect(cid(undefined)).toEqual({ event: 'e', value: {} });
  });

  it('refuses a cid that is no component id, rather than hand the event to the view', () => {
    for (const bad of ['', '1.5', '-1', 'x1', ' 1', 1.5, -1, Number.NaN, {}, [], true, '#item']) {
      expect(() =>
        decodeEventPayload({ type: 'click', event: 'e', value: {}, cid: bad }),
      ).toThrowError(expect.objectContaining({ code: 'ERR_BAD_EVENT' }));
    }
  });

  it('refuses an event name over 256 characters and a type that is not a string', () => {
    expect(decodeEventPayload({ type: 'click', event: 'e'.repeat(256) }).event).toHaveLength(256);
    for (const payload of [
      { type: 'click', event: 'e'.repeat(257) },
      { type: 5, event: 'e' },
      { type: { form: true }, event: 'e' },
    ]) {
      expect(() => decodeEventPayload(payload)).toThrowError(
        expect.objectContaining({ code: 'ERR_BAD_EVENT' }),
      );
    }
  });

  it('rejects a payload whose event is missing, empty or not a string with ERR_BAD_EVENT', () => {
    for (const payload of [
      { type: 'click', value: {} },
      { type: 'click', event: '', value: {} },
      { type: 'click', event: 42, value: {} },
      { type: 'click', event: null, value: {} },
      { type: 'click', event: ['inc'], value: {} },
    ]) {
      expect(() => decodeEventPayload(payload)).toThrow(ProtocolError);
      expect(() => decodeEventPayload(payload)).toThrow(
        expect.objectContaining({ code: 'ERR_BAD_EVENT' }),
      );
    }
  });

  it('rejects a form event whose value is not a string with ERR_BAD_EVENT', () => {
    for (const value of [{ a: 1 }, 5, null, ['a=1']]) {
      expect(() => decodeEventPayload({ type: 'form', event: 'e', value })).toThrow(
        expect.objectContaining({ code: 'ERR_BAD_EVENT' }),
      );
    }
  });
});
