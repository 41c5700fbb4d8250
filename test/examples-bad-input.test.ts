/**
 * The examples check what a client sends, on the server, as an attacker meets them: through the
 * socket, where any JSON can come under any event name. A value of the wrong shape gets a clear
 * answer (or none) and never crashes a view; the chat sends only what passes its rules in full,
 * whatever `_unused_*` fields say, and its history stays small however much is said.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExamplesApp } from '../examples/app.js';
import { CHAT_LIMITS } from '../examples/chat.js';
import type { LiveServer } from '../transport/index.js';
import { getPage, type JoinedView, LiveClient, TEST_SECRET } from './support/live-client.js';

let app: LiveServer;
let base: string;
let crashes: unknown[];

beforeEach(async () => {
  app = await createExamplesApp({ secret: TEST_SECRET });
  crashes = [];
  // A supervised view's crash is heard by its supervisor, not reported as a 'crash': every
  // process that ends with an error counts.
  app.system.on('exit', ({ reason }) => {
    if (typeof reason === 'object' && 'error' in reason) crashes.push(reason.error);
  });
  base = (await app.listen({ host: '127.0.0.1', port: 0 })).url;
});
afterEach(() => app.close());

async function open(path: string): Promise<JoinedView> {
  const client = await LiveClient.connect(base);
  return client.join(await getPage(base, path));
}

/** A form event as the client sends it: the fields urlencoded. */
function submit(view: JoinedView, event: string, fields: Record<string, string>) {
  return view.request('event', {
    type: 'form',
    event,
    value: new URLSearchParams(fields).toString(),
  });
}

/** Every diff pushed to `view` from now until one that contains `text`, as JSON. */
async function diffsUntil(view: JoinedView, text: string): Promise<string[]> {
  const diffs: string[] = [];
  for (;;) {
    diffs.push(JSON.stringify((await view.nextPush('diff'))[4]));
    if (diffs.at(-1)!.includes(text)) return diffs;
  }
}

/** Values of every wrong shape, under the page's own event names and some it never sends. */
const BAD_VALUES: readonly unknown[] = [null, 5, 'text', [1, 2], { id: 'x' }, { id: 99 }, {}];

describe('bad input to the examples', () => {
  it.each([
    ['/reservations', ['reserve', 'restock', 'nope']],
    ['/events', ['reserve', 'restock', 'nope']],
    ['/events/components', ['reserve', 'restock', 'nope']],
    ['/localization', ['add', 'remove', 'nope']],
    ['/chat', ['validate', 'send', 'nope']],
    ['/long-job', ['start', 'cancel', 'nope']],
    ['/supervision', ['mine', 'kept', 'nope']],
  ] as const)('%s answers values of the wrong type without crashing', async (path, events) => {
    const view = await open(path);
    for (const event of events) {
      for (const value of BAD_VALUES) {
        expect((await view.push(event, value)).status).toBe('ok');
      }
    }
    // Each value went through the view in order; a crash would have been reported by now.
    expect(crashes).toEqual([]);
  });

  it.each([
    '/reservations',
    '/events',
    '/events/components',
    '/localization',
    '/chat',
    '/long-job',
    '/supervision',
  ])('%s changes nothing for an event none of its elements sends', async (path) => {
    const view = await open(path);
    for (const value of BAD_VALUES) {
      expect(await view.push('nope', value)).toEqual({ status: 'ok', response: {} });
    }
    expect(crashes).toEqual([]);
  });

  it('/events names no concert for an id it does not have, and takes no ticket', async () => {
    const view = await open('/events');
    const reply = await view.push('reserve', { id: 99 });
    expect(JSON.stringify(reply.response)).toContain('There is no such concert.');
    const page = await getPage(base, '/events');
    expect(page.html).toContain('40 tickets left');
  });

  it('/long-job refuses a size it does not offer, and a second start while one runs', async () => {
    const view = await open('/long-job');
    const reply = await submit(view, 'start', { below: '999999999' });
    expect(JSON.stringify(reply.response)).toContain('Pick one of the sizes in the list.');
    const started = await submit(view, 'start', { below: '20000000' });
    expect(JSON.stringify(started.response)).toContain('Counting…');
    expect(await submit(view, 'start', { below: '1000000' })).toEqual({
      status: 'ok',
      response: {},
    });
    await view.push('cancel');
    await diffsUntil(view, 'Cancelled.');
  });
});

describe('the chat checks a message in full before it sends it', () => {
  it('refuses a name or a message out of bounds even when _unused_ says the field was not touched', async () => {
    const theirs = await open('/chat');
    for (const [fields, error] of [
      [{ name: 'n'.repeat(900 * 1024), _unused_name: '', text: 'hi' }, 'Your name takes'],
      [{ name: 'Ann', text: '', _unused_text: '' }, 'Write something first.'],
      [{ name: 'Ann', text: '   ' }, 'Write something first.'],
      [{ name: 'A', text: 'hi' }, 'Your name takes'],
      [
        { name: 'Ann', text: 'x'.repeat(CHAT_LIMITS.text.max + 1) },
        `${CHAT_LIMITS.text.max} characters at most`,
      ],
    ] as const) {
      const reply = await submit(await open('/chat'), 'send', fields);
      expect(JSON.stringify(reply.response)).toContain(error);
    }
    // A good message after them: the room handles casts in order, so what the other tab got
    // until this one arrived is everything that was broadcast.
    await submit(await open('/chat'), 'send', { name: 'Ann', text: 'the first real message' });
    const diffs = await diffsUntil(theirs, 'the first real message');
    expect(diffs.filter((d) => /nnnnnnnnnn|"hi"|xxxxxxxxxx/.test(d))).toEqual([]);
    expect(crashes).toEqual([]);
  });

  it('shows only the touched fields while typing', async () => {
    const view = await open('/chat');
    const reply = await submit(view, 'validate', { name: 'A', text: '', _unused_text: '' });
    const text = JSON.stringify(reply.response);
    expect(text).toContain(
      `Your name takes ${CHAT_LIMITS.name.min} to ${CHAT_LIMITS.name.max} characters.`,
    );
    expect(text).not.toContain('Write something first.');
  });

  it('keeps a history within its count and its bytes, which every new page carries', async () => {
    const view = await open('/chat');
    // Three bytes a character: the byte limit binds before the count does.
    const wide = '語'.repeat(CHAT_LIMITS.text.max);
    for (let i = 0; i < 20; i++) {
      await submit(view, 'send', {
        name: `Writer ${i}`,
        text: `${i} ${wide}`.slice(0, CHAT_LIMITS.text.max),
      });
    }
    const page = await getPage(base, '/chat');
    const kept = [...page.html.matchAll(/<li class="message">[\s\S]*?<\/li>/g)].map((m) => m[0]);
    const said = kept.map((li) => /message-name">([^<]*)<\/span>: ([^<]*)</.exec(li)!);
    const bytes = said.reduce((n, m) => n + Buffer.byteLength(m[1]!) + Buffer.byteLength(m[2]!), 0);
    expect(bytes).toBeLessThanOrEqual(CHAT_LIMITS.history.bytes);
    expect(said.length).toBeLessThan(20);
    expect(said.at(-1)?.[1]).toBe('Writer 19');
  });
});
