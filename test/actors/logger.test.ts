import { describe, expect, it } from 'vitest';
import { createStderrLogger, resolveLogger, silentLogger } from '../../actors/index.js';

describe('createStderrLogger', () => {
  it('writes one JSON object per line, with the error serialized as pino does', () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ json: true, write: (line) => lines.push(line) });
    const err = Object.assign(new Error('boom'), { code: 'ERR_X' });
    logger.error({ pid: 'p1', err }, 'process crashed');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({ level: 50, pid: 'p1', msg: 'process crashed' });
    expect(record.err).toMatchObject({ type: 'Error', message: 'boom', code: 'ERR_X' });
    expect(record.err.stack).toContain('boom');
  });

  it('writes a readable line and the stack below it in development', () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ json: false, write: (line) => lines.push(line) });
    logger.warn({ pid: 'p1', err: new Error('bad') }, 'supervisor gave up');
    expect(lines[0]).toMatch(/^\[liveactor\] WARN supervisor gave up \(pid=p1\)\nError: bad\n/);
  });

  it('drops records below its level', () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ level: 'warn', write: (line) => lines.push(line) });
    logger.info({}, 'quiet');
    logger.debug({}, 'quieter');
    logger.error({}, 'loud');
    expect(lines).toHaveLength(1);
  });
});

describe('resolveLogger', () => {
  it('takes false for silence and refuses an object without the four methods', () => {
    expect(resolveLogger(false)).toBe(silentLogger);
    expect(() => resolveLogger({ error() {} } as never)).toThrow(/logger\.warn must be a function/);
  });
});
