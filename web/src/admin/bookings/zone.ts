/**
 * Time-zone helpers of the booking screens: the engine's own zone arithmetic (src/domain/time/zones.ts,
 * the same rules the server uses: a wall time in a spring-forward gap resolves to the transition, an
 * ambiguous one to its first occurrence) plus what only a calendar grid needs (wall minutes with
 * fractions, day bounds, datetime-local input parsing).
 */
import { addDays, isoWeekday, isValidTimeZone, localDate, localParts, offsetMinutes, parseLocalDate } from '../../../../src/domain/time/zones.ts';
import { formatInZone, localToInstant } from '../../../../src/domain/time/zone-instants.ts';

export { addDays, isoWeekday, localDate, offsetMinutes };

/** True for zones `Intl` knows ('Europe/Berlin', 'UTC', …). */
export const isValidZone = isValidTimeZone;

export type WallClock = { date: string; minutes: number };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local date and wall minutes (seconds as a fraction) of `ms` in `zone`. */
export function wallClock(ms: number, zone: string): WallClock {
  const p = localParts(ms, zone);
  return { date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, minutes: p.hour * 60 + p.minute + p.second / 60 };
}

/** 'YYYY-MM-DD' → [y, m, d], or null when it is not a real calendar date. */
export function parseDate(date: string): [number, number, number] | null {
  try {
    return parseLocalDate(date);
  } catch {
    return null;
  }
}

export function isDate(date: string): boolean {
  return parseDate(date) !== null;
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = parseLocalDate(a);
  const [yb, mb, db] = parseLocalDate(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** The instant of wall time `minutes` on local `date` in `zone` (gap → the transition; overlap → first). */
export function zonedInstant(date: string, minutes: number, zone: string): number {
  return localToInstant(date, minutes, zone, 'next')!;
}

/** [start, end) of local `date` in `zone` as instants: 23 or 25 hours long on DST days. */
export function dayBounds(date: string, zone: string): [number, number] {
  return [zonedInstant(date, 0, zone), zonedInstant(addDays(date, 1), 0, zone)];
}

/** Wall minutes → 'HH:MM' (1440 → '24:00'). */
export function clockLabel(minutes: number): string {
  const m = Math.round(minutes);
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** 'YYYY-MM-DDTHH:MM' (what <input type="datetime-local"> holds) in `zone` → instant, or null. */
export function parseLocalDateTime(value: string, zone: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m || !isDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return zonedInstant(m[1]!, Number(m[2]) * 60 + Number(m[3]), zone);
}

/** `ms` as ISO-8601 with `zone`'s offset (what the API accepts), e.g. 2026-03-29T09:00:00+02:00. */
export function isoInZone(ms: number, zone: string): string {
  return formatInZone(Math.floor(ms / 1000) * 1000, zone);
}
