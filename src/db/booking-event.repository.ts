/** The append-only audit log of bookings. */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function appendBookingEvent(db: Kysely<DB>, e: { bookingId: string; type: string; actor: string; data?: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('booking_events')
    .values({ booking_id: e.bookingId, type: e.type, actor: e.actor, data: JSON.stringify(e.data ?? {}) })
    .execute();
}

/**
 * Appends the event unless the booking already has one of its type whose data contains `match` (jsonb
 * containment), in one statement: a retried step records its outcome once.
 */
export async function appendBookingEventOnce(
  db: Kysely<DB>,
  e: { bookingId: string; type: string; actor: string; data: Record<string, unknown> },
  match: Record<string, unknown>,
): Promise<void> {
  await sql`
    INSERT INTO booking_events (booking_id, type, actor, data)
    SELECT ${e.bookingId}::uuid, ${e.type}, ${e.actor}, ${JSON.stringify(e.data)}::jsonb
    WHERE NOT EXISTS (
      SELECT 1 FROM booking_events WHERE booking_id = ${e.bookingId}::uuid AND type = ${e.type} AND data @> ${JSON.stringify(match)}::jsonb
    )`.execute(db);
}

export async function listBookingEvents(db: Kysely<DB>, bookingId: string) {
  return db.selectFrom('booking_events').selectAll().where('booking_id', '=', bookingId).orderBy('id').execute();
}
