/**
 * The calendar's date arithmetic: which local dates a day / week view shows, the instants that range
 * covers in the admin's zone (for the API's `from`/`to`), and prev / next steps. Weeks start on Monday
 * (ISO 8601), like the engine's weekly caps.
 */
import { addDays, dayBounds, isoWeekday } from './zone.ts';

export type CalendarView = 'day' | 'week';

/** The Monday of `date`'s ISO week. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The local dates a view anchored at `date` shows, in order. */
export function viewDays(view: CalendarView, date: string): string[] {
  if (view === 'day') return [date];
  const monday = weekStart(date);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** [from, to) instants of the view in `zone`: from the first day's local midnight to the one after the last day. */
export function viewRange(view: CalendarView, date: string, zone: string): [number, number] {
  const days = viewDays(view, date);
  return [dayBounds(days[0]!, zone)[0], dayBounds(days[days.length - 1]!, zone)[1]];
}

/** The anchor date one view earlier (`dir` = -1) or later (+1). */
export function shiftDate(view: CalendarView, date: string, dir: -1 | 1): string {
  return addDays(date, dir * (view === 'day' ? 1 : 7));
}
