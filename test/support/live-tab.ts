/**
 * One browser tab as the cluster tests drive it: it GETs a page, joins it over a WebSocket,
 * keeps the rendered tree the way a client does (client/rendered.ts, every reply and push merged
 * in arrival order), and clicks with one click in flight. It records what a careful observer
 * needs: every reply per click ref, and each click whose connection died before its reply
 * ("lost": its server was killed).
 *
 * After a lost connection it rejoins the same page (the same session token, so the same view
 * id) wherever it is told to, as a load balancer would send it.
 *
 * @example
 * const tab = await LiveTab.open(url, '/reservations');
 * const outcome = await tab.click('reserve'); // 'replied' | 'lost'
 * textOf(tab.html(), 'left'); // '9 tickets left'
 */
import { once } from 'node:events';
import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { Rendered } from '../../client/rendered.js';
import type { WireDiff } from '../../views/wire.js';
import { freshPage } from './fresh-page.js';
import type { Page } from './live-client.js';

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

/** How one click ended: answered, or its connection died first. */
export type ClickOutcome = 'replied' | 'lost';

/**
 * The text of the element with `id` in `html` (elements that hold text only).
 *
 * @example
 * textOf('<p id="left">Sold out</p>', 'left'); // 'Sold out'
 */
export function textOf(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

export class LiveTab {
  readonly page: Page;
  /** Clicks sent, replies per click ref, and clicks whose connection died unanswered. */
  readonly clicks: string[] = [];
  readonly replies = new Map<string, number>();
  readonly lost: string[] = [];
  /** Anything a correct server never does: a reply to no click, a view crash. */
  readonly anomalies: string[] = [];
  /** How many times this tab joined its page (more than once after a lost connection). */
  joins = 0;
  #ws: WebSocket | undefined;
  #rendered: Rendered | undefined;
  #joinRef = '';
  #refs = 0;
  #pending: { ref: string; settle(outcome: ClickOutcome): void } | undefined;
  readonly #watchers = new Set<() => boolean>();

  private constructor(page: Page) {
    this.page = page;
  }

  /** A new tab: a page rendered by whichever process `base` hands the request to, joined there. */
  static async open(base: string, path: string): Promise<LiveTab> {
    const tab = new LiveTab(await freshPage(base, path));
    await tab.join(base);
    return tab;
  }

  /** Joins (again) this tab's page on the server at `base`. */
  async join(base: string): Promise<void> {
    const csrf = /<meta name="csrf-token" content="([^"]*)"/.exec(this.page.html)?.[1] ?? '';
    const ws = new WebSocket(
      `${base.replace(/^http/, 'ws')}/live/websocket?_csrf_token=${encodeURIComponent(csrf)}&vsn=2.0.0`,
    );
    onTestFinished(() => ws.terminate());
    ws.on('error', () => {});
    await once(ws, 'open');
    this.#ws = ws;
    this.#rendered = undefined;
    const joinRef = String(++this.#refs);
    this.#joinRef = joinRef;
    const joined = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Frame;
        if (frame[1] === joinRef && frame[3] === 'phx_reply') {
          const { status, response } = frame[4] as {
            status: string;
            response: { rendered?: WireDiff };
          };
          if (status !== 'ok' || response.rendered === undefined) {
            reject(new Error(`join refused: ${JSON.stringify(frame[4])}`));
            return;
          }
          this.#rendered = new Rendered(this.page.id, response.rendered);
          this.joins++;
          resolve();
          this.#changed();
          return;
        }
        this.#receive(frame);
      });
      ws.once('close', () => reject(new Error('socket closed before the join was answered')));
    });
    ws.on('close', () => this.#closed(ws));
    const url = new URL(new URL(this.page.url).pathname, base).href;
    this.#send([
      joinRef,
      joinRef,
      this.page.topic,
      'phx_join',
      {
        url,
        params: { _csrf_token: csrf, _mounts: 0, _mount_attempts: 0 },
        session: this.page.session,
        static: this.page.static === '' ? null : this.page.static,
        sticky: false,
      },
    ]);
    await joined;
  }

  /** Whether its socket is open. */
  get connected(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** The page as this tab shows it now. */
  html(): string {
    return this.#rendered?.toString() ?? '';
  }

  /** Clicks `event` with `value`; resolves with how the click ended (its reply merged first). */
  click(event: string, value: Record<string, unknown> = {}): Promise<ClickOutcome> {
    return this.#event({ type: 'click', event, value });
  }

  /** Submits a form's `fields` with `event` (`phx-submit`), as a click is answered. */
  submit(event: string, fields: Record<string, string>): Promise<ClickOutcome> {
    return this.#event({ type: 'form', event, value: new URLSearchParams(fields).toString() });
  }

  #event(payload: Record<string, unknown>): Promise<ClickOutcome> {
    const ws = this.#ws;
    if (ws === undefined || ws.readyState !== WebSocket.OPEN || this.#pending !== undefined) {
      return Promise.reject(new Error('not joined, or a click is in flight'));
    }
    const ref = String(++this.#refs);
    this.clicks.push(ref);
    const outcome = new Promise<ClickOutcome>((settle) => {
      this.#pending = { ref, settle };
    });
    this.#send([this.#joinRef, ref, this.page.topic, 'event', payload]);
    return outcome;
  }

  /** Resolves once `ready(this)` holds, checked after every frame. */
  until(ready: (tab: LiveTab) => boolean): Promise<void> {
    if (ready(this)) return Promise.resolve();
    return new Promise((resolve) => {
      this.#watchers.add(() => {
        if (!ready(this)) return false;
        resolve();
        return true;
      });
    });
  }

  close(): void {
    this.#ws?.close();
  }

  #receive(frame: Frame): void {
    const [, ref, topic, event, payload] = frame;
    if (topic !== this.page.topic) return;
    if (event === 'phx_reply') {
      if (ref === null) return;
      this.replies.set(ref, (this.replies.get(ref) ?? 0) + 1);
      const pending = this.#pending;
      if (pending === undefined || pending.ref !== ref) {
        this.anomalies.push(`a reply to ${ref}, which is no click in flight`);
        return;
      }
      this.#pending = undefined;
      const diff = (payload.response as { diff?: WireDiff } | undefined)?.diff;
      if (diff !== undefined) this.#rendered?.mergeDiff(diff);
      pending.settle('replied');
    } else if (event === 'diff') {
      this.#rendered?.mergeDiff(payload as WireDiff);
    } else if (event === 'phx_error' || event === 'phx_close') {
      this.anomalies.push(`the view sent ${event}`);
    }
    this.#changed();
  }

  #closed(ws: WebSocket): void {
    if (this.#ws !== ws) return;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined) {
      this.lost.push(pending.ref);
      pending.settle('lost');
    }
  }

  #changed(): void {
    for (const watcher of this.#watchers) if (watcher()) this.#watchers.delete(watcher);
  }

  #send(frame: Frame): void {
    this.#ws?.send(JSON.stringify(frame));
  }
}
