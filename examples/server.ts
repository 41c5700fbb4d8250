/**
 * `npm start`. The examples app on http://localhost:4000 needs the browser client, which is not
 * built yet (the server side, `createLiveServer`, is); until then this runs the two examples of
 * the README so that the command shows something real.
 */
console.log(
  'liveactor: the live examples app (http://localhost:4000) arrives with the browser client.\n' +
    'Meanwhile, the two pieces it stands on.\n\n' +
    'A supervised counter process that crashes and is restarted:',
);
await import('./counter-actor.js');
console.log('\nA template diffed the way LiveView does it: only what changed travels:');
await import('./counter-diff.js');
