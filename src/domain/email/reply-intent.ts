/**
 * What a reply in a thread asks for: one of the proposed times ("2", "the second one", "10:30 works",
 * "ja, die 2", "Dienstag passt"), a cancellation ("cancel", "absagen", "stornieren"), another time
 * ("reschedule", "move to Friday", "verschieben", "none of these work"), or none of these. Pure; the text
 * is the reply with quoted lines already removed.
 *
 * Contract:
 * - A time is matched only against the proposals that were sent, never guessed: a number outside 1…n, or a
 *   time, weekday or date that fits none or several of them, is not a choice. Time, weekday and date narrow
 *   together ("Tuesday at 10:00"); "at 2" / "um 2" fits 2:00 or 14:00.
 * - A bare digit is a choice unless it counts something ("2 people", "30 min"); number words ("two",
 *   "zwei") only after "number / option / Nr. / die" or standing alone; ordinals ("second", "zweite",
 *   "last") not in "first of all", "last week", "das erste Mal".
 * - Cancelling is destructive, so "cancel" must be a request: the word itself ("cancellation policy?" is
 *   not), not negated ("please don't cancel"), not hedged or asked about ("can I cancel if I'm ill?",
 *   "bis wann kann ich stornieren?" → none). "I can't make it" / "kann nicht kommen" cancel unless the
 *   reply also asks for another time (then reschedule).
 * - Cancel and move words win over a number ("cancel 2" cancels). A declined proposal ("Dienstag passt
 *   nicht", "none of these work") is a reschedule.
 * - Case, punctuation, accents and umlauts written as ae / oe / ue do not matter.
 */
import * as chrono from 'chrono-node';
import { isoWeekday, localDate, localParts } from '../time/zones.ts';
import type { WishLocale } from './language.ts';
import { WEEKDAYS } from './weekdays.ts';

export type Proposal = { start: number };
/**
 * `choose`: `index` into the proposals (0-based); -1 when a bare number came but no proposals are out
 * (they lapsed) — the caller says so and offers fresh ones.
 */
export type ReplyIntent = { kind: 'choose'; index: number } | { kind: 'cancel' } | { kind: 'reschedule' } | { kind: 'none' };

