import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { bindDocument } from '../../client/bindings.js';
import { isUsed } from '../../client/form-serialize.js';
import type { BindingHost, EventType, ExecExtra } from '../../client/host.js';

interface Call {
  readonly el: Element;
  readonly encoded: string;
  readonly type: EventType;
  readonly extra: ExecExtra | undefined;
}

/** A host that records every exec; elements inside a `[data-phx-session]` are live. */
function recordingHost(
  metadata?: BindingHost['metadata'],
): BindingHost & { calls: Call[]; names(): string[] } {
  const calls: Call[] = [];
  return {
    calls,
    names: () => calls.map((c) => `${c.encoded}@${c.el.id}`),
    execJS: (el, encoded, type, extra) => calls.push({ el, encoded, type, extra }),
    isLive: (el) => el.closest('[data-phx-session]') !== null,
    ...(metadata && { metadata }),
  };
}

function page(inner: string, metadata?: BindingHost['metadata']) {
  document.body.innerHTML = `<div id="view" data-phx-session="s">${inner}</div>`;
  const host = recordingHost(metadata);
  onTestFinished(bindDocument(document, host));
  return host;
}

const $ = <E extends Element = HTMLElement>(id: string) =>
  document.getElementById(id) as unknown as E;

function click(el: Element): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  el.dispatchEvent(event);
  return event;
}

function key(el: EventTarget, type: 'keydown' | 'keyup', k: string): void {
  el.dispatchEvent(new KeyboardEvent(type, { key: k, bubbles: true }));
}

function fire(el: Element, type: 'input' | 'change'): void {
  el.dispatchEvent(new Event(type, { bubbles: true }));
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('phx-click', () => {
  it('runs the closest phx-click ancestor of the target with type click and empty metadata', () => {
    const host = page(
      '<div id="outer" phx-click="outer"><button id="b" phx-click="inc"><span id="icon">+</span></button></div>',
    );
    click($('icon'));
    expect(host.calls).toEqual([
      { el: $('b'), encoded: 'inc', type: 'click', extra: { meta: {} } },
    ]);
  });

  it("hands the metadata callback's keys over as the push meta", () => {
    const metadata = vi.fn((kind: string, e: Event) => ({
      kind,
      detail: (e as MouseEvent).detail,
    }));
    const host = page('<button id="b" phx-click="inc">+</button>', metadata);
    click($('b'));
    expect(host.calls[0]?.extra).toEqual({ meta: { kind: 'click', detail: 0 } });
    expect(metadata).toHaveBeenCalledWith('click', expect.any(MouseEvent), $('b'));
  });

  it('prevents the default of a link with href="#", and only of that one', () => {
    const host = page(
      '<a id="hash" href="#" phx-click="a">a</a><a id="real" href="/x" phx-click="b">b</a>',
    );
    // Registered after the bindings, so it sees what they did; then it keeps happy-dom from
    // following the link.
    const prevented: boolean[] = [];
    const after = (e: Event) => {
      prevented.push(e.defaultPrevented);
      e.preventDefault();
    };
    window.addEventListener('click', after);
    onTestFinished(() => window.removeEventListener('click', after));
    click($('hash'));
    click($('real'));
    expect(host.names()).toEqual(['a@hash', 'b@real']);
    expect(prevented).toEqual([true, false]);
  });

  it('skips a disabled control and an empty binding', () => {
    const host = page(
      '<div id="outer" phx-click="outer"><button id="b" phx-click="inc" disabled><span id="icon">+</span></button></div><button id="empty" phx-click="">e</button>',
    );
    click($('icon'));
    click($('empty'));
    expect(host.names()).toEqual(['outer@outer']);
  });

  it('does not send a click outside the live views, nor from an element no longer in the page', () => {
    const host = page('<button id="in" phx-click="in">in</button>');
    document.body.insertAdjacentHTML('beforeend', '<button id="out" phx-click="out">out</button>');
    click($('out'));
    const detached = $('in');
    detached.remove();
    click(detached);
    expect(host.calls).toEqual([]);
  });

  it('goes through phx-throttle: a second click at once is dropped', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const host = page('<button id="b" phx-click="inc" phx-throttle="1000">+</button>');
    click($('b'));
    click($('b'));
    vi.advanceTimersByTime(1000);
    click($('b'));
    expect(host.names()).toEqual(['inc@b', 'inc@b']);
  });
});

