import { afterEach, describe, expect, it } from 'vitest';
import { formsToRecover } from '../../client/form-recovery.js';
import { markUsed } from '../../client/form-serialize.js';

function container(inner: string): HTMLElement {
  document.body.innerHTML = `<div id="view" data-phx-session="s">${inner}</div>`;
  return document.getElementById('view')!;
}

const summary = (c: HTMLElement, next: string) =>
  formsToRecover(c, next).map(({ form, event, cid }) => [form.id, event, cid]);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('formsToRecover', () => {
  it('replays a form with an id and phx-change whose twin is in the new render', () => {
    const c = container(
      '<form id="a" phx-change="validate"><input name="q" value="typed"></form>' +
        '<form phx-change="validate"><input name="x"></form>' +
        '<form id="b"><input name="y"></form>' +
        '<form id="gone" phx-change="validate"><input name="z"></form>',
    );
    const next =
      '<form id="a" phx-change="validate"><input name="q"></form><form id="b"><input name="y"></form>';
    expect(summary(c, next)).toEqual([['a', 'validate', undefined]]);
  });

  it('skips a form whose twin has another phx-change or is not a form', () => {
    const c = container(
      '<form id="a" phx-change="validate"><input name="q"></form><form id="b" phx-change="v"><input name="q"></form>',
    );
    const next = '<form id="a" phx-change="other"></form><div id="b" phx-change="v"></div>';
    expect(formsToRecover(c, next)).toEqual([]);
  });

  it('uses the phx-auto-recover event, and skips a form marked "ignore"', () => {
    const c = container(
      '<form id="a" phx-change="validate" phx-auto-recover="recover"><input name="q"></form>' +
        '<form id="b" phx-change="validate" phx-auto-recover="ignore"><input name="q"></form>',
    );
    const next =
      '<form id="a" phx-change="validate" phx-auto-recover="recover"></form><form id="b" phx-change="validate" phx-auto-recover="ignore"></form>';
    expect(summary(c, next)).toEqual([['a', 'recover', undefined]]);
  });

  it('names the event of a push in a JS commands phx-change, and skips one with no push', () => {
    const push = JSON.stringify([['push', { event: 'validate', value: { x: 1 } }]]).replaceAll(
      '"',
      '&quot;',
    );
    const hide = JSON.stringify([['hide', { to: '#x' }]]).replaceAll('"', '&quot;');
    const c = container(
      `<form id="a" phx-change="${push}"><input name="q"></form><form id="b" phx-change="${hide}"><input name="q"></form>`,
    );
    const next = `<form id="a" phx-change="${push}"></form><form id="b" phx-change="${hide}"></form>`;
    expect(summary(c, next)).toEqual([['a', 'validate', undefined]]);
  });

  it('carries the values on the page, with _unused_ keys for untouched fields', () => {
    const c = container(
      '<form id="a" phx-change="validate"><input type="hidden" name="id" value="7"><input name="user[name]" value="Jo"><input name="user[email]"></form>',
    );
    const name = c.querySelector<HTMLInputElement>('[name="user[name]"]')!;
    name.value = 'Joanna';
    markUsed(name);
    const [recovery] = formsToRecover(c, '<form id="a" phx-change="validate"></form>');
    expect([...new URLSearchParams(recovery?.value)]).toEqual([
      ['id', '7'],
      ['user[name]', 'Joanna'],
      ['user[_unused_email]', ''],
      ['user[email]', ''],
    ]);
  });

  it('sets _target to the first field that is not hidden and has no phx-change of its own', () => {
    const c = container(
      '<form id="a" phx-change="v"><input type="hidden" name="id"><input name="own" phx-change="x"><textarea name="body"></textarea></form>' +
        '<form id="b" phx-change="v"><input type="hidden" name="token"></form>' +
        '<form id="c" phx-change="v"><input value="nameless"></form>',
    );
    const next =
      '<form id="a" phx-change="v"></form><form id="b" phx-change="v"></form><form id="c" phx-change="v"></form>';
    expect(formsToRecover(c, next).map((r) => [r.form.id, r.meta])).toEqual([
      ['a', { _target: 'body' }],
      ['b', { _target: 'token' }],
    ]);
  });

  it("gives the new render's component cid only when the form has phx-target", () => {
    const c = container(
      '<div data-phx-component="1"><form id="mine" phx-change="v" phx-target="1"><input name="q"></form>' +
        '<form id="view-form" phx-change="v"><input name="q"></form></div>' +
        '<form id="by-selector" phx-change="v" phx-target="#panel"><input name="q"></form>',
    );
    // The server restarted: the same components come back under new cids.
    const next =
      '<div data-phx-component="4"><form id="mine" phx-change="v" phx-target="4"></form>' +
      '<form id="view-form" phx-change="v"></form></div>' +
      '<div data-phx-component="5"><div id="panel"></div></div>' +
      '<form id="by-selector" phx-change="v" phx-target="#panel"></form>';
    expect(summary(c, next)).toEqual([
      ['mine', 'v', 4],
      ['view-form', 'v', undefined],
      ['by-selector', 'v', 5],
    ]);
  });

  it('returns nothing when the container has no recoverable form', () => {
    expect(formsToRecover(container('<p>hi</p>'), '<p>hi</p>')).toEqual([]);
  });
});
