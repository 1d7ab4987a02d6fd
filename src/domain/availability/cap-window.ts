/**
 * The provider-local day and ISO week (Monday 00:00 to Monday 00:00) around an instant, as instants —
 * what daily / weekly caps count over. A DST day is 23 or 25 hours long; that is still one day.
 */
import { addDays, isoWeekday, localDate, localToInstant } from '../time/zones.ts';
import type { Interval } from './types.ts';

export function capWindows(instant: number, timeZone: string): { day: Interval; week: Interval } {
  const date = localDate(instant, timeZone);
  const monday = addDays(date, 1 - isoWeekday(date));
  const at = (d: string) => localToInstant(d, 0, timeZone, 'next')!;
  return {
    day: { start: at(date), end: at(addDays(date, 1)) },
    week: { start: at(monday), end: at(addDays(monday, 7)) },
  };
}
