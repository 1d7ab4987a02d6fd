/** Builders for availability engine tests. Times are written as local wall-clock strings. */
import type {
  AvailabilityOverride,
  AvailabilityProvider,
  AvailabilityService,
  ExistingBooking,
  GetSlotsInput,
  WeeklyHours,
} from '../../../src/domain/availability/types.ts';
import { formatInZone, localToInstant } from '../../../src/domain/time/zones.ts';

/** Instant of local 'YYYY-MM-DDTHH:MM' in `zone` (first occurrence; throws inside a DST gap). */
export function at(local: string, zone: string): number {
  const [date, time] = local.split('T') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  const t = localToInstant(date, h * 60 + m, zone, 'skip');
  if (t === null) throw new Error(`${local} does not exist in ${zone}`);
  return t;
}

export const utc = (iso: string) => Date.parse(iso);

export function service(over: Partial<AvailabilityService> = {}): AvailabilityService {
  return {
    id: 'svc',
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotIntervalMinutes: null,
    slotAlignment: 'restart',
    minimumNoticeMinutes: 0,
    maximumAdvanceDays: 730,
    maxBookingsPerDay: null,
    maxBookingsPerWeek: null,
    ...over,
  };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export function everyDay(ranges: [string, string][]): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, ranges]));
}

export function provider(id: string, timeZone: string, weeklyHours: WeeklyHours = everyDay([['09:00', '17:00']])): AvailabilityProvider {
  return { id, timeZone, weeklyHours };
}

export function booking(
  providerId: string,
  start: number,
  minutes: number,
  opts: { serviceId?: string; before?: number; after?: number } = {},
): ExistingBooking {
  const end = start + minutes * 60_000;
  return {
    providerId,
    serviceId: opts.serviceId ?? 'svc',
    start,
    end,
    blockedStart: start - (opts.before ?? 0) * 60_000,
    blockedEnd: end + (opts.after ?? 0) * 60_000,
  };
}

export function input(over: Partial<GetSlotsInput> & Pick<GetSlotsInput, 'providers' | 'range'>): GetSlotsInput {
  return { service: service(), bookings: [], busy: [], overrides: [] as AvailabilityOverride[], now: Date.parse('2025-12-01T00:00:00Z'), ...over };
}

/** Slot starts formatted in `zone`, for readable expectations. */
export function starts(slots: { start: number }[], zone: string): string[] {
  return slots.map((s) => formatInZone(s.start, zone));
}

/** The local range of whole dates [first 00:00, last+1 00:00) in `zone`. */
export function days(first: string, last: string, zone: string) {
  const end = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { start: at(`${first}T00:00`, zone), end: at(`${end}T00:00`, zone) };
}
