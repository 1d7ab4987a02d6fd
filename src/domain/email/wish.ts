/**
 * When a customer wants to come, from what they wrote ("next Tuesday afternoon", "tomorrow at 10", "any
 * time Friday", "nächste Woche Montag früh", "am 12.12. ab 14 Uhr"), as local dates and minutes of the day
 * in the business's zone. Pure: the reference instant (the message's Date) and the zone are arguments.
 *
 * chrono-node finds days and clock times (en / de parsers); slotflow's own rules add what chrono misses or
 * gets wrong: parts of the day, "after / ab" and "before / bis / vor", "any time", "next week" as the next
 * ISO week, German dates without a year ("12.12."), and junk matches ("früh" read as Friday). chrono
 * ignores IANA zone names and a fixed offset is wrong across DST (wave2-notes §2): it is given the zone's
 * wall clock at the reference as machine-local fields, only its date and time *parts* are read, and
 * instants are made by `src/domain/time` in the real zone.
 */
import * as chrono from 'chrono-node';
import { PART_OF_DAY_BOUNDS } from '../availability/slot-suggestions.ts';
import { addDays, isoWeekday, localParts, localToInstant } from '../time/zones.ts';
import type { WishLocale } from './language.ts';
import { WEEKDAYS } from './weekdays.ts';

export type { WishLocale };

/** What a customer asked for: local dates (inclusive) in the business zone and a range of minutes of each day. */
export type Wish = {
  /** False when the text names no day or time at all (then: today … today+13, whole days). */
  understood: boolean;
  fromDate: string;
  toDate: string;
  /** Minutes of the local day, 0 ≤ fromMinute < toMinute ≤ 1440 (afternoon: 720–1020). */
  fromMinute: number;
  toMinute: number;
  /** A specific time named ("at 10", "um 14:30 Uhr"), minutes of the local day. */
  atMinute?: number;
};

/** Without a day named: this many days from today. */
const DEFAULT_DAYS = 14;
const DAY_MINUTES = 1440;

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

type Parts = { morning: RegExp; afternoon: RegExp; evening: RegExp; noon: RegExp };
const PARTS: Parts = {
  morning: /\b(morning|mornings|früh|frueh|morgens|vormittags?|in der früh|am morgen)\b/u,
  afternoon: /\b(afternoons?|nachmittags?|am nachmittag)\b/u,
  evening: /\b(evenings?|tonight|abends?|am abend)\b/u,
  noon: /\b(noon|midday|lunch ?time|mittags?|zur mittagszeit)\b/u,
};
const ANY_TIME = /\b(any ?time|whenever|all day|egal wann|jederzeit|ganztags|den ganzen tag|zu jeder zeit)\b/u;
const NEXT_WEEK = /\b(next week|nächste[nr]? woche|naechste[nr]? woche|kommende[nr]? woche)\b/u;
const THIS_WEEK = /\b(this week|diese[nr]? woche)\b/u;
/** A clock time after "after / from / ab / nach" or "before / until / by / bis / vor". */
const CLOCK = String.raw`(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|uhr|h\b)?`;
const AFTER = new RegExp(String.raw`\b(?:after|from|ab|nach|frühestens|not before)\s+${CLOCK}`, 'u');
const BEFORE = new RegExp(String.raw`\b(?:before|until|till|by|bis|vor|spätestens|no later than)\s+${CLOCK}`, 'u');
/** German day.month. with an optional year ("am 12.12.", "12.12.2026"); chrono.de misses the year-less form. */
const DOT_DATE = /\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})?(?!\d|:)/u;
const WEEKDAY = new RegExp(`\\b(${Object.keys(WEEKDAYS).join('|')})s?\\b`, 'u');

