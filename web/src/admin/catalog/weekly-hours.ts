/**
 * The weekly-hours editor's model and its conversion to and from the API's `WeeklyHours`.
 *
 * The editor keeps, per weekday, rows of `{ start, end }` as typed in `<input type="time">` (so "" while
 * unfinished). Conventions:
 * - An end of "00:00" means midnight at the end of the day (the API's "24:00"), since a time input
 *   cannot hold 24:00; the API's "24:00" is shown as "00:00".
 * - `draftToWeekly` refuses missing times, inverted ranges (end at or before start) and overlapping
 *   ranges, naming each at `weeklyHours.<day>.<row>` (row = index in the editor). Ranges that touch
 *   (09:00–12:00, 12:00–13:00) are merged into one; the result is sorted by start.
 * - `mergeOverlaps` is the editor's "merge" fix for overlaps: the union of the day's ranges.
 */
import type { WeeklyHours } from '../../api/types.ts';
import type { FieldErrors } from './errors.ts';

export type Weekday = keyof WeeklyHours;
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export type RangeDraft = { start: string; end: string };
export type HoursDraft = Record<Weekday, RangeDraft[]>;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since midnight of "HH:MM" (00:00..23:59); null when empty or malformed. */
export function clockMinutes(text: string): number | null {
  if (!CLOCK.test(text)) return null;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** "HH:MM" of minutes since midnight; 1440 → "24:00". */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A range end as minutes: "00:00" is the end of the day (1440). */
function endMinutes(text: string): number | null {
  const m = clockMinutes(text);
  return m === 0 ? 1440 : m;
}

export function emptyDraft(): HoursDraft {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** The editor rows of stored weekly hours (missing days are days off; "24:00" shown as "00:00"). */
export function draftFromWeekly(hours: Partial<WeeklyHours>): HoursDraft {
  const draft = emptyDraft();
  for (const day of WEEKDAYS) draft[day] = (hours[day] ?? []).map(([start, end]) => ({ start, end: end === '24:00' ? '00:00' : end }));
  return draft;
}

type Parsed = { row: number; start: number; end: number };

export type DayResult = { ok: true; ranges: [string, string][] } | { ok: false; errors: Record<number, string> };

/** Checks and normalises one day's rows (errors keyed by row index). */
export function checkDay(rows: readonly RangeDraft[]): DayResult {
  const errors: Record<number, string> = {};
  const parsed: Parsed[] = [];
  rows.forEach((r, row) => {
    const start = clockMinutes(r.start);
    const end = endMinutes(r.end);
    if (start === null || end === null) errors[row] = `enter ${start === null ? 'a start' : 'an end'} time`;
    else if (end <= start) errors[row] = `ends (${r.end}) before it starts (${r.start})`;
    else parsed.push({ row, start, end });
  });
  const sorted = parsed.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted.slice(0, i).reduce((a, b) => (b.end > a.end ? b : a));
    const cur = sorted[i]!;
    if (cur.start < prev.end) errors[cur.row] = `overlaps ${clockText(prev.start)}–${clockText(prev.end)}`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, ranges: mergeTouching(sorted).map((p) => [clockText(p.start), clockText(p.end)]) };
}

/** Joins sorted, non-overlapping ranges where one ends exactly where the next starts. */
function mergeTouching(sorted: Parsed[]): Parsed[] {
  const out: Parsed[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start === last.end) last.end = p.end;
    else out.push({ ...p });
  }
  return out;
}

export type WeeklyResult = { ok: true; value: WeeklyHours } | { ok: false; errors: FieldErrors };

/** Editor rows → API weekly hours (all seven days), or errors at `weeklyHours.<day>.<row>`. */
export function draftToWeekly(draft: HoursDraft): WeeklyResult {
  const errors: FieldErrors = {};
  const value = {} as WeeklyHours;
  for (const day of WEEKDAYS) {
    const res = checkDay(draft[day]);
    if (res.ok) value[day] = res.ranges;
    else for (const [row, message] of Object.entries(res.errors)) errors[`weeklyHours.${day}.${row}`] = message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/**
 * The union of a day's complete rows as sorted, disjoint rows (incomplete or inverted rows are kept as they are,
 * last).
 */
export function mergeOverlaps(rows: readonly RangeDraft[]): RangeDraft[] {
  const good: Parsed[] = [];
  const rest: RangeDraft[] = [];
  rows.forEach((r, row) => {
    const start = clockMinutes(r.start);
    const end = endMinutes(r.end);
    if (start === null || end === null || end <= start) rest.push(r);
    else good.push({ row, start, end });
  });
  good.sort((a, b) => a.start - b.start);
  const merged: Parsed[] = [];
  for (const p of good) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return [...merged.map((p) => ({ start: clockText(p.start), end: p.end === 1440 ? '00:00' : clockText(p.end) })), ...rest];
}

/** Tuesday to Friday get copies of Monday's rows; the weekend stays as it is. */
export function copyMondayToWeekdays(draft: HoursDraft): HoursDraft {
  const mon = draft.mon.map((r) => ({ ...r }));
  return { ...draft, tue: mon.map((r) => ({ ...r })), wed: mon.map((r) => ({ ...r })), thu: mon.map((r) => ({ ...r })), fri: mon.map((r) => ({ ...r })) };
}

/**
 * The row "Add hours" appends: 09:00–17:00 on an empty day, else an hour starting where the day's
 * last range ends (capped at midnight).
 */
export function nextRange(rows: readonly RangeDraft[]): RangeDraft {
  const ends = rows.map((r) => endMinutes(r.end)).filter((m): m is number => m !== null);
  if (ends.length === 0) return { start: '09:00', end: '17:00' };
  const last = Math.min(Math.max(...ends), 1380);
  return { start: clockText(last), end: last + 60 >= 1440 ? '00:00' : clockText(last + 60) };
}

/** Short text of a day's stored ranges, e.g. "09:00–12:00, 13:00–17:00", or "off". */
export function describeDay(ranges: readonly [string, string][] | undefined): string {
  return ranges && ranges.length > 0 ? ranges.map(([a, b]) => `${a}–${b}`).join(', ') : 'off';
}
