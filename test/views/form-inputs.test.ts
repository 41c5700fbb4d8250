/**
 * The field helpers draw accessible inputs: a label for each control, `aria-invalid` only while
 * errors show, `aria-describedby` naming the hint and the error region, which is always in the
 * page, and values escaped.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkboxField,
  fieldAttrs,
  fieldErrors,
  html,
  inputField,
  selectField,
  textareaField,
  toForm,
} from '../../views/index.js';
import { renderToString } from '../../views/render/index.js';

const Profile = z.object({
  name: z
    .string()
    .min(2, 'Two letters at least.')
    .regex(/^[a-z]/i, 'Start with a letter.'),
  bio: z.string().max(10, 'Ten characters at most.'),
  size: z.enum(['S', 'M']),
  tags: z.array(z.string()),
  terms: z.literal('true', 'Accept the terms.'),
});

const submitted = (profile: Record<string, unknown>) =>
  toForm(Profile, { profile }, { as: 'profile', usedInputs: 'all' });

describe('inputField', () => {
  it('links label, input, hint and errors, and marks the input invalid', async () => {
    const form = await submitted({ name: '<' });
    const field = inputField(form.field('name'), {
      label: 'Your name',
      hint: 'As <others> see it',
      attrs: { autocomplete: 'off' },
      classes: { field: ['field', 'field-name'] },
    });
    expect(renderToString(field)).toBe(
      `<div class="field field-name"><label for="profile_name">Your name</label>
<input type="text" id="profile_name" name="profile[name]" aria-invalid="true" aria-describedby="profile_name-hint profile_name-error" value="&lt;" autocomplete="off">
<p class="field-hint" id="profile_name-hint">As &lt;others&gt; see it</p><p class="field-error" id="profile_name-error" aria-live="polite"><span>Two letters at least.</span><span>Start with a letter.</span></p></div>`,
    );
  });

  it('keeps the empty error region in the page, and no aria-invalid, while the field is fine', async () => {
    const form = await submitted({ name: 'Ann' });
    expect(renderToString(inputField(form.field('name'), { label: 'Name' }))).toBe(
      `<div class="field"><label for="profile_name">Name</label>
<input type="text" id="profile_name" name="profile[name]" value="Ann">
<p class="field-error" id="profile_name-error" aria-live="polite"></p></div>`,
    );
  });

  it('never sends a password back to the page', async () => {
    const form = await submitted({ name: 'secret' });
    const page = renderToString(inputField(form.field('name'), { label: 'P', type: 'password' }));
    expect(page).toContain('type="password"');
    expect(page).not.toContain('secret');
  });

  it('takes classes for every part, and none where the app gives false', async () => {
    const form = await submitted({ name: 'A' });
    const page = renderToString(
      inputField(form.field('name'), {
        label: 'Name',
        classes: { field: 'row', label: 'lbl', input: 'in', error: false },
      }),
    );
    expect(page).toMatch(/^<div class="row"><label for="profile_name" class="lbl">/);
    expect(page).toContain('class="in"');
    expect(page).toContain('<p id="profile_name-error" aria-live="polite">');
  });
});

describe('the other controls', () => {
  it('textareaField keeps a leading newline of the value', async () => {
    const form = await submitted({ bio: '\nhello' });
    expect(renderToString(textareaField(form.field('bio'), { label: 'Bio' }))).toContain(
      '<textarea id="profile_bio" name="profile[bio]">\n\nhello</textarea>',
    );
  });

  it('selectField selects the value, and a multiple one names itself with []', async () => {
    const form = await submitted({ size: 'M', tags: ['x', 'z'] });
    const size = renderToString(
      selectField(form.field('size'), {
        label: 'Size',
        prompt: 'Pick one',
        options: [
          'S',
          { label: 'Medium', value: 'M' },
          { label: 'XL', value: 'XL', disabled: true },
        ],
      }),
    );
    expect(size).toContain(
      '<select id="profile_size" name="profile[size]"><option value="">Pick one</option><option value="S">S</option><option value="M" selected>Medium</option><option value="XL" disabled>XL</option></select>',
    );
    const tags = renderToString(
      selectField(form.field('tags'), { label: 'Tags', options: ['x', 'y', 'z'], multiple: true }),
    );
    expect(tags).toContain('name="profile[tags][]" multiple>');
    expect(tags).toContain(
      '<option value="x" selected>x</option><option value="y">y</option><option value="z" selected>z</option>',
    );
  });

  it('checkboxField sends false through a hidden input while unchecked, and labels after the box', async () => {
    const unchecked = await submitted({ terms: 'false' });
    expect(renderToString(checkboxField(unchecked.field('terms'), { label: 'Terms' }))).toBe(
      `<div class="field"><input type="hidden" name="profile[terms]" value="false">
<input type="checkbox" id="profile_terms" name="profile[terms]" aria-invalid="true" aria-describedby="profile_terms-error" value="true">
<label for="profile_terms">Terms</label>
<p class="field-error" id="profile_terms-error" aria-live="polite"><span>Accept the terms.</span></p></div>`,
    );
    const checked = await submitted({ terms: 'true' });
    expect(renderToString(checkboxField(checked.field('terms'), { label: 'Terms' }))).toContain(
      'value="true" checked>',
    );
  });

  it('fieldAttrs and fieldErrors tie a control the app draws itself to its field', async () => {
    const form = await submitted({ name: 'A' });
    const name = form.field('name');
    const page = renderToString(
      html`<input type="range" ${fieldAttrs(name, { hint: true })}>${fieldErrors(name)}`,
    );
    expect(page).toBe(
      '<input type="range" id="profile_name" name="profile[name]" aria-invalid="true" aria-describedby="profile_name-hint profile_name-error"><p class="field-error" id="profile_name-error" aria-live="polite"><span>Two letters at least.</span></p>',
    );
  });
});
