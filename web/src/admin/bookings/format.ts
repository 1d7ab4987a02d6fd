/**
 * How the booking screens print dates and times: 24-hour clock, English day and month names, the zone
 * named when it matters (a booking's time is shown in two zones on the detail screen). Intl only.
 */
import { parseDate } from './zone.ts';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat('en-GB', opts)));
  return f;
}

/** '09:30' in `zone`. */
export function formatTime(ms: number, zone: string): string {
  return fmt(`t|${zone}`, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** 'Mon 2 Mar 2026, 09:30' in `zone` (with ':15' seconds when `seconds`, for the audit log). */
export function formatDateTime(ms: number, zone: string, seconds = false): string {
  return fmt(`dt|${zone}|${seconds}`, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(ms);
}

/** '2 Mar, 09:30' in `zone`: compact, for table cells. */
export function formatShort(ms: number, zone: string): string {
  return fmt(`s|${zone}`, { timeZone: zone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** The zone's short name at `ms` ('CET', 'GMT+1', 'UTC'). */
export function zoneAbbreviation(ms: number, zone: string): string {
  const parts = fmt(`z|${zone}`, { timeZone: zone, timeZoneName: 'short' }).formatToParts(ms);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

/** 'Mon 2 Mar 2026, 09:30–10:00 (Europe/Berlin, CET)'; the end's date only when it differs. */
export function formatSpan(startMs: number, endMs: number, zone: string): string {
  const sameDay = fmt(`d|${zone}`, { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const end = sameDay.format(startMs) === sameDay.format(endMs) ? formatTime(endMs, zone) : formatDateTime(endMs, zone);
  return `${formatDateTime(startMs, zone)}–${end} (${zone}, ${zoneAbbreviation(startMs, zone)})`;
}

/** A local date as a heading: 'Mon 2 Mar' (with the year when `withYear`). */
export function formatDay(date: string, withYear = false): string {
  const p = parseDate(date);
  if (!p) return date;
  const opts: Intl.DateTimeFormatOptions = { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) };
  return fmt(`day|${withYear}`, opts).format(Date.UTC(p[0], p[1] - 1, p[2]));
}

/** Title of a calendar range: '2 – 8 Mar 2026' for a week, 'Mon 2 Mar 2026' for a day. */
export function formatRangeTitle(days: readonly string[]): string {
  if (days.length === 1) return formatDay(days[0]!, true);
  const a = parseDate(days[0]!);
  const b = parseDate(days[days.length - 1]!);
  if (!a || !b) return `${days[0]} – ${days[days.length - 1]}`;
  const long = fmt('range', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  return `${long.format(Date.UTC(a[0], a[1] - 1, a[2]))} – ${long.format(Date.UTC(b[0], b[1] - 1, b[2]))}`;
}
