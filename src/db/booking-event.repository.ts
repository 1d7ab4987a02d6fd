/** The append-only audit log of bookings. */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function appendBookingEvent(
  db: Kysely<DB>,
  e: { bookingId: string; type: string; actor: string; data?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('booking_events')
    .values({ booking_id: e.bookingId, type: e.type, actor: e.actor, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

export async function listBookingEvents(db: Kysely<DB>, bookingId: string) {
  return db.selectFrom('booking_events').selectAll().where('booking_id', '=', bookingId).orderBy('id').execute();
}
