/**
 * `npm run start:cluster`: the examples app on `WORKERS` processes (default: one per core), each
 * a node of the cluster on the Redis at `REDIS_URL` (default redis://127.0.0.1:6379), all
 * serving `PORT` (default 4000) on `HOST` (default localhost). The shared processes (the
 * reservations stock, the box office, the chat room, the supervision counter, the activity log)
 * run once in the whole cluster, all but the log with their state in Redis; broadcasts and the
 * chat's online list reach every node.
 *
 * Start it twice, on two ports, with one Redis, and the two behave as two machines: a sale on
 * one shows on the other, and killing either loses no sale. `TICKETS` sets the reservations
 * stock (default 10; the stock saved in Redis wins over it).
 */
import { availableParallelism } from 'node:os';
import { startCluster } from '../transport/index.js';
import { createExamplesApp } from './app.js';
import { developmentSecret } from './dev-secret.js';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const workers = Number(process.env.WORKERS ?? availableParallelism());
const tickets = process.env.TICKETS === undefined ? undefined : Number(process.env.TICKETS);
if (tickets !== undefined && !(Number.isInteger(tickets) && tickets > 0)) {
  throw new RangeError(`TICKETS must be a whole number above 0, got ${process.env.TICKETS}`);
}
// Every worker reads the same development secret file, so each joins what another rendered.
const secret = process.env.SECRET ?? (await developmentSecret()).secret;

try {
  const me = await startCluster({
    redis,
    workers,
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST ?? 'localhost',
    app: ({ cluster }) => createExamplesApp({ secret, cluster, tickets }),
  });
  if (me.role === 'primary') {
    if (process.env.SECRET === undefined)
      console.log('SECRET is not set: using the development secret');
    console.log(
      `liveactor examples on ${me.url} (${workers} worker${workers === 1 ? '' : 's'}, Redis at ${redis.replace(/\/\/[^@/]*@/, '//***@')})`,
    );
  }
} catch (error) {
  // The worker that failed logged why (Redis unreachable names the URL); say it once more here.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