function clockMinutes(h: string, m: string | undefined, suffix: string | undefined): number | null {
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  const s = suffix?.replace(/\./g, '');
  if (s === 'pm' && hour < 12) hour += 12;
  if (s === 'am' && hour === 12) hour = 0;
  // A bare "after 3" in a booking means the afternoon: a business hour, not 03:00.
  if (!s && m === undefined && hour >= 1 && hour <= 6) hour += 12;
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return null;
  return hour * 60 + minute;
}

/**
 * The reference for chrono: a Date whose *machine-local* fields are the zone's wall clock at the reference,
 * and no timezone option. chrono then reckons days in machine-local time throughout, and its parts come out
 * as the business zone's wall clock whatever the machine's zone (an offset option is not applied on every
 * path: "the day after tomorrow" used to move a day on a UTC+14 machine).
 */
function chronoReference(referenceMs: number, timeZone: string): chrono.ParsingReference {
  const p = localParts(referenceMs, timeZone);
  return { instant: new Date(p.year, p.month - 1, p.day, p.hour, p.minute) };
}

/** chrono's results without junk: bare abbreviations ("fr" from "früh"), numbers without a clock context. */
function chronoResults(text: string, locale: WishLocale, ref: chrono.ParsingReference, timeZone: string): chrono.ParsedResult[] {
  // "11/12" is 12 November to an American and 11 December to everyone else; month names read either way.
  const dayFirst = /\b\d{1,2}\/\d{1,2}\b/.test(text) && !timeZone.startsWith('America/');
  const parser = locale === 'de' ? chrono.de : dayFirst ? chrono.en.GB : chrono.en;
  const results = parser.parse(text, ref, { forwardDate: true });
  return results.filter((r) => r.text.replace(/[^\p{L}\d]/gu, '').length > 3 || /\d/.test(r.text));
}

function nextDotDate(m: RegExpExecArray, today: string): string | null {
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const [ty] = today.split('-').map(Number) as [number];
  const yearGiven = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : undefined;
  for (const year of yearGiven ? [yearGiven] : [ty, ty + 1]) {
    const date = dateOf(year, month, day);
    const back = new Date(Date.UTC(year, month - 1, day));
    if (back.getUTCMonth() !== month - 1) continue; // 31.04. and the like
    if (yearGiven || date >= today) return date;
  }
  return null;
}

/** Monday of the ISO week containing `date`. */
const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

