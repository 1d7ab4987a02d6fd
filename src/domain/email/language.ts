/**
 * English or German? Counted from common function words (small lists, umlauts also written ae / oe / ue)
 * and German letters (ä ö ü ß: two points); a tie — a bare "2", "ok", a name — gives the fallback (the
 * thread's language). Pure.
 */
export type WishLocale = 'en' | 'de';

const fold = (s: string) => s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

const DE = new Set(
  (
    'ich und bitte termin termine morgen übermorgen hallo danke gerne gern nächste nächsten woche um uhr am passt ja nein die der das den dem ' +
    'nicht für mit ein eine einen hätte möchte wäre könnte können kann grüße liebe lieber sehr vielen dank guten tag absagen stornieren ' +
    'verschieben heute vormittag nachmittag abend früh wir sie ihr mir mich mein meine geht es ist sind auch noch oder aber wann wie ' +
    'montag dienstag mittwoch donnerstag freitag samstag sonntag haben habe leider schon dann vielleicht moin servus'
  )
    .split(' ')
    .map(fold),
);
const EN = new Set(
  (
    'i and please appointment could can would like tomorrow today hi hello thanks thank you next week at the a an works yes no for with ' +
    'is are my me morning afternoon evening cancel reschedule any time regards dear we it this that on of to be will have was does do ' +
    'monday tuesday wednesday thursday friday saturday sunday what when how sorry fine great best cheers'
  ).split(' '),
);

export function detectLocale(text: string, fallback: WishLocale): WishLocale {
  const lower = text.toLowerCase();
  const words = lower.match(/\p{L}+/gu) ?? [];
  let de = /[äöüß]/.test(lower) ? 2 : 0;
  let en = 0;
  for (const w of words.slice(0, 400)) {
    if (DE.has(fold(w))) de++;
    if (EN.has(w)) en++;
  }
  if (de === en) return fallback;
  return de > en ? 'de' : 'en';
}
