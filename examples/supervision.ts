/** Placeholder: the Supervision example is being written. */
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';

const View = defineLiveView<Record<string, never>>({
  render: () => html`<p>Supervision: coming soon.</p>`,
});

export const supervision: Example = {
  path: '/supervision',
  title: 'Supervision',
  summary: 'Coming soon.',
  routes: [{ path: '/supervision', view: View }],
};
