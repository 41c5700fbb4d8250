/** Placeholder: the Reservations example is being written. */
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';

const View = defineLiveView<Record<string, never>>({
  render: () => html`<p>Reservations: coming soon.</p>`,
});

export const reservations: Example = {
  path: '/reservations',
  title: 'Reservations',
  summary: 'Coming soon.',
  routes: [{ path: '/reservations', view: View }],
};
