/**
 * What the bindings do with a user's action on a view that is not live: a click or a submit is
 * handed to `host.refuse` (the page shows it did not go through); the events a user did not
 * aim at the server one by one (click-away, keys, focus, form changes, which form recovery
 * replays) are let go as before.
 */
import { afterEach, expect, it, onTestFinished } from 'vitest';
import { bindDocument } from '../../client/bindings.js';
import type { BindingHost } from '../../client/host.js';

afterEach(() => {
  document.body.innerHTML = '';
});

function deadView(inner: string) {
  document.body.innerHTML = `<div id="view" data-phx-session="s">${inner}</div>`;
  const refused: string[] = [];
  const sent: string[] = [];
  const host: BindingHost = {
    execJS: (_el, encoded) => sent.push(encoded),
    isLive: () => false,
    refuse: (el) => refused.push(el.id),
  };
  onTestFinished(bindDocument(document, host));
  return { refused, sent };
}

const $ = (id: string) => document.getElementById(id)!;

it('refuses a click and a submit, and sends neither', () => {
  const { refused, sent } = deadView(
    '<button id="b" phx-click="inc"><span id="icon">+</span></button><form id="f" phx-submit="save"><button id="go">Go</button></form>',
  );
  $('icon').dispatchEvent(new MouseEvent('click', { bubbles: true }));
  const submit = new SubmitEvent('submit', { bubbles: true, cancelable: true });
  $('f').dispatchEvent(submit);
  expect(refused).toEqual(['b', 'f']);
  expect(sent).toEqual([]);
  // Never a plain HTTP submit in its place.
  expect(submit.defaultPrevented).toBe(true);
});

it('lets click-away, keys, focus and changes go without a word', () => {
  const { refused, sent } = deadView(
    '<div id="menu" phx-click-away="close"></div><form id="f" phx-change="v"><input id="q" name="q" phx-keydown="k" phx-focus="f"></form><p id="out">out</p>',
  );
  $('out').dispatchEvent(new MouseEvent('click', { bubbles: true }));
  $('q').dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
  $('q').dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  $('q').dispatchEvent(new Event('input', { bubbles: true }));
  expect(refused).toEqual([]);
  expect(sent).toEqual([]);
});
