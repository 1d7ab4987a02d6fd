/** The append-only audit log of bookings. */
import { sql, type Kysely } from 'kysely';
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

/** True when the booking has an event of `type` whose data contains `data` (jsonb containment). */
export async function hasBookingEvent(db: Kysely<DB>, bookingId: string, type: string, data: Record<string, unknown>): Promise<boolean> {
  const row = await db
    .selectFrom('booking_events')
    .select('id')
    .where('booking_id', '=', bookingId)
    .where('type', '=', type)
    .where(sql<boolean>`data @> ${JSON.stringify(data)}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listBookingEvents(db: Kysely<DB>, bookingId: string) {
  return db.selectFrom('booking_events').selectAll().where('booking_id', '=', bookingId).orderBy('id').execute();
}
