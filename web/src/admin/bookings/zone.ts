/**
 * Time-zone arithmetic for the booking screens on top of `Intl` (no library, no DOM, no clock): the
 * wall clock of an instant in a zone, a zone's local midnight as an instant, and date-only arithmetic.
 *
 * Conventions (the same as the engine's, src/domain/time/zones.ts):
 * - a *local date* is 'YYYY-MM-DD'; *wall minutes* are minutes since local midnight (0..1440);
 * - a wall time that does not exist (spring-forward gap) resolves to the first existing one after it;
 *   an ambiguous one (fall-back overlap) to its first occurrence.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
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

/** True for zones `Intl` knows ('Europe/Berlin', 'UTC', …). */
export function isValidZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

export type WallClock = { date: string; minutes: number };

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function parts(ms: number, zone: string): Parts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Local date and wall minutes (with fractions of seconds dropped) of `ms` in `zone`. */
export function wallClock(ms: number, zone: string): WallClock {
  const p = parts(ms, zone);
  return { date: dateOf(p.year, p.month, p.day), minutes: p.hour * 60 + p.minute + p.second / 60 };
}

/** The local date of `ms` in `zone`. */
export function localDate(ms: number, zone: string): string {
  return wallClock(ms, zone).date;
}

/** Offset of `zone` at `ms`, minutes east of UTC (Berlin in summer: +120). */
export function offsetMinutes(ms: number, zone: string): number {
  const p = parts(ms, zone);
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole) / 60_000);
}

/** 'YYYY-MM-DD' → [y, m, d], or null when it is not a real calendar date. */
export function parseDate(date: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const c = new Date(Date.UTC(y, mo - 1, d));
  return c.getUTCFullYear() === y && c.getUTCMonth() === mo - 1 && c.getUTCDate() === d ? [y, mo, d] : null;
}

export function isDate(date: string): boolean {
  return parseDate(date) !== null;
}

function mustParse(date: string): [number, number, number] {
  const p = parseDate(date);
  if (!p) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return p;
}

/** Calendar arithmetic on a local date (no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = mustParse(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = mustParse(date);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = mustParse(a);
  const [yb, mb, db] = mustParse(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/**
 * The instant of wall time `minutes` on local `date` in `zone`. A wall time in a spring-forward gap
 * resolves to the transition (the first wall time that exists after it); an ambiguous one (fall back)
 * to its first occurrence.
 */
export function zonedInstant(date: string, minutes: number, zone: string): number {
  const [y, m, d] = mustParse(date);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000; // the wall time read as if it were UTC
  // The offsets in force a day either side bracket the answer; try the earlier instant first
  // (larger offset = earlier instant), so an ambiguous wall time is its first occurrence.
  const candidates = [...new Set([offsetMinutes(naive - 86_400_000, zone), offsetMinutes(naive + 86_400_000, zone)])]
    .sort((a, b) => b - a)
    .map((off) => naive - off * 60_000);
  for (const t of candidates) {
    const w = wallClock(t, zone);
    if (w.date === date && Math.abs(w.minutes - minutes) < 1e-6) return t;
  }
  // In the gap: the transition lies between the two candidates; the later offset applies from there.
  const lo = Math.min(...candidates);
  const hi = Math.max(...candidates);
  let a = lo;
  let b = hi;
  const before = offsetMinutes(lo, zone);
  while (b - a > 1000) {
    const mid = Math.floor((a + b) / 2 / 1000) * 1000;
    if (offsetMinutes(mid, zone) === before) a = mid;
    else b = mid;
  }
  return b;
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
  const off = offsetMinutes(ms, zone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