describe('phx-click-away', () => {
  it('runs for a visible element the click started outside of, not for one it started in', () => {
    const host = page(
      '<div id="menu" phx-click-away="close"><button id="inside">i</button></div><div id="hidden" style="display:none" phx-click-away="never"></div><button id="elsewhere">e</button>',
    );
    click($('inside'));
    expect(host.calls).toEqual([]);
    click($('elsewhere'));
    expect(host.calls).toEqual([
      { el: $('menu'), encoded: 'close', type: 'click', extra: { meta: {} } },
    ]);
  });

  it('counts where the mouse went down, not where it came up', () => {
    const host = page(
      '<div id="menu" phx-click-away="close"><button id="inside">i</button></div><button id="elsewhere">e</button>',
    );
    $('inside').dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    $('elsewhere').dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    expect(host.calls).toEqual([]);
  });
});

describe('phx-change', () => {
  const form = (inner: string, attrs = 'phx-change="validate"') =>
    page(`<form id="f" ${attrs}>${inner}</form>`);

  it("sends the form's phx-change for an input event, with the control that changed", () => {
    const host = form('<input id="q" name="q">');
    fire($('q'), 'input');
    expect(host.calls).toEqual([
      {
        el: $('f'),
        encoded: 'validate',
        type: 'form',
        extra: { form: { kind: 'change', form: $('f'), input: $('q') } },
      },
    ]);
    expect(isUsed($('q'))).toBe(true);
  });

  it('sends one event for the input-then-change of one edit, and a later input again', () => {
    const host = form('<input id="q" name="q">');
    fire($('q'), 'input');
    fire($('q'), 'change');
    fire($('q'), 'input');
    expect(host.calls).toHaveLength(2);
  });

  it('sends a change that came with no input just before it (a select, a checkbox)', () => {
    const host = form(
      '<select id="s" name="s"><option>a</option></select><input id="c" type="checkbox" name="c">',
    );
    fire($('s'), 'change');
    fire($('c'), 'change');
    expect(host.calls.map((c) => c.extra?.form?.input)).toEqual([$('s'), $('c')]);
  });

  it("prefers the control's own phx-change over the form's, dispatched from the control", () => {
    const host = form('<input id="a" name="a" phx-change="check"><input id="b" name="b">');
    fire($('a'), 'input');
    fire($('b'), 'input');
    expect(host.names()).toEqual(['check@a', 'validate@f']);
    expect(host.calls[0]?.extra?.form?.form).toBe($('f'));
  });

  it('sends nothing for a form without phx-change, a control outside a form or a composition', () => {
    const host = page(
      '<form id="f"><input id="plain" name="p"></form><input id="loose" phx-change="x"><form phx-change="v"><input id="ime" name="i"></form>',
    );
    fire($('plain'), 'input');
    fire($('loose'), 'input');
    $('ime').dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true }));
    expect(host.calls).toEqual([]);
  });

  it('waits for phx-debounce and sends once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const host = form('<input id="q" name="q" phx-debounce="100">');
    fire($('q'), 'input');
    fire($('q'), 'input');
    expect(host.calls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(host.names()).toEqual(['validate@f']);
  });
});

