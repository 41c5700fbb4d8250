/** Placeholder: the Chat room example is being written. */
import { defineLiveView, html } from '../views/index.js';
import type { Example } from './example.js';

const View = defineLiveView<Record<string, never>>({
  render: () => html`<p>Chat room: coming soon.</p>`,
});

export const chat: Example = {
  path: '/chat',
  title: 'Chat room',
  summary: 'Coming soon.',
  routes: [{ path: '/chat', view: View }],
};
