/**
 * Which service a message names: tolerant of case, plurals (en -s/-es, de -e/-en/-n/-er), typos
 * (Damerau–Levenshtein ≤ 1 for words of 5–8 letters, ≤ 2 beyond), German compounds ("Herrenhaarschnitt"
 * contains "haarschnitt") and a small list of English/German words for common services (haircut ↔
 * Haarschnitt). Umlauts may be written ae / oe / ue. A business with one service needs none named. Pure.
 *
 * Ranking: a service whose distinctive name words are all said beats one with only some said; among
 * those, more words said wins ("deep tissue massage" → "Deep tissue massage" over "Massage"). Ties →
 * `several`, nothing said → `none`.
 */
import type { WishLocale } from './language.ts';

export type NamedService = { id: string; name: string };
export type ServiceMatch = { kind: 'one'; service: NamedService } | { kind: 'several'; services: NamedService[] } | { kind: 'none' };

/** Lower case, umlauts as ae / oe / ue, ß as ss, accents off: "Maniküre", "Manikuere" and "manicure's" compare. */
const fold = (s: string) =>
  s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '');

/** Words that name the same kind of service in English and German (each group is one meaning). */
const SYNONYMS: string[][] = [
  ['haircut', 'hair cut', 'haarschnitt', 'haare schneiden', 'schneiden', 'cut'],
  ['massage', 'massagen'],
  ['consultation', 'consult', 'beratung', 'beratungsgespräch', 'gespräch'],
  ['check-up', 'checkup', 'check up', 'untersuchung', 'kontrolle', 'vorsorge'],
  ['cleaning', 'reinigung', 'zahnreinigung'],
  ['colour', 'color', 'colouring', 'coloring', 'färben', 'farbe', 'tönung'],
  ['manicure', 'maniküre', 'nails', 'nägel'],
  ['physiotherapy', 'physio', 'physiotherapie', 'krankengymnastik'],
  ['first appointment', 'initial appointment', 'erstgespräch', 'ersttermin', 'erstberatung'],
].map((group) => group.map(fold));
/** Words that say nothing about which service (in names like "Massage session (60 min)"). */
const STOP = new Set(
  'the a an and of for with der die das und mit für min mins minutes minuten appointment session treatment termin behandlung sitzung'.split(' ').map(fold),
);

const words = (s: string) => (fold(s).match(/[\p{L}\d-]+/gu) ?? []).map((w) => w.replace(/^-+|-+$/g, '')).filter((w) => w.length > 0);

/** Plural and case endings off (a rough stem is enough for matching). */
function stem(w: string): string {
  for (const end of ['es', 'en', 'er', 's', 'e', 'n']) if (w.length > end.length + 3 && w.endsWith(end)) return w.slice(0, -end.length);
  return w;
}

function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Whether the message word `w` stands for the name word `n`. */
function wordMatches(w: string, n: string): boolean {
  if (w === n || stem(w) === stem(n)) return true;
  if (n.length >= 5 && w.length > n.length && w.includes(n)) return true; // a compound: herrenhaarschnitt
  const max = n.length >= 9 ? 2 : n.length >= 5 ? 1 : 0;
  return max > 0 && distance(stem(w), stem(n), max) <= max;
}

/** Every way of saying a name word: itself and its synonyms (one or more words each). */
function variants(nameWord: string): string[][] {
  const group = SYNONYMS.find((g) => g.some((s) => s === nameWord || (s.length >= 5 && wordMatches(nameWord, s))));
  return [[nameWord], ...(group ?? []).map((s) => s.split(' '))];
}

/** How many of the name's distinctive words the text says, and whether it says them all. */
function score(textWords: string[], service: NamedService): { found: number; all: boolean } {
  const nameWords = words(service.name).filter((w) => !STOP.has(w) && !/^\d+$/.test(w));
  const phrase = textWords.join(' ');
  let found = 0;
  for (const nw of nameWords) {
    const hit = variants(nw).some((v) => (v.length > 1 ? phrase.includes(v.join(' ')) : textWords.some((w) => wordMatches(w, v[0]!))));
    if (hit) found++;
  }
  return { found, all: nameWords.length > 0 && found === nameWords.length };
}

export function matchService(text: string, services: readonly NamedService[], locale: WishLocale): ServiceMatch {
  void locale; // both languages' words are always understood (a German customer may write "Massage")
  if (services.length === 1) return { kind: 'one', service: services[0]! };
  const textWords = words(text).slice(0, 500);
  // Every service the text names a word of; the best name all their words, then the most of them.
  const rank = (x: { found: number; all: boolean }) => (x.all ? 1000 : 0) + x.found;
  const scored = services.map((s) => ({ s, v: rank(score(textWords, s)) })).filter((x) => x.v > 0);
  if (scored.length === 0) return { kind: 'none' };
  const best = Math.max(...scored.map((x) => x.v));
  const top = scored.filter((x) => x.v === best).map((x) => x.s);
  return top.length === 1 ? { kind: 'one', service: top[0]! } : { kind: 'several', services: top };
}
