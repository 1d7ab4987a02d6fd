/**
 * Slots as the calendar shows them, pure: grouped by the LOCAL day of their start in the customer's
 * zone (a 23- or 25-hour DST day is one day; a slot at 00:30 local belongs to that date even when its
 * UTC date differs), and the availability query of one month. Slot identity is start instant +
 * provider, because two offsets can name the same instant.
 */
import type { Slot } from '../api/types.ts';
import { localDate } from '../../../src/domain/time/zones.ts';
import { monthBounds } from './calendar-model.ts';

/** Local date → that day's slots in start order. */
export function groupByLocalDay(slots: readonly Slot[], zone: string): Map<string, Slot[]> {
  const out = new Map<string, Slot[]>();
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const s of sorted) {
    const day = localDate(Date.parse(s.start), zone);
    const list = out.get(day);
    if (list) list.push(s);
    else out.set(day, [s]);
  }
  return out;
}

export const sameSlot = (a: Slot | null | undefined, b: Slot | null | undefined): boolean =>
  !!a && !!b && Date.parse(a.start) === Date.parse(b.start) && a.providerId === b.providerId;

/**
 * Query string parameters of GET /v1/availability for the shown month; never asks for days before
 * `today` (the server would only return nothing for them). Null when the whole month lies in the past.
 */
export function monthQuery(p: { serviceId: string; providerId?: string | undefined; month: string; zone: string; today: string }) {
  const { first, last } = monthBounds(p.month);
  if (last < p.today) return null;
  return { serviceId: p.serviceId, providerId: p.providerId, from: first < p.today ? p.today : first, to: last, timeZone: p.zone };
}

/** The slot starting at `time` (with `providerId`, when one was chosen), or undefined: it is no longer free. */
export const slotAt = (slots: readonly Slot[], time: string, providerId?: string): Slot | undefined =>
  slots.find((s) => Date.parse(s.start) === Date.parse(time) && (!providerId || s.providerId === providerId));
