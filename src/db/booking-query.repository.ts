/** Read side of bookings for the admin API: filtered lists and one booking with its audit log. */
import type { Kysely } from 'kysely';
import type { BookingRow } from './booking.repository.ts';
import type { BookingStatus, DB } from './schema.ts';

export type BookingFilter = {
  from?: Date | undefined;
  to?: Date | undefined;
  status?: BookingStatus[] | undefined;
  providerId?: string | undefined;
  serviceId?: string | undefined;
  limit: number;
};

/** Bookings starting in [from, to), soonest first. */
export async function listBookings(db: Kysely<DB>, f: BookingFilter): Promise<BookingRow[]> {
  let q = db.selectFrom('bookings').selectAll().orderBy('start_time').orderBy('id').limit(f.limit);
  if (f.from) q = q.where('start_time', '>=', f.from);
  if (f.to) q = q.where('start_time', '<', f.to);
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.providerId) q = q.where('provider_id', '=', f.providerId);
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  return q.execute();
}

/** Bookings per status (all time): the source of the bookings-by-outcome and no-show-rate metrics. */
export async function countBookingsByStatus(db: Kysely<DB>): Promise<Partial<Record<BookingStatus, number>>> {
  const rows = await db.selectFrom('bookings').select(['status', db.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
