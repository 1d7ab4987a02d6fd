/**
 * The override page's quick actions, computed from a clock passed in (never `Date.now()` here), so the
 * rules are testable at any instant and across DST:
 * - "Block this afternoon": today (the provider's local date at `nowMs`) from 12:00 to the end of that
 *   day's working hours — the last range end of a date override for today if there is one, else of the
 *   weekly hours of today's weekday. Unavailable when the day's work ends by 12:00 or is already over.
 *   ("open" range overrides are not counted: they are extra time, not the working day.)
 * - "Open Saturday": the next Saturday strictly after today in the provider's zone, 10:00–14:00 by
 *   default (the admin edits it before adding).
 */
import type { Override, WeeklyHours } from '../../api/types.ts';
import { clockMinutes, clockText, WEEKDAYS } from './weekly-hours.ts';
import { addDays, isoWeekday, localDate } from './zoned-time.ts';
import { localParts } from '../../../../src/domain/time/zones.ts';

export type QuickRange = { date: string; from: string; to: string };
export type QuickResult = { ok: true; range: QuickRange } | { ok: false; reason: string };

const NOON = 12 * 60;

/** End (minutes, 1440 = midnight) of the working day `date`, or null on a day off. */
export function workdayEnd(date: string, weeklyHours: Partial<WeeklyHours>, overrides: readonly Override[]): number | null {
  const replaced = overrides.filter((o) => o.kind === 'hours' && o.date === date);
  const ranges =
    replaced.length > 0 ? (replaced[replaced.length - 1] as Extract<Override, { kind: 'hours' }>).hours : (weeklyHours[WEEKDAYS[isoWeekday(date) - 1]!] ?? []);
  const ends = ranges.map(([, end]) => (end === '24:00' ? 1440 : clockMinutes(end))).filter((m): m is number => m !== null);
  return ends.length > 0 ? Math.max(...ends) : null;
}

export function thisAfternoon(nowMs: number, zone: string, weeklyHours: Partial<WeeklyHours>, overrides: readonly Override[]): QuickResult {
  const today = localDate(nowMs, zone);
  const end = workdayEnd(today, weeklyHours, overrides);
  if (end === null) return { ok: false, reason: 'no working hours today' };
  if (end <= NOON) return { ok: false, reason: `today's work ends at ${clockText(end)}, before noon` };
  const now = localParts(nowMs, zone);
  if (now.hour * 60 + now.minute >= end) return { ok: false, reason: `today's work ended at ${clockText(end)}` };
  return { ok: true, range: { date: today, from: '12:00', to: end === 1440 ? '00:00' : clockText(end) } };
}

export function nextSaturday(nowMs: number, zone: string, from = '10:00', to = '14:00'): QuickRange {
  const today = localDate(nowMs, zone);
  const ahead = (6 - isoWeekday(today) + 7) % 7 || 7;
  return { date: addDays(today, ahead), from, to };
}
