import { describe, expect, it } from 'vitest';
import { Rendered } from '../../client/rendered.js';
import type { WireDiff } from '../../views/wire.js';
import reference from '../fixtures/phoenix-frames.json' with { type: 'json' };
import { frozen } from './rendered-fixtures.js';

/**
 * Replays frames captured from a real Phoenix LiveView 1.2.10 server (a copy of
 * ../shared/reference/phoenix-frames.json, copied to test/fixtures): the join reply's `rendered` builds the cache,
 * then every `{diff}` reply and `"diff"` push is merged in order, as the official client does.
 */
interface Route {
  readonly http?: { readonly html: string };
  readonly frames: readonly { readonly raw: string }[];
}

interface Replay {
  /** The content of the view container in the dead (HTTP) render, byte for byte. */
  readonly dead: string;
  /** HTML after the join, then after each merged diff. */
  readonly html: readonly string[];
  readonly diffs: readonly WireDiff[];
}

function replay(path: string): Replay {
  const route = (reference.routes as Readonly<Record<string, Route>>)[path];
  if (route?.http === undefined) throw new Error(`no route ${path} in the reference frames`);
  const page = route.http.html;
  const container = /<div id="(phx-[^"]+)"[^>]*data-phx-main[^>]*>/.exec(page);
  if (container === null) throw new Error(`no view container in the dead render of ${path}`);
  const dead = page.slice(container.index + container[0].length, page.lastIndexOf('</div>'));

  let rendered: Rendered | undefined;
  const html: string[] = [];
  const diffs: WireDiff[] = [];
  for (const frame of route.frames) {
    const [, , topic, event, payload] = JSON.parse(frame.raw) as [
      string | null,
      string | null,
      string,
      string,
      { response?: { rendered?: WireDiff; diff?: WireDiff } } & WireDiff,
    ];
    if (!topic.startsWith('lv:')) continue;
    const joined = event === 'phx_reply' ? payload.response?.rendered : undefined;
    if (joined !== undefined) {
      rendered = new Rendered(container[1]!, frozen(joined));
      html.push(rendered.toString());
      continue;
    }
    const update = event === 'diff' ? payload : payload.response?.diff;
    if (update === undefined || rendered === undefined) continue;
    const { diff } = Rendered.extract(frozen(update));
    diffs.push(diff);
    rendered.mergeDiff(diff);
    html.push(rendered.toString());
  }
  return { dead, html, diffs };
}

describe('Rendered on frames from a real Phoenix LiveView server', () => {
  it('renders the /counter join exactly as the dead render, then counts up', () => {
    const { dead, html } = replay('/counter');
    expect(html[0]).toBe(dead);
    expect(html[0]).toBe(
      '<div id="counter">\n  <h1>Count: 0</h1>\n  <button phx-click="dec">-</button>\n' +
        '  <button phx-click="inc">+</button>\n</div>',
    );
    expect(html).toHaveLength(2);
    expect(html[1]).toBe(html[0]!.replace('Count: 0', 'Count: 1'));
  });

  it('renders the /list join of 100 items exactly as the dead render, then one touched item', () => {
    const { dead, html, diffs } = replay('/list');
    expect(html[0]).toBe(dead);
    const item = (n: number, text: string): string =>
      `<li id="item-${n}">\n  <span>${text}</span>\n` +
      `  <button phx-click="touch" phx-value-id="${n}">touch</button>\n</li>`;
    const items = Array.from({ length: 100 }, (_, i) => item(i + 1, `Item ${i + 1}`));
    expect(html[0]).toBe(`<ul id="list">\n  ${items.join('')}\n</ul>`);

    // The one-row update: {"0":{"k":{"41":{"0":{"1":"Item 42 touched 1x"}},"kc":100}}}
    expect(diffs).toEqual([
      { '0': { k: { '41': { '0': { '1': 'Item 42 touched 1x' } }, kc: 100 } } },
    ]);
    items[41] = item(42, 'Item 42 touched 1x');
    expect(html[1]).toBe(`<ul id="list">\n  ${items.join('')}\n</ul>`);
  });

  it('applies the /pubsub diff push that follows an empty event reply', () => {
    const { dead, html } = replay('/pubsub');
    expect(html[0]).toBe(dead);
    expect(html[0]).toContain('<p>Bumps: 0</p>');
    expect(html).toHaveLength(2);
    expect(html[1]).toBe(html[0]!.replace('Bumps: 0', 'Bumps: 1'));
  });
});