describe('phx-submit', () => {
  function submit(form: Element, submitter: HTMLElement | null = null): SubmitEvent {
    const event = new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter });
    form.dispatchEvent(event);
    return event;
  }

  it('prevents the browser submit and sends the form with its submitter', () => {
    const host = page(
      '<form id="f" phx-submit="save"><input id="q" name="q"><button id="go" name="go">go</button></form>',
    );
    const event = submit($('f'), $('go'));
    expect(event.defaultPrevented).toBe(true);
    expect(host.calls).toEqual([
      {
        el: $('f'),
        encoded: 'save',
        type: 'form',
        extra: { form: { kind: 'submit', form: $('f'), submitter: $('go') } },
      },
    ]);
  });

  it('marks every field of the form used', () => {
    page('<form id="f" phx-submit="save"><input id="q" name="q"></form>');
    expect(isUsed($('q'))).toBe(false);
    submit($('f'));
    expect(isUsed($('q'))).toBe(true);
  });

  it('drops a waiting debounced change of the form', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const host = page(
      '<form id="f" phx-change="validate" phx-submit="save"><input id="q" name="q" phx-debounce="100"></form>',
    );
    fire($('q'), 'input');
    submit($('f'));
    vi.advanceTimersByTime(1000);
    expect(host.names()).toEqual(['save@f']);
  });

  it('leaves a form without phx-submit to the browser', () => {
    const host = page('<form id="f"><input name="q"></form>');
    const event = submit($('f'));
    expect(event.defaultPrevented).toBe(false);
    expect(host.calls).toEqual([]);
  });

  it('does not send a form outside the live views, and still keeps the browser from submitting it', () => {
    const host = page('');
    document.body.insertAdjacentHTML('beforeend', '<form id="out" phx-submit="save"></form>');
    const event = submit($('out'));
    expect(host.calls).toEqual([]);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('phx-focus and phx-blur', () => {
  it('run for the element that carries them, from focusin and focusout', () => {
    const host = page(
      '<input id="a" phx-focus="in" phx-blur="out"><div id="wrap" phx-focus="wrapped"><input id="b"></div>',
    );
    $('a').dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    $('a').dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    $('b').dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(host.calls).toEqual([
      { el: $('a'), encoded: 'in', type: 'focus', extra: { meta: {} } },
      { el: $('a'), encoded: 'out', type: 'blur', extra: { meta: {} } },
    ]);
  });

  it('run when the element really gains and loses focus', () => {
    const host = page('<input id="a" phx-focus="in" phx-blur="out">');
    $('a').focus();
    $('a').blur();
    expect(host.names()).toEqual(['in@a', 'out@a']);
  });
});

describe('phx-window-focus and phx-window-blur', () => {
  it('run every binding element when the window gains or loses focus', () => {
    const host = page(
      '<div id="x" phx-window-focus="back" phx-window-blur="away"></div><div id="y" phx-window-blur="away2"></div>',
    );
    window.dispatchEvent(new FocusEvent('blur'));
    window.dispatchEvent(new FocusEvent('focus'));
    expect(host.calls.map((c) => [c.encoded, c.el.id, c.type])).toEqual([
      ['away', 'x', 'blur'],
      ['away2', 'y', 'blur'],
      ['back', 'x', 'focus'],
    ]);
  });

  it('do not run for an element losing focus', () => {
    const host = page('<div id="x" phx-window-blur="away"></div><input id="i">');
    $('i').dispatchEvent(new FocusEvent('blur'));
    $('i').dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(host.calls).toEqual([]);
  });
});

describe('phx-keydown and phx-keyup', () => {
  it('run on the target with the key in the meta', () => {
    const host = page('<input id="i" phx-keydown="down" phx-keyup="up">', (kind) => ({ kind }));
    key($('i'), 'keydown', 'a');
    key($('i'), 'keyup', 'a');
    expect(host.calls).toEqual([
      {
        el: $('i'),
        encoded: 'down',
        type: 'keydown',
        extra: { meta: { key: 'a', kind: 'keydown' } },
      },
      { el: $('i'), encoded: 'up', type: 'keyup', extra: { meta: { key: 'a', kind: 'keyup' } } },
    ]);
  });

  it('filter by phx-key, ignoring case', () => {
    const host = page('<input id="i" phx-keydown="submit" phx-key="enter">');
    key($('i'), 'keydown', 'a');
    key($('i'), 'keydown', 'Enter');
    expect(host.calls.map((c) => c.extra?.meta)).toEqual([{ key: 'Enter' }]);
  });

  it('ignore a key event without a key (Chrome autofill)', () => {
    const host = page('<input id="i" phx-keydown="down">');
    $('i').dispatchEvent(new Event('keydown', { bubbles: true }));
    expect(host.calls).toEqual([]);
  });

  it('send a window binding for a key event no element binding took, each with its phx-key', () => {
    const host = page(
      '<div id="w1" phx-window-keydown="any"></div><div id="w2" phx-window-keydown="esc" phx-key="Escape"></div><div id="u" phx-window-keyup="up"></div><input id="own" phx-keydown="own">',
    );
    key(document.body, 'keydown', 'Escape');
    key(document.body, 'keydown', 'x');
    key($('own'), 'keydown', 'Escape');
    key(window, 'keyup', 'q');
    expect(host.names()).toEqual(['any@w1', 'esc@w2', 'any@w1', 'own@own', 'up@u']);
  });

  it('do not send from outside the live views', () => {
    const host = page('');
    document.body.insertAdjacentHTML('beforeend', '<div id="w" phx-window-keydown="k"></div>');
    key(document.body, 'keydown', 'a');
    expect(host.calls).toEqual([]);
  });
});

describe('unbinding', () => {
  it('removes every listener', () => {
    document.body.innerHTML =
      '<div id="view" data-phx-session="s"><button id="b" phx-click="c" phx-keydown="k"></button><div id="away" phx-click-away="a" phx-window-focus="wf"></div><form id="f" phx-change="v" phx-submit="s"><input id="q" name="q" phx-focus="f"></form></div>';
    const host = recordingHost();
    const unbind = bindDocument(document, host);
    unbind();
    click($('b'));
    key($('b'), 'keydown', 'a');
    fire($('q'), 'input');
    fire($('q'), 'change');
    $('q').dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    window.dispatchEvent(new FocusEvent('focus'));
    const event = new SubmitEvent('submit', { bubbles: true, cancelable: true });
    $('f').dispatchEvent(event);
    expect(host.calls).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
  });
});
