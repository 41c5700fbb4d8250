import { afterEach, describe, expect, it } from 'vitest';
import { isPending, startLoading } from '../../client/loading-state.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('loading state', () => {
  it('adds the kind loading class until the reply, and marks the element pending meanwhile', () => {
    document.body.innerHTML = '<button id="b">Go</button>';
    const button = document.getElementById('b')!;
    const done = startLoading([button], 'click');
    expect(button.classList.contains('phx-click-loading')).toBe(true);
    expect(isPending(button)).toBe(true);
    done();
    expect(button.classList.contains('phx-click-loading')).toBe(false);
    expect(isPending(button)).toBe(false);
  });

  it('keeps the class while another event of the same element is still waiting', () => {
    document.body.innerHTML = '<form id="f"></form>';
    const form = document.getElementById('f')!;
    const first = startLoading([form], 'change');
    const second = startLoading([form], 'change');
    first();
    first();
    expect(form.classList.contains('phx-change-loading')).toBe(true);
    second();
    expect(form.classList.contains('phx-change-loading')).toBe(false);
  });

  it('swaps phx-disable-with text and disables, then puts both back', () => {
    document.body.innerHTML =
      '<button id="b" phx-disable-with="Saving...">Save</button><input id="i" type="submit" value="Send" phx-disable-with="Sending">';
    const button = document.getElementById('b') as HTMLButtonElement;
    const input = document.getElementById('i') as HTMLInputElement;
    const done = startLoading([], 'submit', [button, input]);
    expect([button.textContent, button.disabled, input.value, input.disabled]).toEqual([
      'Saving...',
      true,
      'Sending',
      true,
    ]);
    done();
    expect([button.textContent, button.disabled, input.value, input.disabled]).toEqual([
      'Save',
      false,
      'Send',
      false,
    ]);
  });

  it('leaves a button disabled that was disabled before', () => {
    document.body.innerHTML = '<button id="b" disabled phx-disable-with="...">Save</button>';
    const button = document.getElementById('b') as HTMLButtonElement;
    startLoading([], 'click', [button])();
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Save');
  });
});
