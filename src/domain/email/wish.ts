/**
 * When a customer wants to come, from what they wrote ("next Tuesday afternoon", "tomorrow at 10", "any
 * time Friday", "nächste Woche Montag früh", "am 12.12. ab 14 Uhr"), as local dates and minutes of the day
 * in the business's zone. Pure: the reference instant (the message's Date) and the zone are arguments.
 *
 * Contract:
 * - `fromDate ≤ toDate`, both on or after the reference's local date; `0 ≤ fromMinute < toMinute ≤ 1440`.
 * - Nothing about a day or a time → `understood: false`, today … today+13, whole days.
 * - A time without a day: the next time it comes round (today or tomorrow); a part of the day or an
 *   "after / before" without a day: the coming seven days.
 * - A weekday alone is its next occurrence, today included ("Friday" on a Friday is today).
 * - A date wholly in the past counts as no day named; a window begun in the past starts today.
 * - A clock time needs a clock context (at / um / gegen / around, ":", am / pm, Uhr, h): "2 people",
 *   "room 3" and "Friday 10" name no time. Bare hours 1–6 read as afternoon ("after 3" is 15:00).
 *
 * chrono-node finds days and clock times (en / de parsers); slotflow's own rules add what chrono misses or
 * gets wrong: parts of the day, "after / ab", "before / bis / vor", "between / zwischen … and / und",
 * "any time", "next week" as the next ISO week, weekday ranges, the weekend, months ("im Mai", "Ende April",
 * "next month"), German dates without a year ("12.12."), "Montag morgen" (Monday morning, not tomorrow),
 * greetings ("Guten Morgen", "have a nice weekend") and junk matches ("früh" read as Friday). chrono ignores
 * IANA zone names and a fixed offset is wrong across DST (wave2-notes §2): it is given the zone's wall clock
 * at the reference as machine-local fields, only its date and time *parts* are read, and instants are made
 * by `src/domain/time` in the real zone.
 */
import * as chrono from 'chrono-node';
import { PART_OF_DAY_BOUNDS } from '../availability/slot-suggestions.ts';
import { addDays, isoWeekday, localParts, localToInstant, parseLocalDate } from '../time/zones.ts';
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
const NOON = 720;

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

const WD = Object.keys(WEEKDAYS).join('|');
const PARTS = {
  morning: /\b(morning|mornings|früh|morgens|vormittags?|in der früh)\b/u,
  afternoon: /\b(afternoons?|nachmittags?|am nachmittag)\b/u,
  evening: /\b(evenings?|tonight|abends?|am abend)\b/u,
  noon: /\b(noon|midday|lunch ?time|mittags?|zur mittagszeit)\b/u,
} as const;
const ANY_TIME = /\b(any ?time|whenever|all day|egal wann|jederzeit|ganztags|den ganzen tag|zu jeder zeit)\b/u;
const NEXT_WEEK = /\b(next week|nächste[nr]? woche|kommende[nr]? woche)\b/u;
const THIS_WEEK = /\b(this week|diese[nr]? woche)\b/u;
const WEEKEND = /\b(?:(next|nächste[ns]?|kommende[ns]?)\s+)?(weekend|wochenende)\b/u;
/** Greetings and sign-offs that name a part of the day or the weekend without asking for it. */
const GREETING =
  /\b(?:good|guten|gute|schöne[nms]?|einen schönen|have an? (?:nice|great|good|lovely)|enjoy (?:your|the))\s+(?:morning|afternoon|evening|night|day|weekend|week|morgen|abend|nachmittag|tag|wochenende|woche)\b/gu;
/** Words after a number that make it a count, not a time ("vor 2 Wochen", "2-3 people"). */
const UNITS =
  'weeks?|wochen?|days?|tagen?|months?|monaten?|hours?|stunden?|minutes?|minuten|mins?|people|persons?|personen|leute|kids|kinder|children|times|mal|x';