export function understandWish(text: string, opts: { referenceMs: number; timeZone: string; locale: WishLocale }): Wish {
  const lower = text.toLowerCase().replace(/\s+/g, ' ').slice(0, 2_000);
  const now = localParts(opts.referenceMs, opts.timeZone);
  const today = dateOf(now.year, now.month, now.day);
  const nowMinute = now.hour * 60 + now.minute;
  const ref = chronoReference(opts.referenceMs, opts.timeZone);
  const other: WishLocale = opts.locale === 'de' ? 'en' : 'de';
  let results = chronoResults(lower, opts.locale, ref, opts.timeZone);
  if (results.length === 0) results = chronoResults(lower, other, ref, opts.timeZone);

  // Days.
  let fromDate: string | undefined;
  let toDate: string | undefined;
  const weekdayWord = WEEKDAY.exec(lower);
  const dot = DOT_DATE.exec(lower);
  if (NEXT_WEEK.test(lower)) {
    const monday = addDays(mondayOf(today), 7);
    if (weekdayWord) fromDate = toDate = addDays(monday, WEEKDAYS[weekdayWord[1]!]! - 1);
    else [fromDate, toDate] = [monday, addDays(monday, 6)];
  } else if (dot && nextDotDate(dot, today)) {
    fromDate = toDate = nextDotDate(dot, today)!;
  } else {
    for (const r of results) {
      const s = r.start;
      const hasDay = s.isCertain('day') || s.isCertain('weekday');
      if (!hasDay) continue;
      fromDate ??= dateOf(s.get('year')!, s.get('month')!, s.get('day')!);
      if (r.end && (r.end.isCertain('day') || r.end.isCertain('weekday'))) toDate = dateOf(r.end.get('year')!, r.end.get('month')!, r.end.get('day')!);
      break;
    }
    if (fromDate === undefined && THIS_WEEK.test(lower)) [fromDate, toDate] = [today, addDays(mondayOf(today), 6)];
    toDate ??= fromDate;
  }

  // Times of day.
  let fromMinute = 0;
  let toMinute = DAY_MINUTES;
  let atMinute: number | undefined;
  let timed = false;
  const after = AFTER.exec(lower);
  const before = BEFORE.exec(lower);
  const afterMinute = after ? clockMinutes(after[1]!, after[2], after[3]) : null;
  const beforeMinute = before ? clockMinutes(before[1]!, before[2], before[3]) : null;
  if (afterMinute !== null || beforeMinute !== null) {
    fromMinute = afterMinute ?? 0;
    toMinute = beforeMinute ?? DAY_MINUTES;
    timed = true;
  } else if (PARTS.morning.test(lower) || PARTS.afternoon.test(lower) || PARTS.evening.test(lower) || PARTS.noon.test(lower)) {
    const bounds = (['morning', 'afternoon', 'evening'] as const).filter((p) => PARTS[p].test(lower)).map((p) => PART_OF_DAY_BOUNDS[p]);
    if (PARTS.noon.test(lower)) bounds.push([11, 14]);
    fromMinute = Math.min(...bounds.map((b) => b[0])) * 60;
    toMinute = Math.max(...bounds.map((b) => b[1])) * 60;
    timed = true;
  } else if (!ANY_TIME.test(lower)) {
    const clock = results.find((r) => r.start.isCertain('hour'));
    if (clock) {
      atMinute = clock.start.get('hour')! * 60 + (clock.start.get('minute') ?? 0);
      timed = true;
    }
  }
  if (toMinute <= fromMinute) [fromMinute, toMinute] = [0, DAY_MINUTES];

  const understood = fromDate !== undefined || timed || ANY_TIME.test(lower);
  if (fromDate === undefined) {
    // A time without a day: the next time it comes round; a part of day: the coming week.
    if (atMinute !== undefined) fromDate = toDate = atMinute > nowMinute ? today : addDays(today, 1);
    else [fromDate, toDate] = [today, addDays(today, timed ? 6 : DEFAULT_DAYS - 1)];
  }
  if (fromDate < today) fromDate = today;
  if (toDate === undefined || toDate < fromDate) toDate = fromDate;
  return { understood, fromDate, toDate, fromMinute, toMinute, ...(atMinute !== undefined ? { atMinute } : {}) };
}

/** The instant of a local date and minute in the zone (a minute in a DST gap: the first instant after it). */
function instantAt(date: string, minute: number, timeZone: string): number {
  return minute >= DAY_MINUTES ? localToInstant(addDays(date, 1), 0, timeZone, 'next')! : localToInstant(date, minute, timeZone, 'next')!;
}

/** The wish as instants: [start, end) over all its days; `around` for a named time on its first day. */
export function wishRange(wish: Wish, timeZone: string): { start: number; end: number; around?: number } {
  const start = instantAt(wish.fromDate, wish.fromMinute, timeZone);
  const end = instantAt(wish.toDate, wish.toMinute, timeZone);
  return { start, end, ...(wish.atMinute !== undefined ? { around: instantAt(wish.fromDate, wish.atMinute, timeZone) } : {}) };
}

/** Whether instant `ms` starts on one of the wish's dates, inside its minutes of the day. */
export function inWish(ms: number, wish: Wish, timeZone: string): boolean {
  const p = localParts(ms, timeZone);
  const date = dateOf(p.year, p.month, p.day);
  const minute = p.hour * 60 + p.minute;
  return date >= wish.fromDate && date <= wish.toDate && minute >= wish.fromMinute && minute < wish.toMinute;
}