// All patterns are written in folded form: lower case, ä → ae, ö → oe, ü → ue, ß → ss, no accents.
const CANCEL = /\b(cancel|cancel it|call off|absagen|absage|sage (ich )?(den termin |ihn |es )?(hiermit )?ab|storniere?n?|stornierung|storno)\b/u;
const NOT_CANCEL = /\b(don'?t|do not|not|no need to|nicht|nie)\s+(\p{L}+\s+){0,2}?(cancel|absagen|stornieren)\b/u;
/** Words that make a cancel word a question or a condition rather than a request. */
const CANCEL_HEDGE =
  /\b(if|in case|might|maybe|perhaps|how|when|policy|fee|charge|free|can i|could i|may i|possible to|do i (have|need) to|what if|falls|wenn|vielleicht|eventuell|wie|wann|kann ich|koennte ich|darf ich|muss ich|kostenlos|gebuehr|kosten|bedingungen)\b/u;
const POLITE = /\b(if (it'?s |that'?s |this is )?(possible|ok|okay|alright|fine)|wenn (es )?(moeglich|geht)|falls (es )?(moeglich|geht))\b/gu;
const SOFT_CANCEL =
  /(can'?t|cannot|won'?t|will not|am not able to|won'?t be able to) (make it|come|attend)|kann (leider |doch |jetzt )?nicht (kommen|erscheinen)|komme (leider |doch )?nicht(?= *([.!,;]|$))|schaffe es (leider |doch )?nicht/u;
const RESCHEDULE =
  /\b(reschedule|re-schedule|move|moved|postpone|another (time|day|date|slot)|other (times|days|dates|slots)|different (time|day|date|slot)|change the (time|date|day)|verschieben|verlegen|umbuchen|anderen termin|anderer termin|andere zeit|andere uhrzeit|anderen tag|anderes datum)\b/u;
/** Declining what was offered, or offering something else instead. */
const DECLINE =
  /\b(passt (mir |uns )?(leider |doch |gar )?nicht|geht (leider |doch |gar )?nicht|klappt (leider |doch )?nicht|does ?n'?t work|do ?n'?t work|won'?t work|does not work|do not work|none of|neither|keiner? (der|davon|von)|can'?t do)\b/u;
const ALTERNATIVE = /\b(instead|how about|what about|could we|can we|stattdessen|dafuer|wie waere|koennen wir|koennten wir|geht auch|ginge auch)\b/u;

const ORDINALS: Readonly<Record<string, number | 'last'>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  last: 'last',
  erste: 1,
  ersten: 1,
  erster: 1,
  erstes: 1,
  zweite: 2,
  zweiten: 2,
  zweiter: 2,
  zweites: 2,
  dritte: 3,
  dritten: 3,
  dritter: 3,
  drittes: 3,
  vierte: 4,
  vierten: 4,
  fuenfte: 5,
  fuenften: 5,
  letzte: 'last',
  letzten: 'last',
  letzter: 'last',
  letztes: 'last',
};
/** Words after an ordinal that make it about something else ("last week", "das erste Mal", "first time"). */
const ORDINAL_NOT_BEFORE = new Set('of time times week weekend month year visit mal woche wochenende monat jahr besuch'.split(' '));
const CARDINALS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, eins: 1, zwei: 2, drei: 3, vier: 4, fuenf: 5 };
const CARDINAL = new RegExp(`\\b(?:number|option|nr|nummer|no|choice|vorschlag|variante|die|den|termin)\\.?\\s+(${Object.keys(CARDINALS).join('|')})\\b`, 'u');
/** Words a reply of just a number word may have around it ("yes, two please"). */
const FILLER = new Set('yes ja ok okay please bitte gerne gern thanks thank you danke the die den number nummer option nr'.split(' '));
/** Words after a number that make it a count, not a choice. */
const UNITS = String.raw`(?:people|persons?|personen|leute|kids|kinder|children|min|mins|minutes?|minuten|hours?|stunden?|days?|tage|weeks?|wochen|x|mal|times)\b`;
const DIGIT = new RegExp(String.raw`(?:^|[^\d.:/])([1-9])(?![\d:]|\.\d)(?!\s*${UNITS})`, 'gu');
/** Clock times: 10:30, 10.30, 14 uhr, 2pm, 14h; and hours after "at / um / gegen" ("at 2": 2:00 or 14:00). */
const TIME = /\b(at |um |gegen |around )?(\d{1,2})(?:([:.])(\d{2}))?\s*(uhr|h|am|pm)?\b(?!\.\d)/gu;
const BOUND = /\b(before|after|until|till|by|from|vor|nach|ab|bis|between|zwischen)\s+$/u;
const DOT_DATE = /\b(\d{1,2})\.(\d{1,2})\.(?!\d)/gu;

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 1_000);
}

/** The minutes of the day a time mention may mean, or null when it is no time (a bare number). */
function clockOf(m: RegExpMatchArray, locale: WishLocale, rest: string): number[] | null {
  const [, context, h, separator, min, rawSuffix] = m;
  if (separator === '.' && rest.startsWith('.')) return null; // "12.12." is a date
  // The German "am" of "10 am Dienstag" is no meridiem.
  const suffix = rawSuffix === 'am' && locale === 'de' && /^\s+\p{L}/u.test(rest) ? undefined : rawSuffix;
  let hour = Number(h);
  const minute = min === undefined ? 0 : Number(min);
  if (hour > 23 || minute > 59) return null;
  if (min === undefined && suffix === undefined && !context) return null;
  if (suffix === 'pm' && hour < 12) hour += 12;
  if (suffix === 'am' && hour === 12) hour = 0;
  // Without am / pm, "2 Uhr" and "at 2" may be 2:00 or 14:00: only the proposals tell.
  return suffix !== 'am' && suffix !== 'pm' && hour >= 1 && hour <= 11 ? [hour * 60 + minute, (hour + 12) * 60 + minute] : [hour * 60 + minute];
}

/** Dates the reply names: "31.3.", and chrono's dates with a certain day ("March 31", "tomorrow"). */
function datesOf(lower: string, locale: WishLocale, referenceMs: number, timeZone: string): string[] {
  const now = localParts(referenceMs, timeZone);
  const dates: string[] = [];
  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  for (const m of lower.matchAll(DOT_DATE)) {
    const [d, mo] = [Number(m[1]), Number(m[2])];
    if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12) dates.push(iso(now.year, mo, d), iso(now.year + 1, mo, d));
  }
  if (dates.length > 0) return dates;
  // chrono reads the zone's wall clock as machine-local fields (see wish.ts); only the date parts are used.
  const ref = { instant: new Date(now.year, now.month - 1, now.day, now.hour, now.minute) };
  for (const r of (locale === 'de' ? chrono.de : chrono.en).parse(lower, ref, { forwardDate: true })) {
    if (r.start.isCertain('day')) dates.push(iso(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!));
  }
  return dates;
}

