import type { ExitReason } from './exit-reason.js';
import { describeReason } from './exit-reason.js';
import type { Pid } from './pid.js';

/**
 * Base for every error liveactor throws or rejects with. `code` is stable; messages may change.
 *
 * @example
 * try { await system.call(pid, 'get'); }
 * catch (e) { if (e instanceof LiveActorError && e.code === 'ERR_CALL_TIMEOUT') retry(); }
 */
export class LiveActorError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A call got no reply within its timeout. The target may still handle the message later; its
 * reply is then dropped.
 *
 * @example
 * await expect(system.call(pid, 'slow', { timeout: 100 })).rejects.toBeInstanceOf(CallTimeoutError);
 */
export class CallTimeoutError extends LiveActorError {
  readonly pid: Pid;
  readonly timeout: number;

  constructor(pid: Pid, timeout: number) {
    super(
      'ERR_CALL_TIMEOUT',
      `call to ${pid} got no reply in ${timeout} ms; raise { timeout } or reply sooner`,
    );
    this.pid = pid;
    this.timeout = timeout;
  }
}

/**
 * The process a call (or `ready`) waited on is gone: it was dead already (`reason` 'noproc'),
 * or it exited before replying, with `reason`.
 *
 * @example
 * const err = await system.call(pid, 'crash').catch((e: ProcessExitedError) => e);
 * err.reason; // { error: Error('boom') }
 */
export class ProcessExitedError extends LiveActorError {
  readonly pid: Pid;
  readonly reason: ExitReason;

  constructor(pid: Pid, reason: ExitReason) {
    super(
      'ERR_PROCESS_EXITED',
      `process ${pid} exited (${describeReason(reason)}); check that it is alive, or monitor it`,
      typeof reason === 'object' ? { cause: reason.error } : undefined,
    );
    this.pid = pid;
    this.reason = reason;
  }
}

/**
 * No process is registered under that name (or alive with that pid).
 *
 * @example
 * await expect(system.call('nobody', 'ping')).rejects.toMatchObject({ code: 'ERR_NO_PROCESS' });
 */
export class NoProcessError extends LiveActorError {
  /** The pid or name that was looked up. */
  readonly pid: Pid | string;

  constructor(pid: Pid | string) {
    super('ERR_NO_PROCESS', `no process ${pid}; spawn it first or check the name`);
    this.pid = pid;
  }
}

/**
 * A name is registered to another live process already.
 *
 * @example
 * expect(() => system.spawn(b, null, { name: 'db' })).toThrow(NameTakenError);
 */
export class NameTakenError extends LiveActorError {
  /** The name asked for. (Not `name`: on an Error that is the class name.) */
  readonly takenName: string;

  constructor(name: string) {
    super(
      'ERR_NAME_TAKEN',
      `the name '${name}' is registered already; unregister it or pick another`,
    );
    this.takenName = name;
  }
}

/**
 * A message cannot be structured-cloned, so it cannot cross to another thread (PubSub).
 *
 * @example
 * expect(() => pubsub.broadcast('t', () => 1)).toThrow(MessageNotCloneableError);
 */
export class MessageNotCloneableError extends LiveActorError {
  readonly topic: string;

  constructor(topic: string, cause?: unknown) {
    super(
      'ERR_NOT_CLONEABLE',
      `a message on '${topic}' cannot be structured-cloned; send plain data (no functions, class instances with methods or symbols)`,
      cause === undefined ? undefined : { cause },
    );
    this.topic = topic;
  }
}

/**
 * The system has been shut down; it starts no more processes.
 *
 * @example
 * await system.shutdown();
 * expect(() => system.spawn(b, null)).toThrow(SystemStoppedError);
 */
export class SystemStoppedError extends LiveActorError {
  constructor(system: string) {
    super('ERR_SYSTEM_STOPPED', `actor system ${system} is shut down; create a new ActorSystem`);
  }
}
