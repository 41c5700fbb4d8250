/**
 * gettext-style translation for the examples, on the platform's Intl. Messages
 * are keyed by their English text (the msgid), so a missing translation falls back to readable
 * English. A plural message has one text per plural category of its language, as
 * `Intl.PluralRules` names them: English needs `one` and `other`, Polish `one`, `few`, `many`
 * (and `other` for fractions). `%{name}` placeholders are filled in after choosing the form;
 * numbers are formatted for the locale, so Polish gets `12 500` where English has `12,500`.
 */

/** The texts of one plural message, by plural category. */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>;
/** One language's translations, by msgid. */
export type Catalogue = Readonly<Record<string, string | PluralForms>>;
/** Values for `%{name}` placeholders. */
export type Bindings = Readonly<Record<string, string | number>>;

/**
 * Translates into the locales of the catalogues it was made from.
 *
 * @example
 * t.gettext('pl', 'Your basket'); // 'Twój koszyk'
 * t.ngettext('pl', '%{count} ticket', '%{count} tickets', 22); // '22 bilety'
 */
export interface Gettext {
  gettext(locale: string, msgid: string, bindings?: Bindings): string;
  /** Picks the form for `count` and binds `%{count}` to it (formatted for the locale). */
  ngettext(
    locale: string,
    msgid: string,
    plural: string,
    count: number,
    bindings?: Bindings,
  ): string;
}

/** The language the msgids are written in: untranslated text follows its plural rules. */
const SOURCE = 'en';

/**
 * Makes a translator over `catalogues` (locale -> catalogue). The source language needs none.
 *
 * @example
 * const t = createGettext({
 *   pl: { '%{count} ticket': { one: '%{count} bilet', few: '%{count} bilety', many: '%{count} biletów' } },
 * });
 * t.ngettext('pl', '%{count} ticket', '%{count} tickets', 5); // '5 biletów'
 * t.ngettext('en', '%{count} ticket', '%{count} tickets', 1); // '1 ticket'
 */
export function createGettext(catalogues: Readonly<Record<string, Catalogue>>): Gettext {
  // Building rules and formats is the costly part of Intl; a view renders on every change.
  const rules = new Map<string, Intl.PluralRules>();
  const numbers = new Map<string, Intl.NumberFormat>();
  const ruleOf = (locale: string) => cached(rules, locale, () => new Intl.PluralRules(locale));
  const numberOf = (locale: string) => cached(numbers, locale, () => new Intl.NumberFormat(locale));

  function bind(locale: string, text: string, bindings: Bindings): string {
    return text.replace(/%\{(\w+)\}/g, (whole, name: string) => {
      const value = bindings[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numberOf(locale).format(value) : value;
    });
  }

  return {
    gettext(locale, msgid, bindings = {}) {
      const found = catalogues[locale]?.[msgid];
      return typeof found === 'string'
        ? bind(locale, found, bindings)
        : bind(SOURCE, msgid, bindings);
    },
    ngettext(locale, msgid, plural, count, bindings = {}) {
      const all = { ...bindings, count };
      const found = catalogues[locale]?.[msgid];
      const form = typeof found === 'object' ? found[ruleOf(locale).select(count)] : undefined;
      if (form !== undefined) return bind(locale, form, all);
      const english = ruleOf(SOURCE).select(count) === 'one' ? msgid : plural;
      return bind(SOURCE, english, all);
    },
  };
}

function cached<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
