/**
 * The customer pages' message catalogues (#20 item 5): one file per locale (en.ts is the source of the keys,
 * de.ts must have every one — `Catalogue<>` makes a missing or extra key a type error), one `t(key, vars)`
 * per catalogue. English is bundled; another locale is a lazy chunk (`loadLocale`) that the page loads
 * before its first render. Adding a locale: a `<locale>.ts` typed like de.ts, and a line in `LOADERS`.
 *
 * A message is a string with `{name}` placeholders, or plural forms chosen by `Intl.PluralRules` for the
 * number in `vars.n` ("{n} seats left"). Pure apart from the active-catalogue state the page sets once.
 */
export type Plural = { one?: string; two?: string; few?: string; many?: string; zero?: string; other: string };
export type Message = string | Plural;
export type Messages = Record<string, Message>;
/** A translation of the catalogue `M`: the same keys; plural messages may use the locale's own forms. */
export type Catalogue<M extends Messages> = { [K in keyof M]: M[K] extends string ? string : Plural };
export type Vars = Record<string, string | number>;

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** The primary language of a tag ('de-AT' → 'de') when it is one we have; else null. */
export function supported(tag: string | null | undefined): Locale | null {
  const lang = tag?.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang ?? '') ? (lang as Locale) : null;
}

/**
 * The page's language: `?locale=`, else the first of the browser's languages we have, else the business's
 * default locale (GET /v1/branding), else English. `business` is asked only when needed (it is a request).
 */
export async function chooseLocale(
  param: string | null | undefined,
  browser: readonly string[],
  business: () => Promise<string | null | undefined>,
): Promise<Locale> {
  const direct = supported(param) ?? browser.map(supported).find((l) => l) ?? null;
  return direct ?? supported(await business().catch(() => null)) ?? 'en';
}

/** `{name}` placeholders filled from `vars`; unknown ones stay visible (a bug shows, not an empty gap). */
export function fill(text: string, vars?: Vars): string {
  return vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all)) : text;
}

/** The form of `m` for `n` in `locale` (CLDR plural rules); `other` when the locale has no such form. */
export function pluralForm(m: Plural, n: number, locale: string): string {
  return m[new Intl.PluralRules(locale).select(n)] ?? m.other;
}

/** The page's language and its loaded translations (null: English); set once, before the first render. */
let current: { locale: Locale; messages: Record<string, Messages> | null } = { locale: 'en', messages: null };

export function setLocale(locale: Locale, messages: Record<string, Messages> | null): void {
  current = { locale, messages };
}

/** The page's language ('en' until `setLocale`). */
export const pageLocale = (): Locale => current.locale;

/**
 * `t(key, vars)` for one area's catalogue (`en` is its English, bundled with the code that uses it; the
 * translation is `area` of the loaded locale module). A key the translation lacks falls back to English.
 */
export function translator<M extends Messages>(area: string, en: M) {
  return (key: keyof M & string, vars?: Vars): string => {
    const m: Message = (current.messages?.[area] as Catalogue<M> | undefined)?.[key] ?? en[key]!;
    return fill(typeof m === 'string' ? m : pluralForm(m, Number(vars?.['n'] ?? 0), current.locale), vars);
  };
}

/** Loads and activates the page's language (English: nothing to load). Call before the first render. */
export async function activateLocale(locale: Locale): Promise<void> {
  setLocale(locale, locale === 'en' ? null : ((await LOADERS[locale]()) as unknown as Record<string, Messages>));
}

/** The lazy chunk of each non-English locale (English is bundled). */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<unknown>> = {
  de: () => import('./de.ts'),
};
