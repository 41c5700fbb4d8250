import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  Connection,
  type ConnectionHandlers,
  type ConnectionLimits,
  FRAME_OVERHEAD_BYTES,
  MAX_UNANSWERED,
} from '../../transport/connection.js';
import type { Frame } from '../../transport/frame.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * Just enough of a ws WebSocket: records what is sent, lets the test set the buffer. Each write
 * completes at once unless the test holds them (`holdWrites`), keeping their callbacks.
 */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  holdWrites = false;
  readonly sent: string[] = [];
  readonly callbacks: (() => void)[] = [];
  closedWith: [number, string] | undefined;
  isPaused = false;

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  send(data: string, cb: () => void): void {
    this.sent.push(data);
    if (this.holdWrites) this.callbacks.push(cb);
    else cb();
  }

  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }

  terminate(): void {
    this.readyState = 3;
  }

  receive(text: string, isBinary = false): void {
    this.emit('message', Buffer.from(text), isBinary);
  }
}

function connection(
  handlers: Partial<ConnectionHandlers> = {},
  limits: Partial<ConnectionLimits> = {},
) {
  const ws = new FakeSocket();
  const clock = new ManualClock();
  const events: string[] = [];
  const frames: Frame[] = [];
  const conn = new Connection(
    ws as unknown as WebSocket,
    {
      clock,
      eventRate: { events: 3, per: 1000 },
      highWaterBytes: 2000,
      maxBufferedBytes: 8000,
      heartbeatTimeoutMs: 1000,
      ...limits,
    },
    {
      onFrame: (frame) => frames.push(frame),
      onChunk: () => {},
      onPressure: (paused) => events.push(paused ? 'pause' : 'resume'),
      onClose: () => events.push('close'),
      onError: () => events.push('error'),
      ...handlers,
    },
  );
  return { ws, clock, conn, events, frames };
}

