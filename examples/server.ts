/**
 * `npm start`: the examples app on http://localhost:4000 (`PORT` and `HOST` change it; set
 * `SECRET` to keep pages valid across restarts). `npm start` builds the client bundle first.
 */
import { randomBytes } from 'node:crypto';
import { createExamplesApp } from './app.js';

const app = await createExamplesApp({
  secret: process.env.SECRET ?? randomBytes(32).toString('base64'),
});
const host = process.env.HOST ?? 'localhost';
const { port } = await app.listen({ port: Number(process.env.PORT ?? 4000), host });
console.log(`liveactor examples on http://${host}:${port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close());
}
