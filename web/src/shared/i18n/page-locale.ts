/**
 * A customer page's language, settled before its first render: `?locale=`, else the browser's languages,
 * else the business's default locale (GET /v1/branding, asked only then), else English; a non-English
 * catalogue is loaded (its lazy chunk) before the page renders, so no label flips language.
 */
import { loadBranding } from '../branding.ts';
import { activateLocale, chooseLocale, supported } from './i18n.ts';

/**
 * Activates the page's language and answers the locale for dates and the customer's messages: the
 * `?locale=` tag as given (`de-AT`; dates follow even a language without a catalogue), undefined when
 * the browser's own language was chosen (Intl and Accept-Language then say the same, regional format
 * included), else the chosen language.
 */
export async function settlePageLocale(param: string | null): Promise<string | undefined> {
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  const lang = await chooseLocale(param, browser, async () => (await loadBranding())?.defaultLocale);
  // A catalogue that fails to load leaves the page in English rather than blank.
  await activateLocale(lang).catch(() => {});
  document.documentElement.lang = lang;
  return param || (supported(browser[0]) === lang ? undefined : lang);
}
