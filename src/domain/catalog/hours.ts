/**
 * Working-hour input rules (pure): clock times "HH:MM", lists of [start, end] ranges within one local day,
 * and weekly hours keyed `mon`..`sun`. Used by the admin API's zod schemas, so every problem carries the
 * path of the value at fault (relative to the value checked) and a message naming it.
 *
 * Contract:
 * - A clock time is exactly "HH:MM", 00:00..23:59, plus "24:00" (the next midnight), which may only end a
 *   range. Its value is minutes since local midnight, 0..1440.
 * - A range [start, end] needs end > start. Ranges of one day must not overlap; touching ranges
 *   (09:00–12:00 and 12:00–13:00) are allowed and kept apart (not merged).
 * - Valid input comes back sorted by start; weekly hours come back with all seven days ([] = day off).
 * Times are local wall-clock times in the provider's zone; DST is the availability engine's business.
 */
import { WEEKDAYS, type HourRange, type Weekday } from '../availability/types.ts';

export const MINUTES_PER_DAY = 1440;

/** Pattern of a clock time (format only; "24:30" passes the pattern but not `parseClock`). */
export const CLOCK_PATTERN = /^([01]\d|2[0-4]):[0-5]\d$/;

/** A problem with `path` relative to the checked value: `[index]`, `[index, 0|1]`, `[day, index]`, `[day]`. */
export type HoursProblem = { path: (string | number)[]; message: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: HoursProblem[] };

/** Minutes since local midnight (0..1440) of "HH:MM"; null when malformed or past 24:00. */
export function parseClock(text: string): number | null {
  if (typeof text !== 'string' || !CLOCK_PATTERN.test(text)) return null;
  const minutes = Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  return minutes <= MINUTES_PER_DAY ? minutes : null;
}

type Parsed = { index: number; start: number; end: number };

function parseRange(range: HourRange, index: number, problems: HoursProblem[]): Parsed | null {
  const start = parseClock(range[0]);
  const end = parseClock(range[1]);
  const before = problems.length;
  if (start === null) problems.push({ path: [index, 0], message: `start "${range[0]}" is not a time HH:MM between 00:00 and 24:00` });
  if (end === null) problems.push({ path: [index, 1], message: `end "${range[1]}" is not a time HH:MM between 00:00 and 24:00` });
  if (start === MINUTES_PER_DAY) problems.push({ path: [index, 0], message: 'start 24:00 is not allowed; 24:00 can only end a range' });
  if (problems.length > before) return null;
  if (end! <= start!) {
    problems.push({ path: [index], message: `end ${range[1]} must be after start ${range[0]}` });
    return null;
  }
  return { index, start: start!, end: end! };
}

/**
 * Checks one day's ranges. Problems: malformed times at `[i, 0|1]`, end <= start at `[i]`, and a range
 * that overlaps one starting at or before it at `[i]` (i = its index in the input). Returns the ranges
 * sorted by start (then end).
 */
export function checkHourRanges(ranges: readonly HourRange[]): Checked<HourRange[]> {
  const problems: HoursProblem[] = [];
  const parsed = ranges.map((r, i) => parseRange(r, i, problems));
  if (problems.length > 0) return { ok: false, problems };
  const sorted = (parsed as Parsed[]).slice().sort((a, b) => a.start - b.start || a.end - b.end);
  let reach: Parsed | undefined;
  for (const p of sorted) {
    if (reach && p.start < reach.end) {
      const other = ranges[reach.index]!;
      problems.push({ path: [p.index], message: `range ${ranges[p.index]![0]}–${ranges[p.index]![1]} overlaps ${other[0]}–${other[1]}` });
    }
    if (!reach || p.end > reach.end) reach = p;
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: sorted.map((p) => [ranges[p.index]![0], ranges[p.index]![1]]) };
}

/** Weekly hours with every day present. */
export type FullWeeklyHours = Record<Weekday, HourRange[]>;

/**
 * Checks weekly hours: keys must be `mon`..`sun` (an unknown key is a problem at `[key]`), each day's
 * ranges as in `checkHourRanges` (problems at `[day, ...]`). Missing days are days off. Returns all seven
 * days, each sorted.
 */
export function checkWeeklyHours(hours: Readonly<Record<string, readonly HourRange[] | undefined>>): Checked<FullWeeklyHours> {
  const problems: HoursProblem[] = [];
  for (const key of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      problems.push({ path: [key], message: `unknown weekday "${key}"; use ${WEEKDAYS.join(', ')}` });
    }
  }
  const value = {} as FullWeeklyHours;
  for (const day of WEEKDAYS) {
    const checked = checkHourRanges(hours[day] ?? []);
    if (checked.ok) value[day] = checked.value;
    else problems.push(...checked.problems.map((p) => ({ path: [day, ...p.path], message: `${day}: ${p.message}` })));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** Fills in missing days of stored weekly hours (no validation; stored hours were checked on write). */
export function fullWeek(hours: Readonly<Partial<Record<Weekday, HourRange[]>>>): FullWeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, hours[d] ?? []])) as FullWeeklyHours;
}
