/**
 * A provider's working time and blocks for the calendar, computed on the client from provider data (the
 * weekly hours and the date overrides from `GET /v1/admin/providers/{id}/overrides`). It follows the
 * engine's rules (src/domain/availability/working-time.ts): each local date of the provider's zone takes
 * the 'hours' override of that date if there is one (`[]` = day off), else the weekly hours of its
 * weekday; times are wall clock in the provider's zone ('24:00' = the next midnight, a time in a DST gap
 * moves to the transition). 'open' ranges add working time, 'block' ranges are returned separately so the
 * grid can hatch them. The admin's zone only matters when drawing (layout.ts places these like bookings).
 */
import type { Override, Provider, WeeklyHours } from '../../api/types.ts';
import { addDays, localDate, zonedInstant } from './zone.ts';

export type Interval = { start: string; end: string };

const WEEKDAYS: (keyof WeeklyHours)[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

function weekday(date: string): keyof WeeklyHours {
  const [y, m, d] = date.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]!;
}

/** Sorted, merged copy of `ranges` (touching ranges join). */
function merge(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

const iso = ([a, b]: [number, number]): Interval => ({ start: new Date(a).toISOString(), end: new Date(b).toISOString() });

/**
 * The provider's working intervals overlapping [from, to) (instants, ms), clipped to it, merged and sorted:
 * weekly hours replaced per date by 'hours' overrides, plus 'open' ranges. Blocks are not subtracted.
 */
export function workingIntervals(provider: Pick<Provider, 'timeZone' | 'weeklyHours'>, overrides: readonly Override[], from: number, to: number): Interval[] {
  const zone = provider.timeZone;
  const dayHours = new Map<string, [string, string][]>();
  for (const o of overrides) if (o.kind === 'hours') dayHours.set(o.date, o.hours);
  const ranges: [number, number][] = [];
  // Local dates of the provider's zone that can touch [from, to): one either side for the zone offsets.
  const last = addDays(localDate(to, zone), 1);
  for (let date = addDays(localDate(from, zone), -1); date <= last; date = addDays(date, 1)) {
    const hours = dayHours.get(date) ?? provider.weeklyHours[weekday(date)] ?? [];
    for (const [a, b] of hours) ranges.push([zonedInstant(date, minutes(a), zone), zonedInstant(date, minutes(b), zone)]);
  }
  for (const o of overrides) if (o.kind === 'open') ranges.push([Date.parse(o.start), Date.parse(o.end)]);
  return merge(ranges.map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)])).map(iso);
}

/** The provider's blocks overlapping [from, to), clipped, with their reasons. */
export function blockIntervals(overrides: readonly Override[], from: number, to: number): (Interval & { reason: string | null })[] {
  const out: (Interval & { reason: string | null })[] = [];
  for (const o of overrides) {
    if (o.kind !== 'block') continue;
    const a = Math.max(Date.parse(o.start), from);
    const b = Math.min(Date.parse(o.end), to);
    if (b > a) out.push({ ...iso([a, b]), reason: o.reason });
  }
  return out.sort((x, y) => x.start.localeCompare(y.start));
}