describe('Connection', () => {
  it('turns a bug while handling a frame into a 1011 close and a report, not a throw', () => {
    const { ws, events } = connection({
      onFrame: () => {
        throw new Error('bug');
      },
    });
    expect(() => ws.receive('["1","1","lv:x","event",{}]')).not.toThrow();
    expect(events).toEqual(['error']);
    expect(ws.closedWith).toEqual([1011, 'internal error']);
  });

  it('reports a bug in the close and drain handlers instead of throwing into ws', () => {
    const { ws, conn, events } = connection({
      onPressure: (paused) => {
        if (!paused) throw new Error('bug');
      },
      onClose: () => {
        throw new Error('bug');
      },
    });
    ws.holdWrites = true;
    ws.bufferedAmount = 2500;
    conn.send('a');
    ws.bufferedAmount = 0;
    expect(() => ws.callbacks[0]?.()).not.toThrow();
    expect(() => ws.emit('close', 1000, Buffer.from(''))).not.toThrow();
    expect(events).toEqual(['error', 'error']);
  });

  it('pauses once above the high-water mark, and resumes when a write drains it below half', () => {
    const { ws, conn, events } = connection();
    ws.holdWrites = true;
    // 1500 bytes buffered, and the overhead of the one frame queued: over the mark (2000).
    ws.bufferedAmount = 1500;
    conn.send('a');
    conn.send('b');
    expect(events).toEqual(['pause']);
    ws.bufferedAmount = 600;
    ws.callbacks[0]?.();
    expect(events).toEqual(['pause']);
    ws.bufferedAmount = 400;
    ws.callbacks[1]?.();
    expect(events).toEqual(['pause', 'resume']);
  });

  it('counts heartbeats against the rate limit like every other frame', () => {
    const { ws, frames } = connection();
    for (let i = 0; i < 10; i += 1) ws.receive(`[null,"h${i}","phoenix","heartbeat",{}]`);
    ws.receive('["1","e","lv:x","event",{}]');
    expect(frames).toEqual([]);
    const replies = ws.sent.map((text) => JSON.parse(text)[4]);
    expect(replies.slice(0, 3)).toEqual(Array(3).fill({ status: 'ok', response: {} }));
    // Refused past the bucket (3), and the 4th refusal in a row is a flood.
    expect(replies.slice(3)).toEqual(
      Array(3).fill({ status: 'error', response: { reason: 'rate_limited' } }),
    );
    expect(ws.closedWith).toEqual([1008, 'rate limit exceeded']);
  });

  it('closes a flood kept just over the rate: refusals count across refills', () => {
    const { ws, clock, frames } = connection();
    for (let i = 0; i < 3; i += 1) ws.receive(`["1","a${i}","lv:x","event",{}]`);
    // One token back every 334 ms, two frames sent each time: one in, one refused, forever.
    for (let i = 0; i < 100 && ws.closedWith === undefined; i += 1) {
      clock.advance(334);
      ws.receive(`["1","b${i}","lv:x","event",{}]`);
      ws.receive(`["1","c${i}","lv:x","event",{}]`);
    }
    expect(ws.closedWith).toEqual([1008, 'rate limit exceeded']);
    expect(frames.length).toBeLessThan(10);
  });

  it('closes a flood that stays under the bucket size in refusals once it lasted the window', () => {
    const { ws, clock } = connection(
      {},
      { eventRate: { events: 300, per: 1000 }, heartbeatTimeoutMs: 60_000 },
    );
    const burst = (second: number) => {
      // The bucket is full again each second: 301 frames, one refused.
      for (let i = 0; i <= 300; i += 1)
        ws.receive(`[null,"${second}.${i}","phoenix","heartbeat",{}]`);
    };
    for (let second = 0; second < 10; second += 1) {
      burst(second);
      expect(ws.closedWith).toBeUndefined();
      clock.advance(1000);
    }
    burst(10);
    expect(ws.closedWith).toEqual([1008, 'rate limit exceeded']);
  });

  it('forgives a burst over the rate once the client kept under it for a refill', () => {
    const { ws, clock } = connection({}, { heartbeatTimeoutMs: 60_000 });
    for (let round = 0; round < 20; round += 1) {
      for (let i = 0; i < 5; i += 1) ws.receive(`[null,"${round}.${i}","phoenix","heartbeat",{}]`);
      clock.advance(1001);
    }
    expect(ws.closedWith).toBeUndefined();
  });

  it('closes with 1013 instead of sending once the client left maxBufferedBytes unread', () => {
    const { ws, conn } = connection();
    ws.bufferedAmount = 8000;
    conn.send('a');
    expect(ws.sent).toEqual(['a']);
    ws.bufferedAmount = 8001;
    conn.send('b');
    expect(ws.sent).toEqual(['a']);
    expect(ws.closedWith).toEqual([1013, 'client is not reading: output limit exceeded']);
  });

  it('counts what each queued frame costs besides its bytes against maxBufferedBytes', () => {
    const { ws, conn } = connection();
    ws.holdWrites = true;
    const fit = Math.floor(8000 / FRAME_OVERHEAD_BYTES) + 1;
    for (let i = 0; i < fit; i += 1) conn.send('x');
    expect(ws.closedWith).toBeUndefined();
    conn.send('x');
    expect(ws.sent).toHaveLength(fit);
    expect(ws.closedWith?.[0]).toBe(1013);
  });

  it('stops reading while too many replies are owed, and reads again once half are answered', () => {
    const { ws, conn, frames } = connection({}, { eventRate: false });
    for (let i = 0; i < MAX_UNANSWERED; i += 1) ws.receive(`["1","${i}","lv:x","event",{}]`);
    expect(frames).toHaveLength(MAX_UNANSWERED);
    expect(ws.isPaused).toBe(true);
    // Heartbeats and frames without a ref owe nothing.
    for (const frame of frames.slice(0, MAX_UNANSWERED / 2 - 1)) conn.replyTo(frame, 'ok', {});
    expect(ws.isPaused).toBe(true);
    conn.replyTo(frames[MAX_UNANSWERED - 1] as Frame, 'ok', {});
    expect(ws.isPaused).toBe(false);
  });

  it('ignores what arrives after it started closing', () => {
    const { ws, frames } = connection();
    ws.receive('not json');
    ws.receive('["1","1","lv:x","event",{}]');
    expect(frames).toEqual([]);
  });

  it('closes a socket idle for the timeout, counting from its last message', () => {
    const { ws, clock } = connection();
    clock.advance(900);
    ws.receive('[null,"1","phoenix","heartbeat",{}]');
    clock.advance(900);
    expect(ws.closedWith).toBeUndefined();
    clock.advance(100);
    expect(ws.closedWith).toEqual([1001, 'heartbeat timeout']);
  });

  it('sweeps every socket of one server with one timer: the idle one closes, the chatty one stays', () => {
    const clock = new ManualClock();
    const limits = {
      clock,
      eventRate: false as const,
      highWaterBytes: 100,
      maxBufferedBytes: 400,
      heartbeatTimeoutMs: 1000,
    };
    const handlers: ConnectionHandlers = {
      onFrame: () => {},
      onChunk: () => {},
      onPressure: () => {},
      onClose: () => {},
      onError: () => {},
    };
    const chatty = new FakeSocket();
    const idle = new FakeSocket();
    new Connection(chatty as unknown as WebSocket, limits, handlers);
    new Connection(idle as unknown as WebSocket, limits, handlers);
    expect(clock.pending).toBe(1);
    for (let t = 0; t < 4; t++) {
      clock.advance(500);
      chatty.receive('[null,"1","phoenix","heartbeat",{}]');
    }
    expect(idle.closedWith).toEqual([1001, 'heartbeat timeout']);
    expect(chatty.closedWith).toBeUndefined();
  });
});
