import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../actors/pid.js';
import { Supervisor } from '../../actors/supervisor.js';
import { ActorSystem } from '../../actors/system.js';
import { ManualClock } from '../support/manual-clock.js';
import { worker } from './supervision-fixtures.js';

const INTENSITY = 2;
const PERIOD = 1_000;

/** What a one_for_one supervisor should look like, written as plainly as possible. */
interface Model {
  alive: boolean;
  children: string[];
  restarts: number[];
  now: number;
  nextId: number;
}

interface Real {
  readonly system: ActorSystem;
  readonly clock: ManualClock;
  readonly sup: Pid;
}

type SupervisorCommand = fc.AsyncCommand<Model, Real>;

async function checkAgainstModel(model: Model, real: Real): Promise<void> {
  expect(real.system.isAlive(real.sup)).toBe(model.alive);
  if (!model.alive) return;
  const rows = await Supervisor.whichChildren(real.system, real.sup);
  expect(rows.map((row) => row.id)).toEqual(model.children);
  for (const row of rows) expect(row.pid !== undefined && real.system.isAlive(row.pid)).toBe(true);
}

class StartChild implements SupervisorCommand {
  check = (model: Readonly<Model>): boolean => model.alive;
  async run(model: Model, real: Real): Promise<void> {
    const id = `c${model.nextId++}`;
    const pid = await Supervisor.startChild(real.system, real.sup, { id, start: [worker, { id }] });
    model.children.push(id);
    expect(await real.system.call(pid, 'id')).toBe(id);
    await checkAgainstModel(model, real);
  }
  toString = (): string => 'startChild';
}

class Crash implements SupervisorCommand {
  readonly #pick: number;
  constructor(pick: number) {
    this.#pick = pick;
  }
  check = (model: Readonly<Model>): boolean => model.alive && model.children.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const id = model.children[this.#pick % model.children.length]!;
    const rows = await Supervisor.whichChildren(real.system, real.sup);
    const old = rows.find((row) => row.id === id)!.pid!;
    real.system.send(old, 'crash');
    await real.system.idle();

    model.restarts = model.restarts.filter((t) => model.now - t < PERIOD);
    model.restarts.push(model.now);
    if (model.restarts.length > INTENSITY) model.alive = false;
    await checkAgainstModel(model, real);
    if (model.alive) {
      const now = await Supervisor.whichChildren(real.system, real.sup);
      expect(now.find((row) => row.id === id)!.pid).not.toBe(old);
    }
  }
  toString = (): string => `crash(${this.#pick})`;
}

class Advance implements SupervisorCommand {
  readonly #ms: number;
  constructor(ms: number) {
    this.#ms = ms;
  }
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(this.#ms);
    model.now += this.#ms;
    await checkAgainstModel(model, real);
  }
  toString = (): string => `advance(${this.#ms})`;
}

describe('one_for_one supervisor against a model of "restarts in a window"', () => {
  it('agrees with the model for any sequence of startChild, crash and clock advances', async () => {
    const commands = [
      fc.constant(new StartChild()),
      fc.nat({ max: 10 }).map((pick) => new Crash(pick)),
      fc.integer({ min: 1, max: 700 }).map((ms) => new Advance(ms)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        const clock = new ManualClock();
        const system = new ActorSystem({ clock });
        system.on('crash', () => {}); // the supervisor giving up is expected here
        try {
          const sup = await Supervisor.start(system, {
            strategy: 'one_for_one',
            intensity: INTENSITY,
            period: PERIOD,
            children: [],
          });
          const model: Model = { alive: true, children: [], restarts: [], now: 0, nextId: 0 };
          await fc.asyncModelRun(() => ({ model, real: { system, clock, sup } }), cmds);
        } finally {
          await system.shutdown();
        }
      }),
      { numRuns: 60 },
    );
  });
});
