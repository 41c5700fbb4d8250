/**
 * What one example of the examples app is: its routes, the page that links to it, and what it
 * starts before the server takes requests (a shared process, a PubSub adapter). Every example
 * is one file built on the public API only; `examples/app.ts` mounts them all on one server.
 *
 * @example
 * export const counter: Example = {
 *   path: '/counter', title: 'Counter', source: 'counter.ts',
 *   tryThis: 'Press + in two tabs.', shows: 'Each tab is a process of its own.',
 *   routes: [{ path: '/counter', view: Counter }],
 * };
 */
import type { ActorSystem, PubSub } from '../actors/index.js';
import type { LiveRoute } from '../transport/index.js';

/**
 * What an example's `start` receives: the app's actor system and PubSub (on Redis when the app
 * runs as a cluster: `system.cluster` is then set and joined), and the app's settings.
 */
export interface ExampleContext {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  /** The reservations example's stock; default 10. */
  readonly tickets?: number | undefined;
  /** Whether examples may act by themselves (timers; default true); tests want still pages. */
  readonly background?: boolean | undefined;
}

/** One example of the app. */
export interface Example {
  /** Where the index page links to. */
  readonly path: string;
  /** The page's heading, and its name on the index page. */
  readonly title: string;
  /** One line for the index page: what to do on the page. */
  readonly tryThis: string;
  /** One line for the index page: what that shows about the runtime. */
  readonly shows: string;
  /** The example's file in examples/, which the index links. */
  readonly source: string;
  readonly routes: readonly LiveRoute[];
  /** Runs once before the server listens, e.g. to start a supervised process the views call. */
  readonly start?: ((ctx: ExampleContext) => void | Promise<void>) | undefined;
}
