/**
 * External calendar events → busy time (`busy_blocks` rows, migration 0002). Pure: no clock, no I/O.
 *
 * Which events block:
 * - `cancelled` events do not (they are gone; a feed still lists them so deletions can be applied).
 * - Transparent events ("show as free", TRANSP:TRANSPARENT, showAs=free) do not: the owner said so.
 * - Events slotflow wrote itself (`slotflowBookingId` set) do not: the booking already blocks its own
 *   time (with buffers) in `bookings.blocked`; counting the mirror again would make a rescheduled or
 *   cancelled booking keep blocking its old slot until the next sync.
 * - `tentative` events DO block. Tentative means "maybe" (an invitation not yet answered, or accepted
 *   as tentative) — the provider has not declined, and Google's free/busy and Graph's getSchedule both
 *   report such time as not free. Offering that slot risks a double booking, which costs more than one
 *   slot the provider could have had; a provider who wants it bookable marks the event "free".
 *
 * Edges:
 * - Timed edges are instants and are used as they are (an event spanning midnight is one block).
 * - All-day edges are local dates in the provider's `timeZone`: the block starts at the local start of
 *   the start date and ends at the local start of the end date (exclusive, as iCalendar DTEND;VALUE=DATE
 *   and Google's `end.date`). Local days are not 24 h: a DST day is 23 or 25 h long, so each edge goes
 *   through `localToInstant`, never `+ 86_400_000`. Where local midnight does not exist (zones that
 *   switch DST at 00:00), the day starts at the transition instant (`resolve: 'next'`).
 * - Every block is clipped to the window [from, to); empty or inverted results are dropped.
 *
 * Input hygiene: an unknown `timeZone` throws (a configuration error, not a property of one event); an
 * event whose edges cannot be read (malformed date, non-finite instant) is skipped
 * rather than failing the whole sync; if the same id appears twice, the later occurrence wins (a feed
 * lists newer states later), so the output never holds two rows for one (source, external_id).
 *
 * Output: one block per blocking event, sorted by start (then end, then id, so the order is total).
 */
import type { EventTime, ExternalEvent } from '../../calendar-connectors/connector.ts';
import { isValidTimeZone, localToInstant, parseLocalDate } from '../time/zones.ts';

export type BusyBlockDraft = { externalId: string; start: number; end: number };

export function busyBlocksFromEvents(events: ExternalEvent[], opts: { timeZone: string; window: { from: number; to: number } }): BusyBlockDraft[] {
  const { timeZone, window } = opts;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
  if (!(Number.isFinite(window.from) && Number.isFinite(window.to)) || window.to <= window.from) return [];

  const latest = new Map<string, ExternalEvent>();
  for (const e of events) {
    latest.delete(e.id); // re-insert so the map's order follows the last occurrence
    latest.set(e.id, e);
  }

  const out: BusyBlockDraft[] = [];
  for (const e of latest.values()) {
    if (!blocksTime(e)) continue;
    const start = edgeInstant(e.start, timeZone);
    const end = edgeInstant(e.end, timeZone);
    if (start === null || end === null) continue;
    const s = Math.max(start, window.from);
    const t = Math.min(end, window.to);
    if (t > s) out.push({ externalId: e.id, start: s, end: t });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
}

/** True when the event occupies the provider's time (see the module comment for the rules). */
export function blocksTime(e: ExternalEvent): boolean {
  if (e.status === 'cancelled') return false;
  if (e.transparent) return false;
  if (e.slotflowBookingId !== undefined && e.slotflowBookingId !== null && e.slotflowBookingId !== '') return false;
  return true; // 'confirmed' and 'tentative'
}

/** An edge as an instant: instants as they are, dates as the start of that local day in `zone`. */
function edgeInstant(edge: EventTime, zone: string): number | null {
  if ('instant' in edge) return Number.isFinite(edge.instant) ? edge.instant : null;
  try {
    parseLocalDate(edge.date);
  } catch {
    return null; // malformed date
  }
  return localToInstant(edge.date, 0, zone, 'next');
}
