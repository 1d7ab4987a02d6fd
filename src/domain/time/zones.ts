/**
 * IANA time-zone arithmetic on top of `Intl` (no I/O, no clock): offsets of a zone at an instant, and
 * local wall-clock time → UTC instant with explicit rules for DST gaps and overlaps.
 *
 * Conventions used across slotflow:
 * - A *local date* is 'YYYY-MM-DD', a *local time* is minutes since local midnight (0..1440).
 * - Nonexistent local times (spring-forward gap): `resolve: 'skip'` → null; `'next'` → the first
 *   existing wall time after it, i.e. the transition instant (02:30 on a 02:00→03:00 day → 03:00). Used
 *   for the edges of working windows: nobody works past a wall time that never came.
 * - Ambiguous local times (fall-back overlap) take the first occurrence (the earlier instant).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for zones `Intl` knows (IANA names and their aliases, e.g. 'Europe/Berlin', 'UTC'). */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  // IANA names only. Newer V8s (Node 24) also accept UTC offsets such as "+03:00" as Intl time zones: an
  // offset has no DST rules, so a booking in it would drift by an hour twice a year.
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** Wall-clock fields of `instantMs` in `zone`. */
export function localParts(instantMs: number, zone: string): LocalParts {
  const parts = formatter(zone).formatToParts(new Date(instantMs));
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** UTC offset of `zone` at `instantMs`, in minutes east of UTC (Berlin in summer: +120). */
export function offsetMinutes(instantMs: number, zone: string): number {
  const p = localParts(instantMs, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const truncated = Math.floor(instantMs / 1000) * 1000;
  return Math.round((asUtc - truncated) / 60_000);
}

/** 'YYYY-MM-DD' → [y, m, d]; throws on a malformed or impossible date. */
export function parseLocalDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return [y, mo, d];
}

/** Adds `days` to a local date (pure calendar arithmetic, no zone). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseLocalDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseLocalDate(date);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The local date of `instantMs` in `zone`. */
export function localDate(instantMs: number, zone: string): string {
  const p = localParts(instantMs, zone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

// Local time → instant and instant → ISO with offset live in zone-instants.ts (re-exported here): the
// booking widget's first load imports this module and needs neither.
export { formatInZone, localToInstant } from './zone-instants.ts';
import { localToInstant } from './zone-instants.ts';

/**
 * The canonical IANA name of a zone `Intl` knows ('utc' → 'UTC', 'europe/berlin' → 'Europe/Berlin',
 * 'CET' → 'Europe/Brussels'), or null. Handing SQL the canonical name keeps PostgreSQL from reading a
 * legacy name as a fixed-offset abbreviation ('CET' is always +01:00 to `AT TIME ZONE`).
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!isValidTimeZone(zone)) return null;
  return formatter(zone).resolvedOptions().timeZone;
}

/**
 * The instant of a wall-clock time with seconds and milliseconds in `zone` (calendar data: iCalendar
 * TZID times, Graph dateTimeTimeZone). Ambiguous (fall back) → first occurrence; inside a DST gap →
 * read with the offset in force before the gap (RFC 5545 §3.3.5: 02:30 on a 02:00→03:00 night is
 * 03:30 after the change).
 */
export function wallClockToInstant(date: string, hour: number, minute: number, second: number, millis: number, zone: string): number {
  const extra = second * 1000 + millis;
  const exact = localToInstant(date, hour * 60 + minute, zone, 'skip');
  if (exact !== null) return exact + extra;
  const [y, m, d] = parseLocalDate(date);
  const wallAsUtc = Date.UTC(y, m - 1, d, hour, minute);
  return wallAsUtc - offsetMinutes(wallAsUtc - 86_400_000, zone) * 60_000 + extra;
}
