import { ActorSystem, Supervisor } from '../actors/index.js';

const counter = {
  init: (start: number) => start,
  handleCast: (msg: 'inc' | 'crash', n: number) => {
    if (msg === 'crash') throw new Error('boom');
    return n + 1;
  },
  handleCall: (_msg: 'get', _from: unknown, n: number) => ({ reply: n, state: n }),
};

const system = new ActorSystem();
const sup = await Supervisor.start(system, {
  strategy: 'one_for_one',
  children: [{ id: 'counter', start: [counter, 0] }],
});
const pidOf = async () => (await Supervisor.whichChildren(system, sup))[0]!.pid!;

system.cast(await pidOf(), 'inc');
console.log('count:', await system.call(await pidOf(), 'get')); // count: 1
system.cast(await pidOf(), 'crash'); // the supervisor restarts it from 0
await system.idle();
console.log('after a crash:', await system.call(await pidOf(), 'get')); // after a crash: 0
await system.shutdown();
