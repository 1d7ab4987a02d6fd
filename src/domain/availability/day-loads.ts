/**
 * The load the "any provider" pick spreads (get-slots.ts `pickFairly`): live bookings per provider and
 * provider-local day, counted from their start instants. The availability loader counts them here when it
 * hands the engine folded busy ranges instead of the bookings themselves.
 */
import { ZoneCalendar } from '../time/zone-calendar.ts';
import type { ProviderDayLoad } from './types.ts';

/**
 * Counts `starts` (epoch ms, read every `stride`-th value from index 0) per local day of `timeZone`;
 * `span` bounds the instants (the calendar precomputes the zone's offsets over it; outside it is exact but
 * slower).
 */
export function loadsByLocalDay(
  providerId: string,
  timeZone: string,
  starts: readonly number[],
  stride: number,
  span: { start: number; end: number },
): ProviderDayLoad[] {
  if (starts.length === 0) return [];
  const cal = new ZoneCalendar(timeZone, span.start, span.end);
  const counts = new Map<number, number>();
  for (let i = 0; i < starts.length; i += stride) {
    const day = cal.localDayOf(starts[i]!);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].map(([day, count]) => ({ providerId, day, count }));
}
