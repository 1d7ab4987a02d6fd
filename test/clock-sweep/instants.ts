/**
 * The hard instants of the clock sweep (issue #13), computed from a reference instant so that every one
 * lies in the future of it: the suites that also run real workflows pin their gateway and browser to the
 * instant while Temporal's clock stays real, which works only when the pinned "now" is not in the past.
 *
 * - the next Friday 19:13 UTC (every early-morning zone is on Saturday then) and Saturday 23:30 UTC;
 * - the next Sunday at 00:30 and at 23:59 in Pacific/Kiritimati (UTC+14) and Pacific/Pago_Pago (UTC−11);
 * - both DST changes of the year after the reference's in Europe/Berlin, America/New_York and
 *   Australia/Sydney: an hour before, 30 minutes after (inside the repeated hour, or just past the
 *   missing one), an hour after;
 * - the next 31 December 23:30 UTC and the next 29 February (12:00 UTC).
 * Pure: the reference is an argument (the runner passes the real now).
 */
import { addDays, isoWeekday, localDate, offsetMinutes, wallClockToInstant } from '../../src/domain/time/zones.ts';

export type SweepInstant = { name: string; iso: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The first instant strictly after `ref` whose wall clock in `zone` is `weekday` (1 = Monday) `hh:mm`. */
export function nextWeekdayAt(ref: number, zone: string, weekday: number, hh: number, mm: number): number {
  let date = localDate(ref, zone);
  for (let i = 0; i < 15; i++, date = addDays(date, 1)) {
    if (isoWeekday(date) !== weekday) continue;
    const t = wallClockToInstant(date, hh, mm, 0, 0, zone);
    if (t > ref) return t;
  }
  throw new Error(`no ${weekday} ${hh}:${mm} in ${zone} after ${new Date(ref).toISOString()}`);
}

/** The instants in `year` at which `zone`'s UTC offset changes (the first instant with the new offset). */
export function offsetChanges(zone: string, year: number): number[] {
  const changes: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let t = Date.UTC(year, 0, 1); t < end; t += DAY) {
    if (offsetMinutes(t, zone) === offsetMinutes(t + DAY, zone)) continue;
    // Binary search to the minute (offsets change on whole minutes).
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(mid, zone) === offsetMinutes(lo, zone)) lo = mid;
      else hi = mid;
    }
    changes.push(hi);
  }
  return changes;
}

export const DST_ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney'] as const;

export function sweepInstants(ref: number): SweepInstant[] {
  const iso = (t: number) => new Date(t).toISOString();
  const out: SweepInstant[] = [
    { name: 'Friday 19:13 UTC', iso: iso(nextWeekdayAt(ref, 'UTC', 5, 19, 13)) },
    { name: 'Saturday 23:30 UTC', iso: iso(nextWeekdayAt(ref, 'UTC', 6, 23, 30)) },
  ];
  for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    out.push({ name: `Sunday 00:30 ${zone}`, iso: iso(nextWeekdayAt(ref, zone, 7, 0, 30)) });
    out.push({ name: `Sunday 23:59 ${zone}`, iso: iso(nextWeekdayAt(ref, zone, 7, 23, 59)) });
  }
  const year = new Date(ref).getUTCFullYear() + 1;
  for (const zone of DST_ZONES) {
    for (const change of offsetChanges(zone, year)) {
      const kind = offsetMinutes(change, zone) > offsetMinutes(change - 1, zone) ? 'DST starts' : 'DST ends';
      const label = `${zone} ${kind} ${localDate(change, zone)}`;
      out.push({ name: `${label}, 1 h before`, iso: iso(change - HOUR) });
      out.push({ name: `${label}, 30 min after`, iso: iso(change + HOUR / 2) });
      out.push({ name: `${label}, 1 h after`, iso: iso(change + HOUR) });
    }
  }
  let newYearsEve = Date.UTC(new Date(ref).getUTCFullYear(), 11, 31, 23, 30);
  if (newYearsEve <= ref) newYearsEve = Date.UTC(new Date(ref).getUTCFullYear() + 1, 11, 31, 23, 30);
  out.push({ name: '31 December 23:30 UTC', iso: iso(newYearsEve) });
  let y = new Date(ref).getUTCFullYear();
  while (!(new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1 && Date.UTC(y, 1, 29, 12) > ref)) y++;
  out.push({ name: `29 February ${y} 12:00 UTC`, iso: iso(Date.UTC(y, 1, 29, 12)) });
  return out;
}
