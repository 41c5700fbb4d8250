/** Placeholder: the Long job example is being written. */
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';

const View = defineLiveView<Record<string, never>>({
  render: () => html`<p>Long job: coming soon.</p>`,
});

export const longJob: Example = {
  path: '/long-job',
  title: 'Long job',
  summary: 'Coming soon.',
  routes: [{ path: '/long-job', view: View }],
};
