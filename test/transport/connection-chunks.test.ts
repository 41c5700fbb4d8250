/**
 * Upload chunks on a connection: they bypass the rate limit only for topics that accept them,
 * and the socket stops being read while the chunks held pass the mark, whatever the client.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Connection, MAX_UNANSWERED } from '../../transport/connection.js';
import { type BinaryFrame, encodeBinaryPush } from '../../transport/frame.js';
import { ManualClock } from '../support/manual-clock.js';

/** Records sends and whether the socket is being read. */
class ReadableFake extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  paused = false;
  readonly sent: string[] = [];
  closedWith: number | undefined;

  send(data: string): void {
    this.sent.push(data);
  }

  close(code: number): void {
    this.closedWith = code;
    this.readyState = 2;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  terminate(): void {
    this.readyState = 3;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  chunk(topic: string, size: number): void {
    const bytes = encodeBinaryPush('1', '2', topic, 'chunk', new Uint8Array(size));
    this.emit('message', Buffer.from(bytes), true);
  }
}

function setup(eventRate: { events: number; per: number } | false = { events: 2, per: 1000 }) {
  const ws = new ReadableFake();
  const chunks: BinaryFrame[] = [];
  const conn = new Connection(
    ws as unknown as WebSocket,
    {
      clock: new ManualClock(),
      eventRate,
      highWaterBytes: 1000,
      maxBufferedBytes: 1_000_000,
      heartbeatTimeoutMs: 60_000,
    },
    {
      onFrame: () => {},
      onChunk: (frame) => chunks.push(frame),
      onPressure: () => {},
      onClose: () => {},
      onError: (error) => {
        throw error;
      },
    },
  );
  return { ws, conn, chunks };
}

describe('Connection chunks', () => {
  it('stops reading past the mark of chunk bytes held, and reads again below half of it', () => {
    const { ws, conn, chunks } = setup();
    conn.acceptChunks('lvu:0', true);
    for (let i = 0; i < 4; i++) ws.chunk('lvu:0', 300);
    expect(chunks).toHaveLength(4);
    expect(ws.paused).toBe(true);
    conn.releaseChunk(600);
    expect(ws.paused).toBe(true);
    conn.releaseChunk(300);
    expect(ws.paused).toBe(false);
  });

  it('reads again only when neither the chunks held nor the replies owed stop it', () => {
    const { ws, conn } = setup(false);
    conn.acceptChunks('lvu:0', true);
    for (let i = 0; i < 4; i++) ws.chunk('lvu:0', 300);
    for (let i = 0; i < MAX_UNANSWERED; i++) {
      ws.emit('message', Buffer.from(`["1","${i}","lv:a","event",{}]`), false);
    }
    conn.releaseChunk(1200);
    expect(ws.paused).toBe(true);
    for (let i = 1; i < MAX_UNANSWERED / 2; i++) conn.reply('1', String(i), 'lv:a', 'ok', {});
    // Chunk replies are not among the replies owed.
    conn.replyToChunk('1', '2', 'lvu:0', 'ok', {});
    expect(ws.paused).toBe(true);
    conn.reply('1', '0', 'lv:a', 'ok', {});
    expect(ws.paused).toBe(false);
  });

  it('answers chunks of a topic that accepts none, rate limited, without handing them on', () => {
    const { ws, chunks, conn } = setup();
    for (let i = 0; i < 3; i++) ws.chunk('lvu:9', 10);
    expect(chunks).toEqual([]);
    const reasons = ws.sent.map((s) => JSON.parse(s)[4].response.reason);
    expect(reasons).toEqual(['unmatched topic', 'unmatched topic', 'rate_limited']);
    conn.acceptChunks('lvu:9', true);
    ws.chunk('lvu:9', 10);
    expect(chunks).toHaveLength(1);
  });

  it('closes with 1007 on a binary frame that is not a push', () => {
    const { ws } = setup();
    ws.emit('message', Buffer.from([1, 0, 0, 1, 1, 65, 66]), true);
    expect(ws.closedWith).toBe(1007);
  });
});
