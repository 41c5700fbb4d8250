/**
 * What one example of the examples app is: its routes, the page that links to it, and what it
 * starts before the server takes requests (a shared process, a PubSub adapter). Every example
 * is one file built on the public API only; `examples/app.ts` mounts them all on one server.
 *
 * @example
 * export const counter: Example = {
 *   path: '/counter', title: 'Counter', summary: 'A number and two buttons.',
 *   routes: [{ path: '/counter', view: Counter }],
 * };
 */
import type { ActorSystem, PubSub } from '../actors/index.js';
import type { LiveRoute } from '../transport/index.js';

/** What an example's `start` receives: the app's actor system and PubSub. */
export interface ExampleContext {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
}

/** One example of the app. */
export interface Example {
  /** Where the index page links to. */
  readonly path: string;
  readonly title: string;
  /** One or two sentences for the index page: what to try and what to notice. */
  readonly summary: string;
  readonly routes: readonly LiveRoute[];
  /** Runs once before the server listens, e.g. to start a supervised process the views call. */
  readonly start?: ((ctx: ExampleContext) => void | Promise<void>) | undefined;
}
