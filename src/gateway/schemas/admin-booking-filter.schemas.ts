/**
 * The filters of the admin's bookings list, shared by the list (GET /v1/admin/bookings) and its CSV
 * export (GET /v1/admin/bookings.csv), so an export holds exactly what the list shows — all of it.
 */
import { z } from 'zod';
import type { BookingFilter } from '../../db/booking-query.repository.ts';
import { parseBound } from '../../domain/availability/query.ts';
import { BOOKING_CHANNELS } from '../../domain/bookings/channels.ts';
import { BOOKING_STATUSES } from '../../domain/bookings/booking-status.ts';
import { customerSearch } from '../../domain/bookings/customer-search.ts';
import { isValidTimeZone } from '../../domain/time/zones.ts';
import { AppError } from '../../errors.ts';

export const ZBookingFilterQuery = z.object({
  from: z.string().min(10).max(40).optional().describe('Starting at or after: YYYY-MM-DD (in timeZone) or ISO-8601 date-time with offset'),
  to: z.string().min(10).max(40).optional().describe('Starting before: YYYY-MM-DD (inclusive, in timeZone) or ISO-8601 date-time with offset'),
  timeZone: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin')
    .default('UTC')
    .describe('IANA zone plain dates in from / to are read in (default UTC), as GET /v1/availability does'),
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(BOOKING_STATUSES)).optional())
    .describe('comma-separated statuses'),
  providerId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  channel: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(BOOKING_CHANNELS)).optional())
    .describe('comma-separated channels: web, phone, email, api, admin, agent'),
  q: z
    .string()
    .max(100)
    .optional()
    .describe(
      'Customer search: name or e-mail contains it (case-insensitive); a phone-like text (digits, spaces, + - ( ) / .) also matches phone numbers containing its digits',
    ),
});

export type TBookingFilterQuery = z.output<typeof ZBookingFilterQuery>;

/** The repository filter the query asks for (422 for a range that ends before it starts). */
export function bookingFilterOf(query: TBookingFilterQuery): Omit<BookingFilter, 'limit'> {
  const from = query.from === undefined ? undefined : parseBound(query.from, 'from', query.timeZone);
  const to = query.to === undefined ? undefined : parseBound(query.to, 'to', query.timeZone);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new AppError('invalid_request', 'query.to: must be after `from`', { errors: [{ path: 'query.to', message: 'must be after `from`' }] });
  }
  return {
    from: from === undefined ? undefined : new Date(from),
    to: to === undefined ? undefined : new Date(to),
    status: query.status,
    providerId: query.providerId,
    serviceId: query.serviceId,
    channel: query.channel,
    search: customerSearch(query.q),
  };
}
