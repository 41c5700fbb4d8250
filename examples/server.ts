/**
 * `npm start`. The examples app on http://localhost:4000 needs the transport and the browser
 * client, which are not built yet; until then this runs the actor runtime's own example so
 * that the command shows something real.
 */
console.log(
  'liveactor: the live examples app (http://localhost:4000) arrives with the transport.\n' +
    'Meanwhile, the actor runtime: a supervised counter that crashes and is restarted.\n',
);
await import('./counter-actor.js');
