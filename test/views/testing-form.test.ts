/**
 * `lv.form(selector, values)`: the rendered form filled in and sent as the browser client sends
 * it, so the view gets the same params a user's browser would send, and a value no user could
 * enter is an error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineLiveView } from '../../views/live-view.js';
import { defineComponent, liveComponent } from '../../views/render/component.js';
import { html } from '../../views/render/html.js';
import type { Template } from '../../views/render/index.js';
import { JS } from '../../views/render/js.js';
import { type LiveViewTest, mountLive } from '../../views/testing/index.js';

type Received = { event: string; params: unknown };

function formView(form: () => Template, log: Received[]) {
  return defineLiveView<object, Record<string, unknown>>({
    handleEvent(event, params) {
      log.push({ event, params });
    },
    render: () => form(),
  });
}

let lv: LiveViewTest<Record<string, unknown>> | undefined;
afterEach(async () => {
  await lv?.close();
  lv = undefined;
});

async function mount(form: () => Template) {
  const log: Received[] = [];
  lv = await mountLive(formView(form, log));
  return { lv, log };
}

const signup =
  () => html`<form id="signup" phx-change="validate" phx-submit="save" phx-value-step="1">
<input type="hidden" name="user[role]" value="member">
<input name="user[name]" value="">
<input name="user[email]" value="old@x.io">
<select name="user[plan]"><option value="free">Free</option><option value="pro" selected>Pro</option><option value="team" disabled>Team</option></select>
<select name="user[tags][]" multiple><option>a</option><option>b</option><option>c</option></select>
<input type="hidden" name="user[terms]" value="false"><input type="checkbox" name="user[terms]" value="true">
<input type="radio" name="user[size]" value="s" checked><input type="radio" name="user[size]" value="l">
<textarea name="user[bio]">
hello</textarea>
<input name="user[nick]" disabled value="x">
<button name="intent" value="draft">Save draft</button><button name="intent" value="publish">Publish</button>
</form>`;

describe('lv.form', () => {
  it('change sends the whole form, with _unused_ markers for the fields not filled and _target', async () => {
    const { lv, log } = await mount(signup);
    await lv.form('#signup', { user: { email: 'jo@x.io' } }).change();
    expect(log).toEqual([
      {
        event: 'validate',
        params: {
          user: {
            role: 'member',
            _unused_name: '',
            name: '',
            email: 'jo@x.io',
            _unused_plan: '',
            plan: 'pro',
            _unused_terms: '',
            terms: 'false',
            _unused_size: '',
            size: 's',
            _unused_bio: '',
            bio: 'hello',
          },
          step: '1',
          _target: ['user', 'email'],
        },
      },
    ]);
  });

  it('submit sends every field without markers, the submitter in place, and the extra value merged', async () => {
    const { lv, log } = await mount(signup);
    const values = {
      user: { name: 'Jo', plan: 'free', tags: ['a', 'c'], terms: true, size: 'l', bio: 'hi there' },
    };
    await lv
      .form('#signup', values)
      .submit({ user: { ref: 'ad' } }, { submitter: 'button[value=publish]' });
    expect(log).toEqual([
      {
        event: 'save',
        params: {
          user: {
            role: 'member',
            name: 'Jo',
            email: 'old@x.io',
            plan: 'free',
            tags: ['a', 'c'],
            terms: 'true',
            size: 'l',
            bio: 'hi there',
            ref: 'ad',
          },
          intent: 'publish',
          step: '1',
        },
      },
    ]);
  });

  it('refuses values a user could not enter, naming the field', async () => {
    const { lv, log } = await mount(signup);
    const refused = async (values: Record<string, unknown>) => {
      const error = await lv
        .form('#signup', { user: values } as never)
        .submit()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_FORM_FIELD' });
      return (error as Error).message;
    };
    expect(await refused({ age: '3' })).toMatch(/no field named "user\[age\]"/);
    expect(await refused({ nick: 'y' })).toMatch(/"user\[nick\]" is disabled/);
    expect(await refused({ plan: 'team' })).toMatch(
      /select "user\[plan\]" takes one of \["free","pro"\]/,
    );
    expect(await refused({ tags: ['d'] })).toMatch(/user\[tags\]\[\]/);
    expect(await refused({ role: 'admin' })).toMatch(/hidden input/);
    expect(await refused({ terms: 'yes' })).toMatch(
      /checkbox "user\[terms\]" takes \["true","false"\]/,
    );
    expect(await refused({ size: 'm' })).toMatch(/radio "user\[size\]"/);
    expect(await refused({ name: true })).toMatch(/no checkbox/);
    expect(await refused({ name: null })).toMatch(/"user\[name\]" is given null/);
    await expect(
      lv.form('#signup').submit({}, { submitter: 'input[name="user[name]"]' }),
    ).rejects.toMatchObject({
      code: 'ERR_FORM_FIELD',
    });
    expect(log).toEqual([]);
  });

  it('a click on a submit button without phx-click submits its form, pressed by it', async () => {
    const { lv, log } = await mount(signup);
    await lv.element('button', 'Save draft').click();
    expect(log).toMatchObject([{ event: 'save', params: { intent: 'draft', step: '1' } }]);
    expect(log[0]?.params).toMatchObject({ user: { email: 'old@x.io', plan: 'pro' } });
  });

  it('unchecks a checkbox through its hidden twin, and accepts the value a hidden input has', async () => {
    const { lv, log } = await mount(signup);
    await lv.form('#signup', { user: { terms: 'false', role: 'member' } }).submit();
    expect(log[0]?.params).toMatchObject({ user: { terms: 'false', role: 'member' } });
  });

  it('rejects a form without the binding, and an element that is no form', async () => {
    const { lv } = await mount(() => html`<form id="f"><input name="a"></form><div id="d"></div>`);
    await expect(lv.form('#f').change()).rejects.toMatchObject({ code: 'ERR_NO_BINDING' });
    await expect(lv.form('#f').submit()).rejects.toMatchObject({ code: 'ERR_NO_BINDING' });
    await expect(lv.form('#d').submit()).rejects.toMatchObject({ code: 'ERR_NO_ELEMENT' });
  });

  it('sends through a JS.push in phx-submit and to the phx-target component; fields outside with form=id count', async () => {
    const got: Received[] = [];
    const Editor = defineComponent<{ id: string }>({
      handleEvent(event, params) {
        got.push({ event, params });
        return undefined;
      },
      render: (a) =>
        html`<div id=${a.id}><form id="edit" phx-target=${a.myself} phx-change="check" phx-submit=${JS.push('store', { value: { v: 2 } })}><input name="title"></form></div>`,
    });
    const { lv, log } = await mount(
      () => html`${liveComponent(Editor, { id: 'ed' })}<input form="edit" name="note" value="n">`,
    );
    await lv.form('#edit', { title: 'T' }).change({ _target: 'note' });
    await lv.form('#edit', { title: 'T' }).submit();
    expect(log).toEqual([]);
    expect(got).toEqual([
      { event: 'check', params: { title: 'T', note: 'n', _target: ['note'] } },
      { event: 'store', params: { title: 'T', note: 'n', v: 2 } },
    ]);
  });

  it('render gives the form as the HTML serializer writes it (text escaped, attributes quoted)', async () => {
    const { lv } = await mount(
      () =>
        html`<form id="f" phx-submit="s"><input name="a" value=${'"<1>'}><p>${'a<b'}</p></form>`,
    );
    expect(await lv.form('#f').render()).toBe(
      '<form id="f" phx-submit="s"><input name="a" value="&quot;<1>"><p>a&lt;b</p></form>',
    );
  });
});
