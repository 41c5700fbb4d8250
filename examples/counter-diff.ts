import { DiffEngine, html, renderToString } from '../views/render/index.js';

const page = (a: { count: number; user: string }) =>
  html`<p>Hello ${a.user}</p><span>${a.count}</span><button phx-click="inc">+</button>`;

const engine = new DiffEngine();
const first = engine.renderView(page, { count: 0, user: '<Ada>' });
console.log('join:', JSON.stringify(first)); // statics once, then every slot, escaped
const next = engine.renderView(page, { count: 1, user: '<Ada>' }, { changed: new Set(['count']) });
console.log('click:', JSON.stringify(next)); // click: {"1":"1"}
console.log('html:', renderToString(page({ count: 1, user: '<Ada>' })));
