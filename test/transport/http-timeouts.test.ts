/** A request sent by halves is not held for minutes: listen() sets Node's request timeouts. */
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveOptions } from '../../transport/options.js';
import { startLiveServer, TEST_SECRET } from '../support/live-client.js';
import { counterView } from './fixtures.js';

const routes = [{ path: '/counter', view: counterView() }];

/** Opens a raw TCP connection, sends `head` and never more; resolves with what the server said before closing. */
async function halfSent(url: string, head: string): Promise<string> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  onTestFinished(() => {
    socket.destroy();
  });
  await once(socket, 'connect');
  socket.write(head);
  let answer = '';
  socket.on('data', (chunk) => {
    answer += chunk.toString();
  });
  await once(socket, 'close');
  return answer;
}

describe('HTTP timeouts', () => {
  it('answers 408 and closes a request whose headers never end, after headersTimeoutMs', async () => {
    const { url } = await startLiveServer({ routes, headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const answer = await halfSent(url, 'GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('defaults to 10 s for the headers and 30 s for the whole request, and checks their order', () => {
    const resolved = resolveOptions({ routes, secret: TEST_SECRET });
    expect([resolved.headersTimeoutMs, resolved.requestTimeoutMs]).toEqual([10_000, 30_000]);
    expect(() =>
      resolveOptions({
        routes,
        secret: TEST_SECRET,
        headersTimeoutMs: 5_000,
        requestTimeoutMs: 1_000,
      }),
    ).toThrow(RangeError);
  });
});
