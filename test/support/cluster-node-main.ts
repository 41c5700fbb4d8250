/**
 * A cluster node in a child process, driven by its parent over IPC (see cluster-node.ts). Each
 * request `{ id, cmd, ...args }` gets one answer `{ id, result }` or `{ id, error: { code,
 * message } }`; what the node's processes receive is reported as `{ event: 'info', pid, msg }`.
 */
import {
  ActorSystem,
  ClusterSingleton,
  type ExitReason,
  type Pid,
  Presence,
  PubSub,
  RedisPubSubAdapter,
  type SingletonLease,
} from '../../actors/index.js';

type Request = { id: number; cmd: string; [arg: string]: unknown };

let system: ActorSystem;
let pubsub: PubSub;
let adapter: RedisPubSubAdapter;
let presence: Presence;
const leases = new Map<string, SingletonLease>();

/** Log fields that survive IPC: errors as their message. */
function plain(obj: object): object {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k, v instanceof Error ? v.message : v]),
  );
}

function report(event: object): void {
  process.send?.(event);
}

/** Reports what it receives; answers calls with its node and the message; casts are reported too. */
const reporter = {
  init: (trap: boolean, ctx: { trapExit(on: boolean): void }) => {
    if (trap) ctx.trapExit(true);
    return null;
  },
  handleInfo(msg: unknown, state: null, ctx: { self: Pid }) {
    report({ event: 'info', pid: ctx.self, msg });
    return state;
  },
  handleCast(msg: unknown, state: null, ctx: { self: Pid }) {
    report({ event: 'cast', pid: ctx.self, msg });
    if (msg === 'crash') throw new Error('asked to crash');
    return state;
  },
  handleCall(msg: unknown, _from: unknown, state: null, ctx: { self: Pid }) {
    if (msg === 'slow') return new Promise<never>(() => {});
    return { reply: { node: ctx.self.slice(0, ctx.self.indexOf('.')), msg }, state };
  },
};

/** A singleton child: says when it starts, with its token; writes with it on request. */
const singletonChild = {
  init(lease: SingletonLease) {
    leases.set(lease.name, lease);
    report({ event: 'singleton', name: lease.name, token: lease.token, node: lease.node });
    return lease;
  },
  handleCall(msg: unknown, _from: unknown, lease: SingletonLease) {
    return { reply: { token: lease.token, node: lease.node, msg }, state: lease };
  },
};

const commands: Record<string, (req: Request) => unknown> = {
  async join(req) {
    const record = (level: string) => (obj: object, msg?: string) =>
      report({ event: 'log', level, msg, ...plain(obj) });
    system = new ActorSystem({
      logger: { error: record('error'), warn: record('warn'), info: record('info'), debug() {} },
      cluster: {
        redis: req.redis as string,
        name: req.name as string,
        downAfter: req.downAfter as number,
        heartbeat: req.heartbeat as number,
        lease: req.lease as number,
      },
    });
    await system.joinCluster();
    system.cluster!.on('resync', () => report({ event: 'resync' }));
    adapter = new RedisPubSubAdapter(system);
    pubsub = new PubSub(system, { adapter });
    presence = new Presence(system, { pubsub });
    await presence.ready();
    return system.id;
  },
  spawn: (req) => system.spawn(reporter, req.trap === true),
  spawnMany: (req) =>
    Array.from({ length: req.count as number }, () => system.spawn(reporter, false)),
  async subscribe(req) {
    for (const pid of req.pids as Pid[]) pubsub.subscribe(pid, req.topic as string);
    await adapter.whenSubscribed(req.topic as string);
    return pubsub.subscribers(req.topic as string).length;
  },
  unsubscribe(req) {
    for (const pid of req.pids as Pid[]) pubsub.unsubscribe(pid, req.topic as string);
    return null;
  },
  broadcast(req) {
    for (const msg of req.msgs as unknown[]) {
      if (req.from === undefined) pubsub.broadcast(req.topic as string, msg);
      else pubsub.broadcastFrom(req.from as Pid, req.topic as string, msg);
    }
    return null;
  },
  send(req) {
    for (const msg of req.msgs as unknown[]) system.send(req.to as Pid, msg);
    return null;
  },
  call: (req) => system.call(req.to as Pid, req.msg, { timeout: req.timeout as number }),
  monitor: (req) => system.monitor(req.watcher as Pid, req.target as Pid),
  link(req) {
    system.link(req.a as Pid, req.b as Pid);
    return null;
  },
  exit(req) {
    system.exit(req.pid as Pid, req.reason as ExitReason);
    return null;
  },
  registerGlobal: (req) => system.registerGlobal(req.name as string, req.pid as Pid),
  whereis: (req) => system.whereis(req.name as string) ?? null,
  singleton(req) {
    ClusterSingleton.start(system, {
      name: req.name as string,
      start: (lease) => [singletonChild, lease],
    });
    return null;
  },
  fencedWrite: (req) =>
    system.cluster!.fenced<unknown>(req.name as string).write(req.token as number, req.value),
  lease: (req) => leases.get(req.name as string) ?? null,
  track: (req) =>
    presence.track(
      req.pid as Pid,
      req.topic as string,
      req.key as string,
      req.meta as Record<string, unknown>,
    ),
  list: (req) => presence.list(req.topic as string),
  nodes: () => system.cluster!.nodes(),
  /** Resolves once this node considers `node` down. */
  nodeDown: (req) =>
    system.cluster!.nodes().includes(req.node as string)
      ? new Promise((resolve) => {
          const on = (node: string) => {
            if (node !== req.node) return;
            system.cluster!.off('nodedown', on);
            resolve(node);
          };
          system.cluster!.on('nodedown', on);
        })
      : req.node,
  async shutdown() {
    await system.shutdown();
    return null;
  },
};

process.on('message', (req: Request) => {
  Promise.resolve()
    .then(() => commands[req.cmd]!(req))
    .then(
      (result) => report({ id: req.id, result: result ?? null }),
      (error: { code?: string; message?: string }) =>
        report({ id: req.id, error: { code: error?.code, message: error?.message } }),
    );
});
process.on('disconnect', () => process.exit(0));
report({ event: 'started' });
