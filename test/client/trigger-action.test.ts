/**
 * `phx-trigger-action` in our client: once a patch brings the attribute onto a form, the form
 * is submitted the plain HTTP way (its action, its method), with the fields as the user typed
 * them and the button that submitted it, after the live views let go of the page.
 */
import { describe, expect, it, vi } from 'vitest';
import { joined, TOPIC, useLiveSocketPage } from './live-socket-page.js';

useLiveSocketPage();

/** A login form: `0` is the trigger attribute, `1` the error text. */
const LOGIN = {
  '0': '',
  '1': '',
  s: [
    '<form id="login" action="/session" method="post" phx-submit="login"',
    '><input type="hidden" name="_csrf_token" value="CSRF"><input id="email" name="email" value=""><input id="password" type="password" name="password"><p id="error">',
    '</p><button id="go" name="remember" value="yes" phx-disable-with="Signing in…">Sign in</button></form>',
  ],
};

/** Spies on the plain submit; resolves the fields it would have posted. */
function spyOnSubmit() {
  const posted: Record<string, string>[] = [];
  const submit = vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
    this: HTMLFormElement,
  ) {
    posted.push(Object.fromEntries(new FormData(this) as unknown as Iterable<[string, string]>));
  });
  return { posted, submit };
}

function fill(id: string, value: string): void {
  const input = document.getElementById(id) as HTMLInputElement;
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function submitForm(): void {
  const form = document.getElementById('login') as HTMLFormElement;
  form.requestSubmit(document.getElementById('go') as HTMLButtonElement);
}

describe('phx-trigger-action', () => {
  it('posts the form as typed, with its submitter, once the reply sets the attribute', async () => {
    const { posted, submit } = spyOnSubmit();
    const { server, ws, liveSocket } = joined({}, LOGIN);
    fill('email', 'ann@example.com');
    fill('password', 's3cret!');
    submitForm();
    const sent = server.last('event');
    expect(sent[4]).toMatchObject({ type: 'form', event: 'login' });
    // The server rendered the password field empty, as servers do: the typed one must stay.
    server.reply(sent, { diff: { '0': ' phx-trigger-action' } });
    expect(submit).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(posted).toEqual([
      {
        _csrf_token: 'CSRF',
        email: 'ann@example.com',
        password: 's3cret!',
        remember: 'yes',
      },
    ]);
    // The views let go first, and the page does not reload or warn for it.
    expect(liveSocket.isConnected()).toBe(false);
    expect(
      ws()
        .frames()
        .some((f) => f[2] === TOPIC && f[3] === 'phx_leave'),
    ).toBe(true);
    expect(document.querySelector('.phx-offline-banner, [role="alert"]')).toBeNull();
  });

  it('does nothing while the server answers with errors instead', async () => {
    const { submit } = spyOnSubmit();
    const { server } = joined({}, LOGIN);
    fill('password', 'x');
    submitForm();
    server.reply(server.last('event'), { diff: { '1': 'Wrong email or password' } });
    await Promise.resolve();
    expect(submit).not.toHaveBeenCalled();
    expect(document.getElementById('error')?.textContent).toBe('Wrong email or password');
  });

  it('a form that arrives with the attribute (a render, not a reply) is posted too, once', async () => {
    const { submit } = spyOnSubmit();
    const { server } = joined({}, { ...LOGIN, '0': '' });
    server.push('diff', { '0': ' phx-trigger-action' });
    server.push('diff', { '1': 'again' });
    await Promise.resolve();
    expect(submit).toHaveBeenCalledTimes(1);
  });
});
