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
