/** Placeholder: the Events list example is being written. */
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';

const View = defineLiveView<Record<string, never>>({
  render: () => html`<p>Events list: coming soon.</p>`,
});

export const events: Example = {
  path: '/events',
  title: 'Events list',
  summary: 'Coming soon.',
  routes: [{ path: '/events', view: View }],
};
