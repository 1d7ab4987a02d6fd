/**
 * The month calendar's model, pure (no DOM, no clock): the Monday-first grid of a month and the
 * keyboard moves of its roving focus. Dates are local 'YYYY-MM-DD' strings (in the customer's zone);
 * a month is 'YYYY-MM'. Shared by the booking widget and the manage page's reschedule.
 */
import { addDays, isoWeekday } from '../../../src/domain/time/zones.ts';

export type GridDay = { date: string; inMonth: boolean };

/** 'YYYY-MM' of a local date. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** First and last local date of a month ('2026-02' → ['2026-02-01', '2026-02-28']). */
export function monthBounds(month: string): { first: string; last: string } {
  const first = `${month}-01`;
  return { first, last: addDays(addMonths(month, 1) + '-01', -1) };
}

/** `month` moved by `n` months ('2026-12', 1 → '2027-01'). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * Whole weeks (Monday → Sunday) covering the month: the leading days of the previous month and the
 * trailing days of the next are included with `inMonth: false`, so every row has 7 cells. 4 to 6 rows.
 */
export function monthGrid(month: string): GridDay[][] {
  const { first, last } = monthBounds(month);
  const start = addDays(first, -(isoWeekday(first) - 1));
  const end = addDays(last, 7 - isoWeekday(last));
  const weeks: GridDay[][] = [];
  for (let d = start; d <= end; d = addDays(d, 7)) {
    weeks.push(
      Array.from({ length: 7 }, (_, i) => {
        const date = addDays(d, i);
        return { date, inMonth: monthOf(date) === month };
      }),
    );
  }
  return weeks;
}

/**
 * Where a key moves the focused day (WAI-ARIA date grid): arrows ±1 day / ±1 week, Home/End to the
 * week's Monday/Sunday, PageUp/PageDown ±1 month (clamped to the target month's length). Null for
 * other keys. The caller switches the shown month when the result leaves it.
 */
export function moveFocus(date: string, key: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return addDays(date, 1 - isoWeekday(date));
    case 'End':
      return addDays(date, 7 - isoWeekday(date));
    case 'PageUp':
    case 'PageDown': {
      const month = addMonths(monthOf(date), key === 'PageUp' ? -1 : 1);
      const { last } = monthBounds(month);
      const day = `${month}-${date.slice(8)}`;
      return day > last ? last : day;
    }
    default:
      return null;
  }
}

/**
 * The day that holds the grid's single tab stop (roving tabindex): the focused day when it is in the
 * month, else the selected day, else the first enabled day, else the month's first day.
 */
export function tabStop(month: string, focused: string | null, selected: string | null, enabled: ReadonlySet<string>): string {
  for (const d of [focused, selected]) if (d && monthOf(d) === month) return d;
  const firstEnabled = [...enabled].filter((d) => monthOf(d) === month).sort()[0];
  return firstEnabled ?? `${month}-01`;
}
