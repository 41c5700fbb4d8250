/**
 * The localization example: the gettext helper picks plural forms by `Intl.PluralRules`, and
 * the page follows its `?lang=` parameter, which a live patch changes without losing the
 * basket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGettext } from '../examples/gettext.js';
import { localization } from '../examples/localization.js';
import { type LiveViewTest, mountLive } from '../views/testing/index.js';

const t = createGettext({
  pl: {
    '%{count} ticket': {
      one: '%{count} bilet',
      few: '%{count} bilety',
      many: '%{count} biletów',
      other: '%{count} biletu',
    },
    'Hello, %{name}': 'Cześć, %{name}',
  },
});
const tickets = (locale: string, n: number) =>
  t.ngettext(locale, '%{count} ticket', '%{count} tickets', n);

describe('the gettext helper', () => {
  it.each([
    [1, '1 bilet'],
    [2, '2 bilety'],
    [5, '5 biletów'],
    [12, '12 biletów'],
    [22, '22 bilety'],
    [25, '25 biletów'],
    [112, '112 biletów'],
    [1.5, '1,5 biletu'],
  ])('Polish: %d -> %s', (n, text) => {
    expect(tickets('pl', n)).toBe(text);
  });

  it('English: one and other, numbers formatted for the locale', () => {
    expect(tickets('en', 1)).toBe('1 ticket');
    expect(tickets('en', 0)).toBe('0 tickets');
    expect(tickets('en', 12_500)).toBe('12,500 tickets');
    expect(tickets('pl', 12_500)).toBe('12\u00a0500 biletów');
  });

  it('falls back to the English msgid, and binds other placeholders', () => {
    expect(tickets('de', 2)).toBe('2 tickets');
    expect(t.gettext('pl', 'Hello, %{name}', { name: 'Ola' })).toBe('Cześć, Ola');
    expect(t.gettext('pl', 'Not translated')).toBe('Not translated');
    expect(t.gettext('en', '%{missing} stays')).toBe('%{missing} stays');
  });
});

describe('the localization example', () => {
  const View = localization.routes[0]!.view;
  let lv: LiveViewTest | undefined;
  afterEach(async () => {
    await lv?.close();
    lv = undefined;
  });

  const basket = () => lv!.element('#basket').text();
  /** Presses "Add a ticket" (in whichever language the page speaks) `times` times. */
  async function add(times: number) {
    for (let i = 0; i < times; i++) await lv!.element('button.button-primary').click();
  }

  it('speaks Polish from ?lang=pl, plural forms included', async () => {
    lv = await mountLive(View, { url: 'http://localhost/localization?lang=pl' });
    expect(lv.deadHtml).toContain('Twój koszyk');
    expect(await basket()).toBe('0 biletów w koszyku');
    const texts: string[] = [];
    let count = 0;
    for (const n of [1, 2, 5, 22, 25]) {
      await add(n - count);
      count = n;
      texts.push(await basket());
    }
    expect(texts).toEqual([
      '1 bilet w koszyku',
      '2 bilety w koszyku',
      '5 biletów w koszyku',
      '22 bilety w koszyku',
      '25 biletów w koszyku',
    ]);
    expect(await lv.element('#left').text()).toBe('Zostało 12\u00a0475 biletów');
    expect(await lv.element('#total').text()).toBe('Razem: 1237,50\u00a0€');
  });

  it('switches language by a live patch and keeps the basket', async () => {
    lv = await mountLive(View, { url: 'http://localhost/localization' });
    await add(1);
    expect(await basket()).toBe('1 ticket in your basket');
    await add(1);
    expect(await basket()).toBe('2 tickets in your basket');
    expect(await lv.element('#total').text()).toBe('Total: €99.00');

    await lv.element('a[hreflang="pl"]').click();
    expect(await basket()).toBe('2 bilety w koszyku');
    expect(await lv.hasElement('section[lang="pl"]')).toBe(true);
    expect(await lv.element('#left').text()).toBe('Zostało 12\u00a0498 biletów');
    // Removing one works in Polish too, with the plural that fits.
    await lv.element('button', 'Usuń bilet').click();
    expect(await basket()).toBe('1 bilet w koszyku');

    await lv.element('a[hreflang="en"]').click();
    expect(await basket()).toBe('1 ticket in your basket');
  });
});
