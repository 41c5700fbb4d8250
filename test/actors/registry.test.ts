import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { From } from '../../actors/behaviour.js';
import { NameTakenError, NoProcessError } from '../../actors/errors.js';
import { ActorSystem } from '../../actors/system.js';
import { probe } from '../support/probe.js';

const echo = {
  handleCall: (msg: unknown, _from: From, state: null) => ({ reply: msg, state }),
  handleCast: (_msg: unknown, state: null) => state,
};

describe('registry', () => {
  let system: ActorSystem;
  beforeEach(() => {
    system = new ActorSystem();
  });
  afterEach(() => system.shutdown());

  it('registers a name at spawn; whereis finds it; send and call work by name', async () => {
    const pid = system.spawn(echo, null, { name: 'echo' });
    expect(system.whereis('echo')).toBe(pid);
    expect(system.isAlive('echo')).toBe(true);
    expect(await system.call('echo', 'hi')).toBe('hi');
    const target = probe(system, { name: 'inbox' });
    system.send('inbox', 'by name');
    expect(await target.next()).toBe('by name');
  });

  it('throws NameTakenError synchronously from spawn and register, and spawns nothing', () => {
    const spawned: unknown[] = [];
    system.on('spawn', (event) => spawned.push(event));
    const first = system.spawn(echo, null, { name: 'db' });
    expect(() => system.spawn(echo, null, { name: 'db' })).toThrow(NameTakenError);
    const other = system.spawn(echo, null);
    let err: unknown;
    try {
      system.register('db', other);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NameTakenError);
    expect(err).toMatchObject({ code: 'ERR_NAME_TAKEN', takenName: 'db' });
    expect(system.whereis('db')).toBe(first);
    expect(spawned).toHaveLength(2);
  });

  it('refuses a second name for the same process, and a name for a dead process', () => {
    const pid = system.spawn(echo, null, { name: 'a' });
    expect(() => system.register('b', pid)).toThrow(TypeError);
    system.exit(pid, 'kill');
    expect(() => system.register('c', pid)).toThrow(NoProcessError);
  });

  it('frees the name when the process exits, so it can be taken again', async () => {
    const pid = system.spawn(echo, null, { name: 'db' });
    system.exit(pid, 'shutdown');
    expect(system.whereis('db')).toBeUndefined();
    const next = system.spawn(echo, null, { name: 'db' });
    expect(system.whereis('db')).toBe(next);
  });

  it('unregisters a name; the process lives on and can take a new one', async () => {
    const pid = system.spawn(echo, null);
    system.register('x', pid);
    system.unregister('x');
    expect(system.whereis('x')).toBeUndefined();
    system.register('y', pid);
    expect(await system.call('y', 'still here')).toBe('still here');
  });

  it('drops a send or cast to an unknown name silently', () => {
    expect(() => system.send('nobody', 'x')).not.toThrow();
    expect(() => system.cast('nobody', 'x')).not.toThrow();
  });

  it('throws a TypeError for a target that is not a string', () => {
    expect(() => system.send(undefined as never, 'x')).toThrow(TypeError);
  });
});
