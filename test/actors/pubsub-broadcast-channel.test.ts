import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { BroadcastChannel, Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { MessageNotCloneableError } from '../../actors/errors.js';
import { PubSub } from '../../actors/pubsub.js';
import { BroadcastChannelAdapter, workerBroadcast } from '../../actors/pubsub-broadcast-channel.js';
import { ActorSystem } from '../../actors/system.js';
import { probe } from '../support/probe.js';

const fixture = (name: string) => new URL(`../fixtures/tasks/${name}`, import.meta.url);

/** Listens on a channel as a foreign thread would, and yields each raw post in order. */
function rawListener(channel: string): { next(): Promise<unknown> } {
  const raw = new BroadcastChannel(channel);
  onTestFinished(() => raw.close());
  const queue: unknown[] = [];
  const waiting: Array<(data: unknown) => void> = [];
  raw.onmessage = (event) => {
    const resolve = waiting.shift();
    if (resolve) resolve(event.data);
    else queue.push(event.data);
  };
  return {
    next: () =>
      queue.length > 0
        ? Promise.resolve(queue.shift())
        : new Promise((resolve) => {
            waiting.push(resolve);
          }),
  };
}

describe('BroadcastChannelAdapter', () => {
  let channel: string;
  let systemA: ActorSystem;
  let systemB: ActorSystem;
  let a: PubSub;
  let b: PubSub;
  beforeEach(() => {
    channel = `test:${randomUUID()}`;
    systemA = new ActorSystem();
    systemB = new ActorSystem();
    a = new PubSub(systemA, { adapter: new BroadcastChannelAdapter({ channel }) });
    b = new PubSub(systemB, { adapter: new BroadcastChannelAdapter({ channel }) });
  });
  afterEach(async () => {
    await systemA.shutdown();
    await systemB.shutdown();
  });

  it('carries a broadcast to the other PubSub on the channel, and delivers it once at home', async () => {
    const home = probe(systemA);
    const away = probe(systemB);
    a.subscribe(home.pid, 't');
    b.subscribe(away.pid, 't');
    a.broadcast('t', { n: 1 });
    expect(await away.next()).toEqual({ n: 1 });
    b.broadcast('t', 'fence'); // posted after the first post arrived, so any echo of it would come first
    expect(await home.next()).toEqual({ n: 1 });
    expect(await home.next()).toBe('fence');
    expect(await away.next()).toBe('fence');
  });

  it('broadcastFrom skips the sender at home and delivers everywhere else', async () => {
    const sender = probe(systemA);
    const away = probe(systemB);
    a.subscribe(sender.pid, 't');
    b.subscribe(away.pid, 't');
    a.broadcastFrom(sender.pid, 't', 'hello');
    expect(await away.next()).toBe('hello');
    b.broadcast('t', 'fence');
    expect(await sender.next()).toBe('fence');
  });

  it('localBroadcast stays in its thread', async () => {
    const away = probe(systemB);
    b.subscribe(away.pid, 't');
    a.localBroadcast('t', 'local only');
    a.broadcast('t', 'fence');
    expect(await away.next()).toBe('fence');
  });

  it('posts what one tick broadcasts as one message, and the next tick as another', async () => {
    const raw = rawListener(channel);
    for (let i = 0; i < 100; i++) a.broadcast(`t${i % 3}`, i);
    const first = (await raw.next()) as { entries: unknown[] };
    expect(first.entries).toHaveLength(100);
    expect(first.entries[5]).toEqual(['t2', 5, null]);
    a.broadcast('t', 'next tick');
    expect(await raw.next()).toMatchObject({ entries: [['t', 'next tick', null]] });
  });

  it('sends a snapshot: changing the message after broadcast does not change what others get', async () => {
    const away = probe(systemB);
    b.subscribe(away.pid, 't');
    const msg = { n: 1 };
    a.broadcast('t', msg);
    msg.n = 2;
    expect(await away.next()).toEqual({ n: 1 });
  });

  it('refuses a non-cloneable message at the sender and sends nothing to anyone', async () => {
    const home = probe(systemA);
    const away = probe(systemB);
    a.subscribe(home.pid, 't');
    b.subscribe(away.pid, 't');
    expect(() => a.broadcast('t', { fn: () => 1 })).toThrow(MessageNotCloneableError);
    expect(() => a.broadcast('t', Symbol('s'))).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_CLONEABLE' }),
    );
    a.broadcast('t', 'fence');
    expect(await home.next()).toBe('fence');
    expect(await away.next()).toBe('fence');
  });

  it('ignores posts on the channel that are not its envelopes', async () => {
    const away = probe(systemB);
    b.subscribe(away.pid, 't');
    const foreign = new BroadcastChannel(channel);
    onTestFinished(() => foreign.close());
    foreign.postMessage({ hello: 'world' });
    foreign.postMessage(null);
    a.broadcast('t', 'fence');
    expect(await away.next()).toBe('fence');
  });

  it('flushes what is pending and closes the channel when the system shuts down', async () => {
    const raw = rawListener(channel);
    a.broadcast('t', 'last words');
    await systemA.shutdown();
    expect(await raw.next()).toMatchObject({ entries: [['t', 'last words', null]] });
    expect(() => a.broadcast('t', 'too late')).toThrow(TypeError);
  });

  it('does not keep a process alive: a child with an open adapter exits by itself', async () => {
    const module = new URL('../../actors/pubsub-broadcast-channel.ts', import.meta.url).href;
    const script = `
      import { BroadcastChannelAdapter } from ${JSON.stringify(module)};
      const adapter = new BroadcastChannelAdapter({ channel: 'x' });
      adapter.start(() => {});
      adapter.publish('t', 1, undefined);
    `;
    const args = ['--import', 'tsx', '--input-type=module', '-e', script];
    const child = execFile(process.execPath, args);
    onTestFinished(() => {
      child.kill();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

describe('BroadcastChannelAdapter across threads', () => {
  let channel: string;
  let system: ActorSystem;
  let pubsub: PubSub;
  beforeEach(() => {
    channel = `test:${randomUUID()}`;
    system = new ActorSystem();
    pubsub = new PubSub(system, { adapter: new BroadcastChannelAdapter({ channel }) });
  });
  afterEach(() => system.shutdown());

  async function startListener(
    topic: string,
  ): Promise<{ worker: Worker; next(): Promise<unknown> }> {
    const worker = new Worker(fixture('worker-boot.cjs'), {
      execArgv: ['--import', 'tsx'],
      workerData: { entry: fixture('pubsub-listener.ts').pathname, channel, topic },
    });
    onTestFinished(async () => {
      await worker.terminate();
    });
    const queue: unknown[] = [];
    const waiting: Array<(m: unknown) => void> = [];
    worker.on('message', (m: unknown) => {
      const resolve = waiting.shift();
      if (resolve) resolve(m);
      else queue.push(m);
    });
    const next = (): Promise<unknown> =>
      queue.length > 0
        ? Promise.resolve(queue.shift())
        : new Promise((resolve) => {
            waiting.push(resolve);
          });
    expect(await next()).toBe('ready');
    return { worker, next };
  }

  it('a main-thread broadcast reaches a subscriber in a worker thread', async () => {
    const listener = await startListener('news');
    pubsub.broadcast('news', { headline: 'hi' });
    expect(await listener.next()).toEqual({ got: { headline: 'hi' } });
  });

  it("a worker's broadcast reaches the main thread, and the worker's own subscriber once", async () => {
    const listener = await startListener('news');
    const main = probe(system);
    pubsub.subscribe(main.pid, 'news');
    listener.worker.postMessage({ cmd: 'broadcast', topic: 'news', msg: 'from worker' });
    expect(await main.next()).toBe('from worker');
    pubsub.broadcast('news', 'fence');
    const seen = [await listener.next(), await listener.next(), await listener.next()];
    expect(seen).toContainEqual({ sent: 'from worker' });
    expect(seen.filter((m) => JSON.stringify(m) === '{"got":"from worker"}')).toHaveLength(1);
    expect(seen.at(-1)).toEqual({ got: 'fence' }); // any echo would have come before the fence
    listener.worker.postMessage({ cmd: 'stop' });
    await once(listener.worker, 'exit');
  });

  it('a broadcast from a piscina task (a TypeScript task file) reaches a main-thread subscriber', async () => {
    const subscriber = probe(system);
    pubsub.subscribe(subscriber.pid, 'jobs');
    const asker = probe(system);
    const ref = system.runTask(
      asker.pid,
      { filename: fixture('publish.ts') },
      { topic: 'jobs', channel, count: 3 },
    );
    const taskThread = (await asker.next()) as { type: string; ref: unknown; result: number };
    expect(taskThread).toMatchObject({ type: 'TASK_DONE', ref });
    const got = [await subscriber.next(), await subscriber.next(), await subscriber.next()];
    expect(got).toEqual(
      [0, 1, 2].map((i) => ({ type: 'from-task', i, threadId: taskThread.result })),
    );
    expect(taskThread.result).not.toBe(0); // it really ran in a worker thread
  });

  it('workerBroadcast refuses a non-cloneable message at once', () => {
    expect(() => workerBroadcast('t', { fn: () => 1 }, { channel })).toThrow(
      MessageNotCloneableError,
    );
  });

  it('workerBroadcast from this thread reaches the PubSub here too (it is another publisher)', async () => {
    const subscriber = probe(system);
    pubsub.subscribe(subscriber.pid, 't');
    workerBroadcast('t', 'via publisher', { channel });
    expect(await subscriber.next()).toBe('via publisher');
  });
});