/** A clock time: 14, 14:30, 14.30, 2pm, 2 p.m., 14 Uhr, 14h; the German "am" of "10 am Freitag" is no meridiem. */
const CLOCK = String.raw`(\d{1,2})(?!\d)(?:[:.](\d{2}))?\s*(pm|p\.m\.|a\.m\.|uhr|h\b|am\b(?!\s+(?:${WD}|\d|nächst|kommend|wochenende|vormittag|nachmittag|abend|morgen)))?(?!\s*(?:${UNITS})\b)`;
/** Midday as a clock time ("before noon", "ab mittag", "after lunch"). */
const MIDDAY = String.raw`(noon|midday|lunch ?time|lunch|mittags?|(?:dem |der )?mittag(?:essen|spause|szeit)?)`;
const RANGE = new RegExp(String.raw`\b(?:between|zwischen|from|von)\s+${CLOCK}\s*(?:and|und|to|till|until|bis|-|–)\s*${CLOCK}`, 'u');
const DASH_RANGE = new RegExp(String.raw`\b(\d{1,2})(?::(\d{2}))?()\s*(?:-|–|bis)\s*${CLOCK}`, 'u');
const AFTER = new RegExp(String.raw`\b(?:after|from|ab|nach|frühestens|not before|nicht vor)\s+(?:${CLOCK}|${MIDDAY})`, 'u');
const BEFORE = new RegExp(String.raw`\b(?<!\bnot |\bnicht )(?:before|until|till|by|bis|vor|spätestens|no later than)\s+(?:${CLOCK}|${MIDDAY})`, 'u');
const AROUND = new RegExp(String.raw`\b(?:around|about|approximately|gegen|circa|ca\.|so um)\s+${CLOCK}`, 'u');
/** chrono's clock times count only with a clock context ("at 10", "10:30", "2pm", "14 Uhr"), not "Friday 10". */
const CLOCK_CONTEXT = /\d[:.]\d{2}(?![.\d])|\d\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h)\b|\b(?:at|um|gegen|around|@)\s*\d/u;
/** German day.month. with an optional year ("am 12.12.", "12.12.2026"); chrono.de misses the year-less form. */
const DOT_DATE = /\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})?(?!\d|:)/u;
const WEEKDAY = new RegExp(`\\b(${WD})s?\\b`, 'u');
const WEEKDAY_RANGE = new RegExp(`\\b(${WD})s?\\s*(?:to|until|till|through|thru|bis|-|–)\\s*(${WD})s?\\b`, 'u');
const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  januar: 1,
  jänner: 1,
  february: 2,
  februar: 2,
  march: 3,
  märz: 3,
  april: 4,
  may: 5,
  mai: 5,
  june: 6,
  juni: 6,
  july: 7,
  juli: 7,
  august: 8,
  september: 9,
  october: 10,
  oktober: 10,
  november: 11,
  december: 12,
  dezember: 12,
};
/** A month without a day, always after a word ("may" alone is a verb): "im Mai", "Ende April", "early June". */
const MONTH = new RegExp(
  `\\b(anfang|mitte|ende|early|mid|late|end of|beginning of|start of|im|in|during|sometime in)\\s+(${Object.keys(MONTHS).join('|')})\\b(?!\\s*\\d)`,
  'u',
);
const NEXT_MONTH = /\b(next month|nächste[nmr]? monat|kommende[nmr]? monat)\b/u;
const THIS_MONTH = /\b(this month|diese[nmr]? monat)\b/u;

/** Lower case, one space, greetings out, German spellings without umlauts and compounds chrono misreads. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .slice(0, 2_000)
    .replace(/\bnaechst/gu, 'nächst')
    .replace(/\buebermorgen\b/gu, 'übermorgen')
    .replace(/\bfrueh/gu, 'früh')
    .replace(/\bspaet/gu, 'spät')
    .replace(/\bmaerz\b/gu, 'märz')
    .replace(/\bschoene/gu, 'schöne')
    .replace(GREETING, ' ')
    .replace(new RegExp(`\\b(${WD})(morgen|früh|vormittag|mittag|nachmittag|abend)(s?)\\b`, 'gu'), '$1 $2$3')
    .replace(new RegExp(`\\b(${WD}) morgens?\\b`, 'gu'), '$1 früh') // "Montag morgen" is Monday morning
    .replace(/\b(am|jeden) morgen\b/gu, 'morgens');
}

type Suffix = string | undefined;

function clockMinutes(h: string, m: string | undefined, suffix: Suffix): number | null {
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  const s = suffix?.replace(/\./g, '');
  if (s === 'pm' && hour < 12) hour += 12;
  if (s === 'am' && hour === 12) hour = 0;
  // A bare "after 3" in a booking means the afternoon: a business hour, not 03:00.
  if (!s && hour >= 1 && hour <= 6) hour += 12;
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return null;
  return hour * 60 + minute;
}

/** "between 2 and 4pm": the second time's meridiem carries over to the first when that keeps the order. */
function clockRange(g: Suffix[]): [number, number] | null {
  const [h1, m1, s1, h2, m2, s2] = g;
  const to = clockMinutes(h2!, m2, s2);
  let from = clockMinutes(h1!, m1, s1);
  if (from === null || to === null) return null;
  if (!s1 && /^p/.test(s2 ?? '') && from < NOON && from + NOON < to) from += NOON;
  return from < to ? [from, to] : null;
}

