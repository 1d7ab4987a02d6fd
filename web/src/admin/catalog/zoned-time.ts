/**
 * Local date + wall time in a provider's IANA zone ↔ instants, for the override forms and list. Built on
 * src/domain/time/zones.ts (pure `Intl` arithmetic, the same rules the availability engine uses):
 * - A wall time that does not exist (spring-forward gap) moves to the transition instant, with a note
 *   saying so — nobody can mean a time that never happens, and the engine treats window edges alike.
 * - An ambiguous wall time (fall-back overlap) is its first occurrence, with a note.
 * - An end time of "00:00" (or "24:00") is midnight at the end of that date.
 */
import { isoWeekday, localParts, localDate, offsetMinutes, parseLocalDate, addDays } from '../../../../src/domain/time/zones.ts';
import { formatInZone, localToInstant } from '../../../../src/domain/time/zone-instants.ts';
import { clockMinutes } from './weekly-hours.ts';

export { addDays, isoWeekday, localDate };

export type InstantResult = { ok: true; iso: string; ms: number; note?: string } | { ok: false; message: string };

export function isLocalDate(text: string): boolean {
  try {
    parseLocalDate(text);
    return true;
  } catch {
    return false;
  }
}

/** The instant of local `date` at `time` ("HH:MM"; `endOfDay` makes "00:00"/"24:00" the next midnight) in `zone`. */
export function localToIso(date: string, time: string, zone: string, opts: { endOfDay?: boolean } = {}): InstantResult {
  if (!isLocalDate(date)) return { ok: false, message: 'enter a date' };
  let minutes = time === '24:00' ? 1440 : clockMinutes(time);
  if (minutes === null) return { ok: false, message: 'enter a time' };
  if (opts.endOfDay && minutes === 0) minutes = 1440;
  const exact = localToInstant(date, minutes, zone, 'skip');
  if (exact === null) {
    const moved = localToInstant(date, minutes, zone, 'next')!;
    const shown = localParts(moved, zone);
    const at = `${String(shown.hour).padStart(2, '0')}:${String(shown.minute).padStart(2, '0')}`;
    return { ok: true, ms: moved, iso: formatInZone(moved, zone), note: `${time} does not exist on ${date} in ${zone} (clocks go forward); ${at} is used` };
  }
  // A second occurrence exists when the wall time comes round again after a fall-back.
  const later = exact + (offsetMinutes(exact, zone) - offsetMinutes(exact + 3 * 3_600_000, zone)) * 60_000;
  const note =
    later > exact && localSame(later, exact, zone) ? `${time} happens twice on ${date} in ${zone} (clocks go back); the first one is used` : undefined;
  return { ok: true, ms: exact, iso: formatInZone(exact, zone), ...(note ? { note } : {}) };
}

function localSame(a: number, b: number, zone: string): boolean {
  const x = localParts(a, zone);
  const y = localParts(b, zone);
  return x.year === y.year && x.month === y.month && x.day === y.day && x.hour === y.hour && x.minute === y.minute;
}

export type RangeResult = { ok: true; start: string; end: string; notes: string[] } | { ok: false; errors: { date?: string; from?: string; to?: string } };

/** [from, to) on local `date` in `zone` as instants; "00:00" as `to` is the end of the day. */
export function localRangeToInstants(date: string, from: string, to: string, zone: string): RangeResult {
  if (!isLocalDate(date)) return { ok: false, errors: { date: 'enter a date' } };
  const start = localToIso(date, from, zone);
  const end = localToIso(date, to, zone, { endOfDay: true });
  const errors: { from?: string; to?: string } = {};
  if (!start.ok) errors.from = start.message;
  if (!end.ok) errors.to = end.message;
  if (!start.ok || !end.ok) return { ok: false, errors };
  if (end.ms <= start.ms) return { ok: false, errors: { to: 'must be after the start time' } };
  return { ok: true, start: start.iso, end: end.iso, notes: [start.note, end.note].filter((n): n is string => !!n) };
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Sat 2026-12-12" */
export function dayLabel(date: string): string {
  return `${DAY_NAMES[isoWeekday(date) - 1]} ${date}`;
}

function hhmm(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/**
 * [start, end) as the provider reads it in `zone`: "Sat 2026-12-12, 10:00–14:00"; an end at the next
 * local midnight shows as 24:00; a range over several days shows both ends.
 */
export function describeRange(startIso: string, endIso: string, zone: string): string {
  const s = Date.parse(startIso);
  const e = Date.parse(endIso);
  const sd = localDate(s, zone);
  const ed = localDate(e, zone);
  if (sd === ed) return `${dayLabel(sd)}, ${hhmm(s, zone)}–${hhmm(e, zone)}`;
  if (ed === addDays(sd, 1) && hhmm(e, zone) === '00:00') return `${dayLabel(sd)}, ${hhmm(s, zone)}–24:00`;
  return `${dayLabel(sd)} ${hhmm(s, zone)} → ${dayLabel(ed)} ${hhmm(e, zone)}`;
}