/** Which proposal the words point at (number, ordinal, time, weekday, date), or null when none or unclear. */
function choiceOf(lower: string, opts: { proposals: readonly Proposal[]; timeZone: string; locale: WishLocale; referenceMs: number }): number | null {
  const n = opts.proposals.length;
  const pick = (i: number) => (i >= 1 && i <= n ? i - 1 : null);
  const local = opts.proposals.map((p) => {
    const lp = localParts(p.start, opts.timeZone);
    const date = localDate(p.start, opts.timeZone);
    return { minute: lp.hour * 60 + lp.minute, weekday: isoWeekday(date), date };
  });
  const words = lower.match(/[\p{L}\d]+/gu) ?? [];

  // A time, weekday or date that fits exactly one proposal; together they narrow ("Tuesday at 10:00").
  const mentions = [...lower.matchAll(TIME)].map((m) => ({ m, minutes: clockOf(m, opts.locale, lower.slice(m.index! + m[0].length)) }));
  const times = mentions.map((x) => x.minutes).filter((t): t is number[] => t !== null);
  // "nicht vor 14 Uhr", "after 3pm": a wish about times, not one of the proposals.
  if (mentions.some((x) => x.minutes !== null && BOUND.test(lower.slice(Math.max(0, x.m.index! - 12), x.m.index)))) return null;
  const days = [...new Set(words.map((w) => WEEKDAYS[w.replace(/s$/, '')]).filter((d): d is number => d !== undefined))];
  const dates = datesOf(lower, opts.locale, opts.referenceMs, opts.timeZone);
  if (times.length > 0 || days.length > 0 || dates.length > 0) {
    const hits = local
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => times.length === 0 || times.some((t) => t.includes(l.minute)))
      .filter(({ l }) => days.length === 0 || days.includes(l.weekday))
      .filter(({ l }) => dates.length === 0 || dates.includes(l.date));
    if (hits.length === 1) return hits[0]!.i;
    // A time or a date that fits none or several is never guessed at; a weekday alone falls through to numbers.
    if (times.length > 0 || dates.length > 0) return null;
  }

  // A digit standing alone (not part of a date, a time or a count): "2", "2.", "nr. 2", "#2", "die 2", "option 2".
  const digits = [...new Set([...lower.matchAll(DIGIT)].map((m) => Number(m[1])))];
  if (digits.length === 1) return pick(digits[0]!);
  if (digits.length > 1) return null;
  // Number words after "number / option / die", or alone with fillers ("yes, two please").
  const cardinal = CARDINAL.exec(lower)?.[1];
  const content = words.filter((w) => !FILLER.has(w));
  if (cardinal) return pick(CARDINALS[cardinal]!);
  if (content.length === 1 && CARDINALS[content[0]!] !== undefined) return pick(CARDINALS[content[0]!]!);
  // Ordinals: "the second one", "die zweite", "den ersten Termin", "the last".
  const ordinals = new Set<number | 'last'>();
  words.forEach((w, i) => {
    const o = ORDINALS[w];
    if (o === undefined || ORDINAL_NOT_BEFORE.has(words[i + 1] ?? '') || words[i - 1] === 'at' || words[i - 1] === 'zum') return;
    ordinals.add(o);
  });
  if (ordinals.size === 1) {
    const o = [...ordinals][0]!;
    return pick(o === 'last' ? n : o);
  }
  return null;
}

export function replyIntent(text: string, opts: { proposals: readonly Proposal[]; timeZone: string; locale: WishLocale; referenceMs: number }): ReplyIntent {
  const lower = fold(text);
  const notCancel = NOT_CANCEL.test(lower);
  if (CANCEL.test(lower) && !notCancel && !CANCEL_HEDGE.test(lower.replace(POLITE, ' '))) return { kind: 'cancel' };
  const wantsOther = RESCHEDULE.test(lower) || DECLINE.test(lower);
  if (SOFT_CANCEL.test(lower) && !notCancel) return wantsOther || ALTERNATIVE.test(lower) ? { kind: 'reschedule' } : { kind: 'cancel' };
  if (wantsOther) return { kind: 'reschedule' };
  if (opts.proposals.length === 0) return /^\W*#?\s*[1-9]\W*$/u.test(lower) ? { kind: 'choose', index: -1 } : { kind: 'none' };
  const index = choiceOf(lower, opts);
  return index === null ? { kind: 'none' } : { kind: 'choose', index };
}