/** The minute of AFTER / BEFORE: a clock (groups 1–3) or midday (group 4). */
const boundMinute = (m: RegExpExecArray | null) => (m === null ? null : m[4] ? NOON : clockMinutes(m[1]!, m[2], m[3]));

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

const hasDay = (r: chrono.ParsedResult) => r.start.isCertain('day') || r.start.isCertain('weekday');

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
  const [ty] = parseLocalDate(today);
  const yearGiven = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : undefined;
  if (m[3] && m[3].length === 3) return null;
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
/** The next date with ISO weekday `wd` on or after `date`. */
const onOrAfter = (date: string, wd: number) => addDays(date, (wd - isoWeekday(date) + 7) % 7);
const weekdayOf = (word: string | undefined) => (word === undefined ? undefined : WEEKDAYS[word]);

/** The days of a month phrase ("Ende April": the 21st to the 30th), in the first year they are not all past. */
function monthDays(part: string, month: number, today: string): [string, string] {
  const [ty] = parseLocalDate(today);
  const span = (year: number): [string, string] => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const [a, b] = /^(anfang|early|beginning of|start of)$/.test(part)
      ? [1, 10]
      : /^(mitte|mid)$/.test(part)
        ? [11, 20]
        : /^(ende|late|end of)$/.test(part)
          ? [21, last]
          : [1, last];
    return [dateOf(year, month, a), dateOf(year, month, b)];
  };
  const thisYear = span(ty);
  return thisYear[1] >= today ? thisYear : span(ty + 1);
}

function monthOf(today: string, add: number): [string, string] {
  const [y, m] = parseLocalDate(today);
  const first = new Date(Date.UTC(y, m - 1 + add, 1));
  const last = new Date(Date.UTC(y, m + add, 0));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
}

/** The days the text names, or undefined. */
function daysOf(t: string, results: chrono.ParsedResult[], today: string): [string, string] | undefined {
  const range = WEEKDAY_RANGE.exec(t);
  const [w1, w2] = range ? [weekdayOf(range[1]), weekdayOf(range[2])] : [weekdayOf(WEEKDAY.exec(t)?.[1]), undefined];
  const inWeek = (monday: string): [string, string] => {
    if (w1 === undefined) return [monday, addDays(monday, 6)];
    const from = addDays(monday, w1 - 1);
    return [from, w2 === undefined ? from : onOrAfter(from, w2)];
  };
  if (NEXT_WEEK.test(t)) return inWeek(addDays(mondayOf(today), 7));
  if (THIS_WEEK.test(t)) return inWeek(mondayOf(today));
  if (w1 !== undefined && w2 !== undefined) {
    const from = onOrAfter(today, w1);
    return [from, onOrAfter(from, w2)];
  }
  const weekend = WEEKEND.exec(t);
  if (weekend) {
    const saturday = addDays(mondayOf(today), weekend[1] ? 12 : 5);
    return [saturday, addDays(saturday, 1)];
  }
  const dot = DOT_DATE.exec(t);
  const dotDate = dot ? nextDotDate(dot, today) : null;
  if (dotDate) return [dotDate, dotDate];
  const r = results.find(hasDay);
  if (r) {
    let from = dateOf(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!);
    // A weekday alone is its next occurrence, today included (chrono moves it a week on once noon has passed).
    if (!r.start.isCertain('day') && r.start.get('weekday') === isoWeekday(today) % 7 && !/\b(next|nächst|kommend)/u.test(r.text)) from = today;
    const end = r.end && (r.end.isCertain('day') || r.end.isCertain('weekday')) ? dateOf(r.end.get('year')!, r.end.get('month')!, r.end.get('day')!) : from;
    return [from, end < from ? from : end];
  }
  if (NEXT_MONTH.test(t)) return monthOf(today, 1);
  if (THIS_MONTH.test(t)) return monthOf(today, 0);
  const month = MONTH.exec(t);
  if (month) return monthDays(month[1]!, MONTHS[month[2]!]!, today);
  if (w1 !== undefined) {
    const day = onOrAfter(today, w1);
    return [day, day];
  }
  return undefined;
}

type Minutes = { from: number; to: number; at?: number; timed: boolean };

