/**
 * English or German? Counted from common function words and German letters; unclear (a bare "2") → the
 * fallback (the thread's language). Pure.
 */
export type WishLocale = 'en' | 'de';

const DE = new Set(
  'ich und bitte termin termine morgen übermorgen hallo danke gerne gern nächste nächsten woche um uhr am passt ja nein die der das den dem nicht für mit ein eine einen hätte möchte wäre könnte können kann grüße liebe lieber sehr vielen dank guten tag absagen stornieren verschieben heute vormittag nachmittag abend früh'.split(
    ' ',
  ),
);
const EN = new Set(
  'i and please appointment could can would like tomorrow today hi hello thanks thank you next week at the a an works yes no for with is are my me morning afternoon evening cancel reschedule any time regards dear'.split(
    ' ',
  ),
);

export function detectLocale(text: string, fallback: WishLocale): WishLocale {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let de = /[äöüß]/.test(text.toLowerCase()) ? 2 : 0;
  let en = 0;
  for (const w of words.slice(0, 400)) {
    if (DE.has(w)) de++;
    if (EN.has(w)) en++;
  }
  if (de === en) return fallback;
  return de > en ? 'de' : 'en';
}
