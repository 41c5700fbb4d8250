import { vi } from 'vitest';

/**
 * One request the page's long poll made, waiting for the test (playing the server) to answer.
 */
export interface PendingRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** Answers with HTTP 200 and this JSON body. */
  respond(body: unknown): void;
  /** Fails the request as a network error would. */
  fail(): void;
  /** Settles when the page aborted the request. */
  readonly aborted: Promise<void>;
}

/**
 * `fetch` replaced by a server the test plays, for the long-poll transport: every request waits
 * in `requests` until the test answers it. Restored by `vi.unstubAllGlobals()`.
 *
 * @example
 * const server = fakeLongPollServer();
 * new LongPoll('ws://localhost:3000/live/websocket?vsn=2.0.0');
 * (await server.next('GET')).respond({ status: 410, token: 't', messages: [] });
 */
export function fakeLongPollServer(): {
  readonly requests: PendingRequest[];
  /** The oldest request not yet taken (of `method`, if given), once the page made it. */
  next(method?: string): Promise<PendingRequest>;
} {
  const requests: PendingRequest[] = [];
  const waiters: { method: string | undefined; resolve: (r: PendingRequest) => void }[] = [];
  const taken = new Set<PendingRequest>();
  const offer = (request: PendingRequest): void => {
    const at = waiters.findIndex((w) => w.method === undefined || w.method === request.method);
    if (at < 0) return;
    const [waiter] = waiters.splice(at, 1);
    taken.add(request);
    waiter?.resolve(request);
  };
  vi.stubGlobal('fetch', (input: string, init: RequestInit = {}) => {
    return new Promise<Response>((resolve, reject) => {
      let aborted = (): void => {};
      const request: PendingRequest = {
        method: init.method ?? 'GET',
        url: new URL(input),
        body: init.body === null || init.body === undefined ? undefined : String(init.body),
        headers: (init.headers ?? {}) as Record<string, string>,
        respond: (body) => resolve(new Response(JSON.stringify(body))),
        fail: () => reject(new TypeError('Failed to fetch')),
        aborted: new Promise<void>((done) => {
          aborted = done;
        }),
      };
      init.signal?.addEventListener('abort', () => {
        aborted();
        reject(new DOMException('aborted', 'AbortError'));
      });
      requests.push(request);
      offer(request);
    });
  });
  return {
    requests,
    next(method) {
      const waiting = requests.find(
        (r) => !taken.has(r) && (method === undefined || r.method === method),
      );
      if (waiting !== undefined) {
        taken.add(waiting);
        return Promise.resolve(waiting);
      }
      return new Promise((resolve) => waiters.push({ method, resolve }));
    },
  };
}
