/**
 * Typing into a live-validated form: each keystroke is a `phx-change` round trip whose render
 * carries the input's own value back, and the page must not let it disturb the person typing
 * (focus, value and caret stay theirs) while the error message follows the server.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { defineLiveView, html } from '../../views/index.js';
import { describeClients, openPage, pageErrors, startServer, waitForText } from './harness.js';

interface SignupParams {
  readonly user?: { readonly name?: string };
}

/** `user[name]` must be at least 3 characters; `#seen` shows what the server last received. */
const signupView = defineLiveView<
  { name: string; error: string; seen: string },
  { validate: SignupParams }
>({
  mount(_params, _session, socket) {
    socket.assign({ name: '', error: '', seen: '' });
  },
  handleEvent(_event, value, socket) {
    const name = value.user?.name ?? '';
    socket.assign({
      name,
      error: name.trim().length < 3 ? 'too short' : '',
      seen: `[${name}]`,
    });
  },
  render: (a) =>
    html`<form id="signup" phx-change="validate"><input id="name" name="user[name]" value=${a.name} autocomplete="off"><p id="error">${a.error}</p></form><p id="seen">${a.seen}</p>`,
});

/** What the person typing sees of the input. */
interface InputState {
  readonly focused: boolean;
  readonly value: string;
  readonly caret: number | null;
}

/** Just enough of an input element's type for the page function (the project has no DOM lib). */
interface InputLike {
  readonly value: string;
  readonly selectionStart: number | null;
  readonly ownerDocument: { readonly activeElement: unknown };
}

function inputState(page: Page): Promise<InputState> {
  return page.locator('#name').evaluate((input: InputLike) => ({
    focused: input.ownerDocument.activeElement === input,
    value: input.value,
    caret: input.selectionStart,
  }));
}

describeClients('form typing with live validation', (client) => {
  it('after each server reply the input keeps focus, the typed value and the caret at the end', async () => {
    const server = await startServer(client, { routes: [{ path: '/', view: signupView }] });
    const page = await openPage(server, '/');
    await page.focus('#name');
    const text = 'Jo ann';
    for (let i = 1; i <= text.length; i++) {
      const typed = text.slice(0, i);
      await page.keyboard.type(text.charAt(i - 1));
      // The server received exactly this much and its render reached the page.
      await waitForText(page, '#seen', `[${typed}]`);
      expect(await inputState(page)).toEqual({ focused: true, value: typed, caret: typed.length });
      expect(await page.textContent('#error')).toBe(typed.trim().length < 3 ? 'too short' : '');
    }
    expect(pageErrors(page)).toEqual([]);
  });

  it('typing at full speed ends with the whole text, focus kept and the error cleared', async () => {
    const server = await startServer(client, { routes: [{ path: '/', view: signupView }] });
    const page = await openPage(server, '/');
    await page.focus('#name');
    await page.keyboard.type('J');
    await waitForText(page, '#error', 'too short');
    // Keystrokes may overtake the replies: a render of an older value can arrive mid-typing.
    await page.keyboard.type('onathan', { delay: 5 });
    await waitForText(page, '#seen', '[Jonathan]');
    expect(await inputState(page)).toEqual({ focused: true, value: 'Jonathan', caret: 8 });
    expect(await page.textContent('#error')).toBe('');
    expect(pageErrors(page)).toEqual([]);
  });
});
