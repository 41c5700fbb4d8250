/**
 * `toForm` with a real validator (zod 4, the one most apps bring) and with a Standard Schema
 * object written by hand, sync and async: every issue is computed, only used fields show theirs
 * while typing, every field on submit, and a valid form carries the validator's typed output.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { decodeFormEvent } from '../../views/form-params.js';
import { type Form, toForm } from '../../views/index.js';

const Message = z.object({
  name: z.string().trim().min(2, 'Your name takes 2 to 40 characters.').max(40),
  text: z.string().trim().min(1, 'Write something first.').max(500),
});

/** What a phx-change sends (PROTOCOL.md 3.3), decoded as the server decodes it. */
const change = (urlencoded: string, target: string) =>
  decodeFormEvent(urlencoded, { _target: target });

describe('toForm', () => {
  it('while typing, shows the errors of used fields only, and still validates every field', async () => {
    const params = change('name=A&_unused_text=&text=', 'name');
    const form = await toForm(Message, params);
    expect(form.valid).toBe(false);
    expect(form.value).toBeUndefined();
    expect(form.values).toEqual({ name: 'A', text: '' });
    expect(form.errors).toEqual({ name: ['Your name takes 2 to 40 characters.'] });
    expect(form.issues.map((i) => i.message)).toEqual([
      'Your name takes 2 to 40 characters.',
      'Write something first.',
    ]);
    expect(form.field('name')).toEqual({
      name: 'name',
      id: 'name',
      value: 'A',
      errors: ['Your name takes 2 to 40 characters.'],
      used: true,
      errorId: 'name-error',
    });
    expect(form.field('text')).toMatchObject({ value: '', errors: [], used: false });
  });

  it('a field typed in and cleared again is used: its error shows', async () => {
    const form = await toForm(Message, change('name=Ann&text=', 'text'));
    expect(form.errors).toEqual({ text: ['Write something first.'] });
  });

  it("on submit shows every field's errors, even a field missing from the params", async () => {
    const form = await toForm(Message, { name: 'Ann' }, { usedInputs: 'all' });
    expect(form.errors).toEqual({ text: ['Invalid input: expected string, received undefined'] });
    expect((await toForm(Message, { name: 'Ann' })).errors).toEqual({});
  });

  it("gives the validator's typed output when valid, and keeps what was typed as values", async () => {
    const form = await toForm(Message, { name: '  Ann ', text: ' hi ' }, { usedInputs: 'all' });
    expect(form.valid).toBe(true);
    if (!form.valid) return;
    expectTypeOf(form.value).toEqualTypeOf<{ name: string; text: string }>();
    expect(form.value).toEqual({ name: 'Ann', text: 'hi' });
    expect(form.values).toEqual({ name: '  Ann ', text: ' hi ' });
    expect(form.errors).toEqual({});
  });

  it('shows nothing with usedInputs none, yet knows the form is invalid', async () => {
    const form = await toForm(Message, { name: 'A', text: '' }, { usedInputs: 'none' });
    expect(form.valid).toBe(false);
    expect(form.errors).toEqual({});
    expect(form.field('name').errors).toEqual([]);
  });

  it('never passes the _unused_ markers or _target to the validator (a strict schema accepts)', async () => {
    const Strict = z.strictObject({ name: z.string(), tags: z.array(z.string()) });
    const params = change('_unused_name=&name=&_unused_tags%5B%5D=&tags%5B%5D=a', 'name');
    const form = await toForm(Strict, params);
    expect(form.valid).toBe(true);
    expect(form.values).toEqual({ name: '', tags: ['a'] });
  });

  it('reads the fields under `as`, and names and ids them as Phoenix does', async () => {
    const User = z.object({ email: z.email('Not an email.'), nick: z.string().min(3, 'Short.') });
    const params = change(
      'user%5Bemail%5D=jo&user%5B_unused_nick%5D=&user%5Bnick%5D=',
      'user[email]',
    );
    const form = await toForm(User, params, { as: 'user' });
    expect(form.id).toBe('user');
    expect(form.field('email')).toEqual({
      name: 'user[email]',
      id: 'user_email',
      value: 'jo',
      errors: ['Not an email.'],
      used: true,
      errorId: 'user_email-error',
    });
    expect(form.field('nick')).toMatchObject({ name: 'user[nick]', used: false, errors: [] });
  });

  it('follows nested paths for use and errors, and puts path-less issues in formErrors on submit', async () => {
    const Address = z
      .object({
        city: z.object({ name: z.string().min(1, 'City?'), zip: z.string().length(4, 'Zip?') }),
        tags: z.array(z.string().min(2, 'Tag too short.')),
        password: z.string(),
        confirm: z.string(),
      })
      .refine((v) => v.password === v.confirm, 'The passwords differ.');
    const typing = change(
      'city%5Bname%5D=&city%5B_unused_zip%5D=&city%5Bzip%5D=&tags%5B%5D=a&password=x&confirm=y',
      'city[name]',
    );
    const form = await toForm(Address, typing);
    expect(form.field('city[name]')).toMatchObject({ name: 'city[name]', id: 'city_name' });
    expect(form.field('city[name]').errors).toEqual(['City?']);
    expect(form.field('city[zip]').errors).toEqual([]);
    expect(form.field('tags').errors).toEqual(['Tag too short.']);
    expect(form.errors).toEqual({ city: ['City?'], tags: ['Tag too short.'] });
    expect(form.formErrors).toEqual([]);

    const valid = { city: { name: 'Oslo', zip: '0150' }, tags: [], password: 'x', confirm: 'y' };
    const submitted = await toForm(Address, valid, { usedInputs: 'all' });
    expect(submitted.formErrors).toEqual(['The passwords differ.']);
  });

  it('awaits an async validator (an async refinement makes zod return a Promise)', async () => {
    const taken = new Set(['ann']);
    const Signup = z.object({
      nick: z.string().refine(async (nick) => !taken.has(nick), 'That nick is taken.'),
    });
    expect(Signup['~standard'].validate({ nick: 'ann' })).toBeInstanceOf(Promise);
    expect((await toForm(Signup, { nick: 'ann' })).errors).toEqual({
      nick: ['That nick is taken.'],
    });
    expect((await toForm(Signup, { nick: 'bob' })).valid).toBe(true);
  });

  it('treats params that are no object as an empty form, and lets the validator say so', async () => {
    for (const params of [null, 'name=A', ['name']]) {
      const form = await toForm(Message, params, { usedInputs: 'all' });
      expect(form.values).toEqual({});
      expect(Object.keys(form.errors)).toEqual(['name', 'text']);
    }
    const scoped = await toForm(Message, { user: 'not an object' }, { as: 'user' });
    expect(scoped.values).toEqual({});
  });

  it('refuses a schema that is not a Standard Schema', async () => {
    await expect(toForm({} as StandardSchemaV1, {})).rejects.toThrow(TypeError);
    const v0 = { '~standard': { version: 0, vendor: 'x', validate: () => ({ value: 1 }) } };
    await expect(toForm(v0 as unknown as StandardSchemaV1, {})).rejects.toThrow(
      /Standard Schema v1/,
    );
  });
});

/** A Standard Schema written by hand: no library, path segments as objects, sync or async. */
function handWritten(async: boolean): StandardSchemaV1<{ age: string }, { age: number }> {
  const check = (value: unknown): StandardSchemaV1.Result<{ age: number }> => {
    const age = Number((value as { age?: unknown }).age);
    if (!Number.isInteger(age) || age < 0) {
      return { issues: [{ message: 'A whole number, please.', path: [{ key: 'age' }] }] };
    }
    return { value: { age } };
  };
  return {
    '~standard': {
      version: 1,
      vendor: 'by-hand',
      validate: (value) => (async ? Promise.resolve(check(value)) : check(value)),
    },
  };
}

describe('toForm with a hand-written Standard Schema', () => {
  for (const async of [false, true]) {
    it(`reads path segments given as objects, and parses the output (${async ? 'async' : 'sync'})`, async () => {
      const schema = handWritten(async);
      const bad = await toForm(schema, { age: 'x' });
      expect(bad.errors).toEqual({ age: ['A whole number, please.'] });
      expect(bad.field('age').errors).toEqual(['A whole number, please.']);
      const good: Form<typeof schema> = await toForm(schema, { age: '41' });
      expect(good.valid && good.value.age).toBe(41);
    });
  }
});
