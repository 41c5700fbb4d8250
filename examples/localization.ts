/**
 * Localization: a ticket basket in English and Polish. Plural text comes from a small
 * gettext-style catalogue over `Intl.PluralRules` (./gettext.ts): Polish says 1 bilet, 2 bilety,
 * 5 biletów, 22 bilety, and whole sentences agree with the number ("Zostały 2 bilety", "Zostało
 * 5 biletów"). Prices and counts go through `Intl.NumberFormat`. The language lives in the URL
 * (`?lang=pl`): the links are live patches, so switching keeps the basket, and a reload keeps
 * the language.
 */
import { defineLiveView, html, link } from '../views/index.js';
import type { Example } from './example.js';
import { createGettext } from './gettext.js';

const LANGUAGES = { en: 'English', pl: 'Polski' } as const;
type Locale = keyof typeof LANGUAGES;
const STOCK = 12_500;
const PRICE = 49.5;

const t = createGettext({
  pl: {
    Localization: 'Lokalizacja',
    Language: 'Język',
    'Your basket': 'Twój koszyk',
    '%{price} a ticket': '%{price} za bilet',
    '%{count} ticket in your basket': {
      one: '%{count} bilet w koszyku',
      few: '%{count} bilety w koszyku',
      many: '%{count} biletów w koszyku',
      other: '%{count} biletu w koszyku',
    },
    'One ticket left': {
      one: 'Został %{count} bilet',
      few: 'Zostały %{count} bilety',
      many: 'Zostało %{count} biletów',
      other: 'Zostało %{count} biletu',
    },
    'Total: %{total}': 'Razem: %{total}',
    'Add a ticket': 'Dodaj bilet',
    'Remove a ticket': 'Usuń bilet',
  },
});

const money = (locale: Locale, amount: number) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(amount);

const Localization = defineLiveView<
  { locale: Locale; count: number },
  { add: unknown; remove: unknown }
>({
  mount(_params, _session, socket) {
    socket.assign({ count: 0 });
  },
  // Runs after mount and on every patch: the URL, not the process, remembers the language.
  handleParams(params, _url, socket) {
    const locale: Locale = params.lang === 'pl' ? 'pl' : 'en';
    socket.assign({ locale });
    socket.pageTitle = t.gettext(locale, 'Localization');
  },
  handleEvent(event, _value, socket) {
    if (event !== 'add' && event !== 'remove') return;
    const by = event === 'add' ? 1 : -1;
    socket.update('count', (n) => Math.min(STOCK, Math.max(0, n + by)));
  },
  // Each language's name is written in that language, and marked so (`lang`), so a screen
  // reader says "Polski" in Polish on the English page.
  render: ({ locale, count }) => html`<section lang=${locale}>
<h1>${t.gettext(locale, 'Localization')}</h1>
<nav class="segmented" aria-label=${t.gettext(locale, 'Language')}>${Object.entries(LANGUAGES).map(
    ([code, name]) =>
      code === locale
        ? html`<span aria-current="true" lang=${code}>${name}</span>`
        : link(
            { patch: `/localization?lang=${code}`, attrs: { lang: code, hreflang: code } },
            name,
          ),
  )}</nav>
<div class="card">
<h2>${t.gettext(locale, 'Your basket')}</h2>
<p class="big" id="basket">${t.ngettext(locale, '%{count} ticket in your basket', '%{count} tickets in your basket', count)}</p>
<p id="total">${t.gettext(locale, 'Total: %{total}', { total: money(locale, count * PRICE) })}</p>
<p class="muted">${t.gettext(locale, '%{price} a ticket', { price: money(locale, PRICE) })} ·
<span id="left">${t.ngettext(locale, 'One ticket left', '%{count} tickets left', STOCK - count)}</span></p>
<div class="cluster">
<button phx-click="remove" disabled=${count === 0}>${t.gettext(locale, 'Remove a ticket')}</button>
<button class="button-primary" phx-click="add">${t.gettext(locale, 'Add a ticket')}</button>
</div>
</div>
</section>`,
});

export const localization: Example = {
  path: '/localization',
  title: 'Localization',
  source: 'localization.ts',
  tryThis:
    'Add tickets in Polish and watch the plural forms (1 bilet, 2 bilety, 5 biletów); switch language, then reload.',
  shows:
    'Plurals from Intl.PluralRules, prices from Intl.NumberFormat; the language lives in the URL, changed by a live patch that keeps the basket.',
  routes: [{ path: '/localization', view: Localization }],
};
