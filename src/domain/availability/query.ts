/**
 * The public availability query → an instant range, and engine slots → the wire format.
 *
 * `from` / `to` are either local dates ('2026-03-29', read in `timeZone`; `to` is inclusive, so the range
 * ends at the next local midnight) or ISO-8601 instants with an offset ('2026-03-29T09:00:00+02:00' or
 * '…Z'). A date-time without offset is refused: it would silently mean different instants per server.
 * A range over 62 days is refused. Same instants in, same slots out, whatever zone the customer uses.
 */
import { AppError } from '../../errors.ts';
import { ZoneCalendar } from '../time/zone-calendar.ts';
import { addDays, localToInstant } from '../time/zones.ts';
import type { Interval, Slot } from './types.ts';

export const MAX_RANGE_DAYS = 62;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function bad(path: string, message: string): AppError {
  return new AppError('invalid_request', `${path}: ${message}`, { errors: [{ path, message }] });
}

/** One bound: a local date in `timeZone` (`to` inclusive: the next local midnight) or an instant with offset. */
export function parseBound(value: string, name: 'from' | 'to', timeZone: string): number {
  if (DATE.test(value)) {
    try {
      const date = name === 'to' ? addDays(value, 1) : value;
      return localToInstant(date, 0, timeZone, 'next')!;
    } catch {
      throw bad(`query.${name}`, 'is not a calendar date');
    }
  }
  if (INSTANT.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return t;
  }
  throw bad(`query.${name}`, 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset');
}

/** Resolves the query range; throws `invalid_request` naming the field. */
export function resolveRange(q: { from: string; to: string; timeZone: string }): Interval {
  const start = parseBound(q.from, 'from', q.timeZone);
  const end = parseBound(q.to, 'to', q.timeZone);
  if (end <= start) throw bad('query.to', 'must be after `from`');
  if (end - start > MAX_RANGE_DAYS * 86_400_000 + 3_600_000 /* a DST hour */) {
    throw bad('query.to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  }
  return { start, end };
}

export type WireSlot = { start: string; end: string; providerId: string; seatsLeft?: number };

/** Formats slots as ISO-8601 with the offset of `timeZone` at each instant. */
export function presentSlots(slots: Slot[], timeZone: string, range: Interval): WireSlot[] {
  if (slots.length === 0) return [];
  const cal = new ZoneCalendar(timeZone, range.start, range.end);
  return slots.map((s) => ({
    start: cal.format(s.start),
    end: cal.format(s.end),
    providerId: s.providerId,
    ...(s.seatsLeft !== undefined ? { seatsLeft: s.seatsLeft } : {}),
  }));
}
