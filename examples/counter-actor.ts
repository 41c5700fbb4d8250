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
await Supervisor.start(system, {
  strategy: 'one_for_one',
  children: [{ id: 'counter', name: 'counter', start: [counter, 0] }],
});
system.cast('counter', 'inc');
console.log('count:', await system.call('counter', 'get')); // count: 1
system.cast('counter', 'crash'); // its supervisor starts a fresh one from 0
await system.idle();
console.log('after a crash:', await system.call('counter', 'get')); // after a crash: 0
await system.shutdown();
