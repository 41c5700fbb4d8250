/**
 * The chat example in-process, driven through its form: errors show only under the fields the
 * user has reached while typing, a send checks every field against the schema, a message goes
 * to every tab trimmed, and the message field starts empty again. Values no form sends (text
 * too long for the inputs' maxlength, an object for a name) are refused by the same schema.
 */
import { describe, expect, it } from 'vitest';
import { chat } from '../examples/chat.js';
import type { LiveViewTest } from '../views/testing/index.js';
import { examplePerTest } from './support/example-per-test.js';

const error = (lv: LiveViewTest, field: 'name' | 'text') => lv.element(`#${field}-error`).text();
/** The messages the log shows, oldest first. */
async function messages(lv: LiveViewTest): Promise<string[]> {
  const out: string[] = [];
  while (await lv.hasElement(`#messages li:nth-child(${out.length + 1})`)) {
    out.push(await lv.element(`#messages li:nth-child(${out.length + 1})`).text());
  }
  return out;
}

describe('the chat example', () => {
  const open = examplePerTest(chat);

  it('shows errors only under the fields typed in, with aria-invalid on their inputs', async () => {
    const lv = await open();
    await lv.form('#chat-form', { name: 'A' }).change();
    expect(await error(lv, 'name')).toBe('Your name takes 2 to 40 characters.');
    expect(await error(lv, 'text')).toBe('');
    expect(await lv.hasElement('#name[aria-invalid="true"][aria-describedby="name-error"]')).toBe(
      true,
    );
    expect(await lv.hasElement('#text[aria-invalid]')).toBe(false);

    await lv.form('#chat-form', { name: 'Ann', text: '' }).change();
    expect(await error(lv, 'name')).toBe('');
    expect(await error(lv, 'text')).toBe('Write something first.');
  });

  it('checks every field on send, and sends nothing while one is wrong', async () => {
    const lv = await open();
    await lv.form('#chat-form', { text: 'Hello' }).submit();
    expect(await error(lv, 'name')).toBe('Your name takes 2 to 40 characters.');
    expect(await messages(lv)).toEqual([]);
  });

  it('sends a message to every tab, trimmed, and empties the message field but keeps the name', async () => {
    const ann = await open();
    const bob = await open();
    await ann.form('#chat-form', { name: '  Ann ', text: ' Hello, Bob ' }).submit();
    expect(await messages(bob)).toEqual(['Ann: Hello, Bob']);
    expect(await messages(ann)).toEqual(['Ann: Hello, Bob']);
    expect(await ann.hasElement('#text[value]')).toBe(false);
    expect(await ann.hasElement('#name[value="  Ann "]')).toBe(true);
    expect(await error(ann, 'text')).toBe('');
    // A tab opened later reads the history from the room process.
    expect(await messages(await open())).toEqual(['Ann: Hello, Bob']);
  });

  it('refuses what no form sends: too long for the inputs, or not text at all', async () => {
    const lv = await open();
    expect(await lv.hasElement('#name[maxlength="40"]')).toBe(true);
    expect(await lv.hasElement('#text[maxlength="500"]')).toBe(true);
    // A hand-made frame is not held back by maxlength.
    await lv.event('send', { name: 'Ann', text: 'x'.repeat(501) });
    expect(await error(lv, 'text')).toBe('500 characters at most (this is 501).');
    await lv.event('send', { name: 'N'.repeat(41), text: 'hi' });
    expect(await error(lv, 'name')).toBe('Your name takes 2 to 40 characters.');
    await lv.event('send', { name: { nested: 'Ann' }, text: ['hi'] });
    expect(await error(lv, 'name')).toBe('Your name takes 2 to 40 characters.');
    expect(await error(lv, 'text')).toBe('Write something first.');
    expect(await messages(lv)).toEqual([]);
  });

  it('counts the tabs online by Presence: one more per open tab, one less when a tab closes', async () => {
    // Presence tells every tab at once, so each tab has heard it once it handled what it got.
    const online = (lv: LiveViewTest) => lv.element('#online').text();
    const ann = await open();
    expect(await online(ann)).toBe('1');
    const bob = await open();
    expect(await online(bob)).toBe('2');
    expect(await online(ann)).toBe('2');
    await bob.close();
    expect(await online(ann)).toBe('1');
  });
});
