/**
 * Monitors and links between processes of two nodes. Each side keeps its half:
 *
 *   watcher's node: ref -> { watcher, target }      fires DOWN when told, or 'noconnection'
 *   target's node:  target -> { ref -> watcher }    tells the watcher's node when target exits
 *   each node:      local pid -> { remote pids }    a link, kept on both sides
 *
 * A monitor or link of a process that is dead already is answered at once with reason 'noproc'
 * (DOWN, or an exit signal); one towards a node that is not up, with 'noconnection'. When a node
 * goes down every half that names it fires here with 'noconnection' (OTP semantics) and the
 * halves it held are forgotten. After a Redis outage shorter than `downAfter` the watcher's node
 * sends its monitors and links again (`reassert`): the target's node ignores what it already
 * has, and answers 'noproc' for a target that died while the DOWN or EXIT was being lost.
 */
import type { DownMessage, MonitorRef } from '../behaviour.js';
import type { ExitReason } from '../exit-reason.js';
import type { Pid } from '../pid.js';
import { encode, portableReason } from './codec.js';
import { DEMONITOR, DOWN, EXIT, LINK, MONITOR, UNLINK, type Wire } from './wire.js';

interface Watching {
  readonly watcher: Pid;
  readonly target: Pid;
  readonly node: string;
}

/** What the watches need of the local system. @internal */
export interface LocalProcesses {
  isAlive(pid: Pid): boolean;
  send(pid: Pid, msg: unknown): void;
  /** An exit signal to a local process from `from`: a link's, or (`fromSystem`) like `system.exit`. */
  exitSignal(to: Pid, from: Pid, reason: ExitReason, fromSystem: boolean): void;
}

/**
 * @example
 * const watches = new RemoteWatches(wire, local);
 * const ref = watches.monitor(self, remotePid, node);
 * @internal
 */
export class RemoteWatches {
  readonly #wire: Wire;
  readonly #local: LocalProcesses;
  readonly #watching = new Map<MonitorRef, Watching>();
  readonly #refsOf = new Map<Pid, Set<MonitorRef>>();
  readonly #watchers = new Map<Pid, Map<MonitorRef, Pid>>();
  readonly #links = new Map<Pid, Set<Pid>>();
  #refs = 0;

  constructor(wire: Wire, local: LocalProcesses) {
    this.#wire = wire;
    this.#local = local;
  }

