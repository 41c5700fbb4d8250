/**
 * A cluster node for bench/cluster.bench.ts, in its own process (BenchChild answers each command
 * with one message):
 *
 * - `{ cmd: 'join', redis, name }` -> joins; the node id.
 * - `{ cmd: 'echo' }` -> the pid of a process that answers every call with its message.
 * - `{ cmd: 'rawEcho' }` -> republishes every message of channel `bench:ping` on `bench:pong`,
 *   with the node's own Redis connections and no actors in between.
 * - `{ cmd: 'subscribers', topic, count }` -> spawns `count` counting subscribers of `topic`.
 * - `{ cmd: 'arm' }` -> from now on, counts one more message for every subscriber here.
 * - `{ cmd: 'wait', topic, broadcast }` -> broadcasts on `topic` when `broadcast`, then answers
 *   once every subscriber here got the message counted since `arm`.
 */
import { ActorSystem, type Pid, PubSub, RedisPubSubAdapter } from '../actors/index.js';

interface Command {
  cmd: 'join' | 'echo' | 'rawEcho' | 'subscribers' | 'arm' | 'wait';
  redis?: string;
  name?: string;
  topic?: string;
  count?: number;
  broadcast?: boolean;
}

let system: ActorSystem;
let pubsub: PubSub;
let adapter: RedisPubSubAdapter;
let subscribers = 0;
let received = 0;
let target = 0;
let done: (() => void) | undefined;

const counter = {
  handleInfo(_msg: unknown, state: null) {
    if (++received >= target) done?.();
    return state;
  },
};

const echo = {
  handleCall: (msg: unknown, _from: unknown, state: null) => ({ reply: msg, state }),
};

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'join':
      system = new ActorSystem({
        logger: false,
        cluster: { redis: command.redis!, name: command.name! },
      });
      await system.joinCluster();
      adapter = new RedisPubSubAdapter(system);
      pubsub = new PubSub(system, { adapter });
      return system.id;
    case 'echo':
      return system.spawn(echo, null);
    case 'rawEcho': {
      const { redis } = system.cluster!.internals;
      await redis.subscriber.subscribe(
        'bench:ping',
        (m: Buffer) => void redis.commands.publish('bench:pong', m),
        true,
      );
      return null;
    }
    case 'subscribers': {
      for (let i = 0; i < command.count!; i++)
        pubsub.subscribe(system.spawn(counter, null) as Pid, command.topic!);
      subscribers += command.count!;
      await adapter.whenSubscribed(command.topic!);
      return subscribers;
    }
    case 'arm':
      target = received + subscribers;
      return target;
    case 'wait': {
      const all = new Promise<void>((resolve) => {
        done = resolve;
      });
      if (command.broadcast === true) pubsub.broadcast(command.topic!, { type: 'tick' });
      if (received < target) await all;
      done = undefined;
      return received;
    }
  }
}

process.on('message', (command: Command) => {
  handle(command).then(
    (result) => process.send?.({ result }),
    (error: Error) => process.send?.({ error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
