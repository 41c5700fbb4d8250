/**
 * Streams end to end in one process: a view's streams (test/support/stream-driver.ts: the
 * server's StreamSet and DiffEngine) send each render through JSON to our client (Rendered and
 * the DOM patcher, in happy-dom). After every step the page's list equals a list kept in full
 * (test/support/stream-model.ts), and so does what views/testing shows of it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patchChildren } from '../../client/dom-patch.js';
import { Rendered } from '../../client/rendered.js';
import type { WireDiff } from '../../views/wire.js';
import { mountOp, StreamModel, type StreamOp, streamOp } from '../support/stream-model.js';

interface Driver {
  readonly deadHtml: string;
  join(): WireDiff;
  step(op: StreamOp): WireDiff;
  recordedHtml(): string;
}

// Untyped on purpose: the server's modules need Node's types, which this project leaves out.
const DRIVER = '../support/stream-driver.js';
const { StreamDriver } = (await import(/* @vite-ignore */ DRIVER)) as {
  StreamDriver: new (first: StreamOp) => Driver;
};

/** The list under `root`: `[id, text]` of each child of `#list`. */
function shown(root: ParentNode): Array<readonly [string, string]> {
  return [...(root.querySelector('#list')?.children ?? [])].map((el) => [
    el.id,
    el.textContent ?? '',
  ]);
}

function recorded(markup: string): Array<readonly [string, string]> {
  const box = document.createElement('div');
  box.innerHTML = markup;
  return shown(box);
}

function play(first: StreamOp, steps: readonly StreamOp[]): void {
  const driver = new StreamDriver(first);
  const model = new StreamModel();
  model.apply(first);
  document.body.innerHTML = `<div id="phx-1" data-phx-session="s">${driver.deadHtml}</div>`;
  const container = document.getElementById('phx-1')!;
  expect(shown(container)).toEqual(model.items);
  const rendered = new Rendered('phx-1', driver.join());
  patchChildren(container, rendered.toString(), {
    joining: true,
    streams: rendered.pendingStreams(),
  });
  expect(shown(container)).toEqual(model.items);
  for (const generated of steps) {
    const op = model.normalize(generated);
    model.apply(op);
    rendered.mergeDiff(driver.step(op));
    patchChildren(container, rendered.toString(), { streams: rendered.pendingStreams() });
    expect(shown(container), JSON.stringify(op)).toEqual(model.items);
    expect(recorded(driver.recordedHtml())).toEqual(model.items);
    for (const el of container.querySelectorAll('#list > li')) {
      expect(el.getAttribute('data-phx-stream')).toBe('0');
    }
  }
}

describe('streams through our client', () => {
  it('show, after every step, the list a view would show if it kept it in full', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(mountOp, fc.array(streamOp, { maxLength: 25 }), (first, steps) =>
        play(first, steps),
      ),
      { numRuns: 200 },
    );
  });
});