  monitor(watcher: Pid, target: Pid, node: string): MonitorRef {
    const ref = `${this.#wire.nodeId}#r${(++this.#refs).toString(36)}` as MonitorRef;
    if (!this.#wire.isUp(node)) {
      this.#down(watcher, ref, target, 'noconnection');
      return ref;
    }
    this.#watching.set(ref, { watcher, target, node });
    add(this.#refsOf, watcher, ref);
    this.#post(node, [MONITOR, watcher, target, ref]);
    return ref;
  }

  demonitor(ref: MonitorRef): boolean {
    const watching = this.#watching.get(ref);
    if (watching === undefined) return false;
    this.#forgetRef(ref, watching);
    this.#post(watching.node, [DEMONITOR, watching.target, ref]);
    return true;
  }

  link(local: Pid, remote: Pid, node: string): void {
    if (!this.#wire.isUp(node)) {
      this.#local.exitSignal(local, remote, 'noconnection', false);
      return;
    }
    add(this.#links, local, remote);
    this.#post(node, [LINK, local, remote]);
  }

  unlink(local: Pid, remote: Pid, node: string): void {
    if (!remove(this.#links, local, remote)) return;
    this.#post(node, [UNLINK, local, remote]);
  }

  // --- messages from other nodes ---

  monitored(watcher: Pid, target: Pid, ref: MonitorRef): void {
    const node = this.#wire.remoteNode(watcher);
    if (node === undefined) return;
    if (!this.#local.isAlive(target)) {
      this.#post(node, [DOWN, watcher, ref, target, 'noproc']);
      return;
    }
    const refs = this.#watchers.get(target) ?? new Map<MonitorRef, Pid>();
    this.#watchers.set(target, refs);
    refs.set(ref, watcher);
  }

  demonitored(target: Pid, ref: MonitorRef): void {
    const refs = this.#watchers.get(target);
    if (refs?.delete(ref) && refs.size === 0) this.#watchers.delete(target);
  }

  downed(ref: MonitorRef, reason: ExitReason): void {
    const watching = this.#watching.get(ref);
    if (watching === undefined) return;
    this.#forgetRef(ref, watching);
    this.#down(watching.watcher, ref, watching.target, reason);
  }

  linked(from: Pid, to: Pid): void {
    const node = this.#wire.remoteNode(from);
    if (node === undefined) return;
    if (!this.#local.isAlive(to)) {
      this.#post(node, [EXIT, from, to, 'noproc', true]);
      return;
    }
    add(this.#links, to, from);
  }

  unlinked(from: Pid, to: Pid): void {
    remove(this.#links, to, from);
  }

  /** An exit signal from a remote process: a link's (dropped if the link is gone), or an exit. */
  signalled(to: Pid, from: Pid, reason: ExitReason, isLink: boolean): void {
    if (isLink && !remove(this.#links, to, from)) return;
    this.#local.exitSignal(to, from, reason, !isLink);
  }

  // --- local events ---

  /** Whether a remote process links to or monitors local `pid`. */
  isWatched(pid: Pid): boolean {
    return this.#watchers.has(pid) || this.#links.has(pid);
  }

  /** A local process exited: tell its remote watchers and links, drop its own monitors. */
  exited(pid: Pid, reason: ExitReason): void {
    const refs = this.#refsOf.get(pid);
    if (refs !== undefined) for (const ref of [...refs]) this.demonitor(ref);
    const watchers = this.#watchers.get(pid);
    if (watchers !== undefined) {
      this.#watchers.delete(pid);
      const portable = portableReason(reason);
      for (const [ref, watcher] of watchers) {
        const node = this.#wire.remoteNode(watcher);
        if (node !== undefined) this.#post(node, [DOWN, watcher, ref, pid, portable]);
      }
    }
    const links = this.#links.get(pid);
    if (links !== undefined) {
      this.#links.delete(pid);
      const signal = portableReason(reason === 'kill' ? 'killed' : reason);
      for (const remote of links) {
        const node = this.#wire.remoteNode(remote);
        if (node !== undefined) this.#post(node, [EXIT, remote, pid, signal, true]);
      }
    }
  }

  /** `node` is down: every monitor and link towards it fires 'noconnection'; its halves go. */
  nodeDown(node: string): void {
    for (const [ref, watching] of this.#watching) {
      if (watching.node === node) this.downed(ref, 'noconnection');
    }
    for (const [target, refs] of this.#watchers) {
      for (const [ref, watcher] of refs) {
        if (this.#wire.remoteNode(watcher) === node) refs.delete(ref);
      }
      if (refs.size === 0) this.#watchers.delete(target);
    }
    for (const [local, remotes] of [...this.#links]) {
      for (const remote of [...remotes]) {
        if (this.#wire.remoteNode(remote) !== node) continue;
        remove(this.#links, local, remote);
        this.#local.exitSignal(local, remote, 'noconnection', false);
      }
    }
  }

  /** Sends every monitor and link again, after messages may have been lost in an outage. */
  reassert(): void {
    for (const [ref, { watcher, target, node }] of this.#watching) {
      this.#post(node, [MONITOR, watcher, target, ref]);
    }
    for (const [local, remotes] of this.#links) {
      for (const remote of remotes) {
        const node = this.#wire.remoteNode(remote);
        if (node !== undefined) this.#post(node, [LINK, local, remote]);
      }
    }
  }

  #forgetRef(ref: MonitorRef, watching: Watching): void {
    this.#watching.delete(ref);
    remove(this.#refsOf, watching.watcher, ref);
  }

  #down(watcher: Pid, ref: MonitorRef, target: Pid, reason: ExitReason): void {
    const down: DownMessage = { type: 'DOWN', ref, pid: target, reason };
    this.#local.send(watcher, down);
  }

  #post(node: string, message: unknown[]): void {
    // Pids, refs and portable reasons only: encoding cannot fail.
    void this.#wire.post(node, encode('a link or monitor', message));
  }
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  const set = map.get(key);
  if (set === undefined || !set.delete(value)) return false;
  if (set.size === 0) map.delete(key);
  return true;
}
