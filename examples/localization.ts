/** Placeholder: the Localization example is being written. */
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';

const View = defineLiveView<Record<string, never>>({
  render: () => html`<p>Localization: coming soon.</p>`,
});

export const localization: Example = {
  path: '/localization',
  title: 'Localization',
  summary: 'Coming soon.',
  routes: [{ path: '/localization', view: View }],
};
