/**
 * @module
 * liveactor: the server side in one import. Each area's own entry (`liveactor/actors`,
 * `liveactor/views`, `liveactor/transport`) lists its names one by one; this entry only joins
 * those curated lists, so a name is added in exactly one place.
 *
 * @example
 * import { ActorSystem, DiffEngine, html } from 'liveactor';
 */
export * from './actors/index.js';
export * from './transport/index.js';
export * from './views/index.js';
