/**
 * The override forms → POST /v1/admin/providers/{id}/overrides bodies.
 * - Range (block / open): a local date and from/to wall times in the provider's zone, sent as instants
 *   with the zone's offset (see zoned-time.ts for DST gaps and overlaps; their notes are returned so
 *   the page can say what was used).
 * - Hours of a date: that local date's ranges replace the weekly hours; "day off" sends `hours: []`.
 */
import { checkDay, type RangeDraft } from './weekly-hours.ts';
import { isLocalDate, localRangeToInstants } from './zoned-time.ts';

export type RangeKind = 'block' | 'open';
export type RangeForm = { kind: RangeKind; date: string; from: string; to: string; reason: string };
export type HoursForm = { date: string; dayOff: boolean; ranges: RangeDraft[]; reason: string };

export type RangeBody = { kind: RangeKind; start: string; end: string; reason?: string };
export type HoursBody = { date: string; hours: [string, string][]; reason?: string };

type Errors = Record<string, string>;

export function rangeBody(f: RangeForm, zone: string): { ok: true; body: RangeBody; notes: string[] } | { ok: false; errors: Errors } {
  const r = localRangeToInstants(f.date, f.from, f.to, zone);
  if (!r.ok) return { ok: false, errors: r.errors };
  const reason = f.reason.trim();
  return { ok: true, body: { kind: f.kind, start: r.start, end: r.end, ...(reason ? { reason } : {}) }, notes: r.notes };
}

/** Errors: `date`, or `hours.<row>` per range row. */
export function hoursBody(f: HoursForm): { ok: true; body: HoursBody } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  if (!isLocalDate(f.date)) errors.date = 'enter a date';
  let hours: [string, string][] = [];
  if (!f.dayOff) {
    if (f.ranges.length === 0) errors.hours = 'add working hours, or tick "Day off"';
    const day = checkDay(f.ranges);
    if (day.ok) hours = day.ranges;
    else for (const [row, message] of Object.entries(day.errors)) errors[`hours.${row}`] = message;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const reason = f.reason.trim();
  return { ok: true, body: { date: f.date, hours, ...(reason ? { reason } : {}) } };
}
