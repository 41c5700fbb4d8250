import { describe, expect, it } from 'vitest';
import {
  CallTimeoutError,
  LiveActorError,
  MessageNotCloneableError,
  NameTakenError,
  NoProcessError,
  ProcessExitedError,
  SystemStoppedError,
} from '../../actors/errors.js';
import {
  describeReason,
  isAbnormal,
  isErrorReason,
  isNormalish,
} from '../../actors/exit-reason.js';
import type { Pid } from '../../actors/pid.js';

const pid = 'sys.0.1' as Pid;

describe('errors', () => {
  it('each has its stable code, its class name, and the LiveActorError base', () => {
    const cases: [LiveActorError, string][] = [
      [new CallTimeoutError(pid, 5_000), 'ERR_CALL_TIMEOUT'],
      [new ProcessExitedError(pid, 'killed'), 'ERR_PROCESS_EXITED'],
      [new NoProcessError('db'), 'ERR_NO_PROCESS'],
      [new NameTakenError('db'), 'ERR_NAME_TAKEN'],
      [new MessageNotCloneableError('topic'), 'ERR_NOT_CLONEABLE'],
      [new SystemStoppedError('sys'), 'ERR_SYSTEM_STOPPED'],
    ];
    for (const [error, code] of cases) {
      expect(error).toBeInstanceOf(LiveActorError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('keeps the thrown value of an { error } reason as cause', () => {
    const boom = new Error('boom');
    const error = new ProcessExitedError(pid, { error: boom });
    expect(error.reason).toEqual({ error: boom });
    expect(error.cause).toBe(boom);
    expect(new MessageNotCloneableError('t', boom).cause).toBe(boom);
  });
});

describe('exit reasons', () => {
  it('classifies reasons', () => {
    expect(isAbnormal('normal')).toBe(false);
    expect(isAbnormal('shutdown')).toBe(true);
    expect(isNormalish('shutdown')).toBe(true);
    expect(isNormalish('killed')).toBe(false);
    expect(isNormalish({ error: 1 })).toBe(false);
    expect(isErrorReason({ error: undefined })).toBe(true);
    expect(isErrorReason('noproc')).toBe(false);
    expect(describeReason({ error: new Error('x') })).toBe('error: Error: x');
    expect(describeReason('custom')).toBe('custom');
  });
});
