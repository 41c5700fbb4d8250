import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Connection, type ConnectionHandlers } from '../../transport/connection.js';
import type { Frame } from '../../transport/frame.js';
import { ManualClock } from '../support/manual-clock.js';

/** Just enough of a ws WebSocket: records what is sent, lets the test set the buffer. */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  readonly callbacks: (() => void)[] = [];
  closedWith: [number, string] | undefined;

  send(data: string, cb: () => void): void {
    this.sent.push(data);
    this.callbacks.push(cb);
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

function connection(handlers: Partial<ConnectionHandlers> = {}) {
  const ws = new FakeSocket();
  const clock = new ManualClock();
  const events: string[] = [];
  const frames: Frame[] = [];
  const conn = new Connection(
    ws as unknown as WebSocket,
    { clock, eventRate: { events: 3, per: 1000 }, highWaterBytes: 100, heartbeatTimeoutMs: 1000 },
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
    ws.bufferedAmount = 150;
    conn.send('a');
    ws.bufferedAmount = 0;
    expect(() => ws.callbacks[0]?.()).not.toThrow();
    expect(() => ws.emit('close', 1000, Buffer.from(''))).not.toThrow();
    expect(events).toEqual(['error', 'error']);
  });

  it('pauses once above the high-water mark, and resumes when a write drains it below half', () => {
    const { ws, conn, events } = connection();
    ws.bufferedAmount = 150;
    conn.send('a');
    conn.send('b');
    expect(events).toEqual(['pause']);
    ws.bufferedAmount = 60;
    ws.callbacks[0]?.();
    expect(events).toEqual(['pause']);
    ws.bufferedAmount = 50;
    ws.callbacks[1]?.();
    expect(events).toEqual(['pause', 'resume']);
  });

  it('does not count heartbeats against the rate limit', () => {
    const { ws, frames } = connection();
    for (let i = 0; i < 10; i += 1) ws.receive(`[null,"h${i}","phoenix","heartbeat",{}]`);
    for (let i = 0; i < 3; i += 1) ws.receive(`["1","e${i}","lv:x","event",{}]`);
    expect(frames).toHaveLength(3);
    expect(ws.sent.filter((s) => s.includes('"ok"'))).toHaveLength(10);
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
