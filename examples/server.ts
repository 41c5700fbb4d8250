/**
 * `npm start`: the examples app on http://localhost:4000 (`PORT` and `HOST` change it).
 * `npm start` builds the client bundle first, then `exec`s node: npm passes a SIGTERM on to its
 * child, and a shell left in between would die of it and leave this process running.
 * Without `SECRET`, the pages are signed with a development secret kept in the OS temp
 * directory (dev-secret.ts), so open tabs stay joined across a restart.
 */
import { createExamplesApp } from './app.js';
import { developmentSecret } from './dev-secret.js';
import { stopOnSignals } from './stop-on-signals.js';

let secret = process.env.SECRET;
if (secret === undefined) {
  const dev = await developmentSecret();
  secret = dev.secret;
  console.log(`SECRET is not set: signing pages with the development secret in ${dev.file}`);
}
const app = await createExamplesApp({ secret });
const host = process.env.HOST ?? 'localhost';
const { port } = await app.listen({ port: Number(process.env.PORT ?? 4000), host });
console.log(`liveactor examples on http://${host}:${port}`);
stopOnSignals(app);