/** The minutes of the day the text names. */
function minutesOf(t: string, results: chrono.ParsedResult[]): Minutes {
  // Explicit bounds first; their words are then blanked so "before noon" is not also "noon".
  // "10-12 Uhr", "14:00–16:00"; a dash between bare numbers ("2-3") is no time.
  const dash = DASH_RANGE.exec(t);
  const range = RANGE.exec(t) ?? (dash && /:|uhr|h\b|am|pm/u.test(dash[0]) ? dash : null);
  const bounds = range ? clockRange(range.slice(1, 7)) : null;
  let rest = range && bounds ? t.replace(range[0], ' ') : t;
  const after = bounds ? null : AFTER.exec(rest);
  const before = bounds ? null : BEFORE.exec(rest);
  const afterMinute = boundMinute(after);
  const beforeMinute = boundMinute(before);
  for (const m of [after, before]) if (m) rest = rest.replace(m[0], ' ');
  let explicit: [number, number] | null = bounds;
  if (!explicit && (afterMinute !== null || beforeMinute !== null)) explicit = [afterMinute ?? 0, beforeMinute ?? DAY_MINUTES];
  if (explicit && explicit[1] <= explicit[0]) explicit = null;

  const named = (['morning', 'afternoon', 'evening'] as const).filter((p) => PARTS[p].test(rest)).map((p) => PART_OF_DAY_BOUNDS[p]);
  if (PARTS.noon.test(rest)) named.push([11, 14]);
  const part: [number, number] | null = named.length ? [Math.min(...named.map((b) => b[0])) * 60, Math.max(...named.map((b) => b[1])) * 60] : null;

  if (explicit) {
    // "tomorrow afternoon after 3": both; when they do not overlap, the explicit times.
    const [from, to] = part ? [Math.max(explicit[0], part[0]), Math.min(explicit[1], part[1])] : explicit;
    return from < to ? { from, to, timed: true } : { from: explicit[0], to: explicit[1], timed: true };
  }
  let at = clockOf(t, results);
  if (at !== undefined && part && (at < part[0] || at >= part[1])) {
    // "evening at 7" is 19:00; a time outside the part of day named otherwise stands alone.
    if (at < NOON && at + NOON >= part[0] && at + NOON < part[1]) at += NOON;
    else return { from: 0, to: DAY_MINUTES, at, timed: true };
  }
  if (part) return { from: part[0], to: part[1], ...(at !== undefined ? { at } : {}), timed: true };
  if (at !== undefined || ANY_TIME.test(t)) return { from: 0, to: DAY_MINUTES, ...(at !== undefined ? { at } : {}), timed: at !== undefined };
  return { from: 0, to: DAY_MINUTES, timed: false };
}

/** A clock time named: "around 10" / "gegen 10", else chrono's first hour said with a clock context. */
function clockOf(t: string, results: chrono.ParsedResult[]): number | undefined {
  if (ANY_TIME.test(t)) return undefined;
  const around = AROUND.exec(t);
  if (around) return clockMinutes(around[1]!, around[2], around[3]) ?? undefined;
  for (const r of results) {
    if (!r.start.isCertain('hour') || !CLOCK_CONTEXT.test(r.text)) continue;
    let hour = r.start.get('hour')!;
    if (!r.start.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/\d\s*(am|a\.m\.)/u.test(r.text)) hour += 12;
    const minute = hour * 60 + (r.start.get('minute') ?? 0);
    if (minute < DAY_MINUTES) return minute;
  }
  return undefined;
}

export function understandWish(text: string, opts: { referenceMs: number; timeZone: string; locale: WishLocale }): Wish {
  const t = normalise(text);
  const now = localParts(opts.referenceMs, opts.timeZone);
  const today = dateOf(now.year, now.month, now.day);
  const nowMinute = now.hour * 60 + now.minute;
  const ref = chronoReference(opts.referenceMs, opts.timeZone);
  const other: WishLocale = opts.locale === 'de' ? 'en' : 'de';
  let results = chronoResults(t, opts.locale, ref, opts.timeZone);
  // The thread's language may be wrong for this message: the other parser when this one finds no day.
  if (!results.some(hasDay)) results = [...results, ...chronoResults(t, other, ref, opts.timeZone)];

  let days = daysOf(t, results, today);
  if (days && days[1] < today) days = undefined; // wholly past ("yesterday", "on 20 March 2026" after it)
  const minutes = minutesOf(t, results);
  const understood = days !== undefined || minutes.timed || ANY_TIME.test(t);
  let fromDate: string;
  let toDate: string;
  if (days) [fromDate, toDate] = [days[0] < today ? today : days[0], days[1]];
  else if (minutes.at !== undefined) fromDate = toDate = minutes.at > nowMinute ? today : addDays(today, 1);
  else [fromDate, toDate] = [today, addDays(today, minutes.timed ? 6 : DEFAULT_DAYS - 1)];
  const wish: Wish = { understood, fromDate, toDate, fromMinute: minutes.from, toMinute: minutes.to };
  return minutes.at !== undefined ? { ...wish, atMinute: minutes.at } : wish;
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
