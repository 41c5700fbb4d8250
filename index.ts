/**
 * @module
 * liveactor: the server side of an application in one import, `liveactor/actors`,
 * `liveactor/views` and `liveactor/transport` together. Each of those lists its names one by
 * one; this entry joins the three curated lists rather than copying them, so a name is added
 * in exactly one place, and tsc rejects a name two of them share (TS2308). The entries for
 * embedding (`liveactor/views/render`, the engine; `liveactor/views/host`, what a transport
 * needs) stay out of it: import those by their own names.
 *
 * @example
 * import { ActorSystem, createLiveServer, defineLiveView, html } from 'liveactor';
 */
export * from './actors/index.js';
export * from './transport/index.js';
export * from './views/index.js';
