/**
 * The booking workflow's calendar step: make the provider's connected calendar match the booking.
 * - A confirmed booking → its event exists with the booking's current time (created with an id derived
 *   from the booking, so a retried create finds the first one; later versions update the same event).
 * - A cancelled (or otherwise ended-before-it-happened) booking → its event is deleted (already gone = ok).
 * - No connection for the provider → nothing to do (`skipped`), recorded once per version.
 * - A connection that refuses us (AUTH_REVOKED) or whose calendar is gone → the connection turns
 *   unhealthy, the booking goes on, and the failure is recorded on the booking (`calendar_failed`).
 * - TEMPORARY / RATE_LIMITED are thrown as CalendarError: the activity retries them.
 */
import type { Kysely } from 'kysely';
import { appendBookingEvent, appendBookingEventOnce } from '../db/booking-event.repository.ts';
import { findBooking, setCalendarEventRef } from '../db/booking.repository.ts';
import { findWritableConnectionOfProvider, recordConnectionFailure } from '../db/calendar-connection.repository.ts';
import { bookingNames } from '../db/service.repository.ts';
import { resourceNamesOf } from '../db/resource-allocation.repository.ts';
import type { DB } from '../db/schema.ts';
import { intakeAnswerList } from '../domain/bookings/intake.ts';
import { eventDraftFromBooking, eventKeyForBooking } from '../domain/calendar-events/event-from-booking.ts';
import type { IntakeField } from '../domain/catalog/types.ts';
import { connectorFor, storeRotatedCredentials, type CalendarSettings } from '../calendar-connectors/connection-connector.ts';
import { CalendarError } from '../calendar-connectors/connector.ts';

export type CalendarStepOutcome = 'written' | 'removed' | 'skipped' | 'failed';

const REMOVE_FOR = ['cancelled', 'expired', 'rejected'];

export async function syncBookingEvent(
  db: Kysely<DB>,
  settings: CalendarSettings | undefined,
  bookingId: string,
  version: number,
): Promise<CalendarStepOutcome> {
  const b = await findBooking(db, bookingId);
  if (!b) return 'skipped';
  const conn = await findWritableConnectionOfProvider(db, b.provider_id);
  const remove = REMOVE_FOR.includes(b.status);
  if (remove && !b.calendar_event_ref) return 'skipped'; // nothing was ever written
  if (!conn || !settings) {
    await appendBookingEventOnce(
      db,
      { bookingId, type: 'calendar_skipped', actor: 'system', data: { version, reason: 'no calendar connection' } },
      { version },
    );
    return 'skipped';
  }
  try {
    const connector = await connectorFor(conn, settings, storeRotatedCredentials(db, settings, conn.id));
    if (remove) {
      await connector.deleteEvent(conn.calendar_id!, eventKeyForBooking({ id: b.id, externalRef: b.external_ref }));
      await setCalendarEventRef(db, b.id, null);
      await appendBookingEvent(db, { bookingId, type: 'calendar_removed', actor: 'system', data: { version, connectionId: conn.id } });
      return 'removed';
    }
    const [names, resourceNames] = await Promise.all([bookingNames(db, b.service_id, b.provider_id), resourceNamesOf(db, b.id)]);
    const draft = eventDraftFromBooking({
      resourceNames,
      location: names.location_value ?? undefined,
      id: b.id,
      externalRef: b.external_ref,
      serviceName: names.serviceName,
      providerName: names.providerName,
      customer: { name: b.customer_name, email: b.customer_email, phone: b.customer_phone },
      start: b.start_time.getTime(),
      end: b.end_time.getTime(),
      timeZone: names.time_zone,
      intake: intakeAnswerList((names.intake_fields ?? []) as IntakeField[], (b.intake ?? {}) as Record<string, unknown>),
      status: b.status,
    });
    let ref: { id: string };
    if (b.calendar_event_ref) {
      ref = await connector.updateEvent(conn.calendar_id!, draft).catch((err: unknown) => {
        // Deleted in the calendar meanwhile: put it back.
        if (err instanceof CalendarError && err.kind === 'NOT_FOUND') return connector.createEvent(conn.calendar_id!, draft);
        throw err;
      });
    } else {
      ref = await connector.createEvent(conn.calendar_id!, draft);
    }
    await setCalendarEventRef(db, b.id, `${conn.id}:${ref.id}`);
    await appendBookingEventOnce(
      db,
      { bookingId, type: 'calendar_written', actor: 'system', data: { version, connectionId: conn.id, eventId: ref.id } },
      { version },
    );
    return 'written';
  } catch (err) {
    if (err instanceof CalendarError && (err.kind === 'AUTH_REVOKED' || err.kind === 'NOT_FOUND' || err.kind === 'CONFLICT')) {
      if (err.kind !== 'CONFLICT') {
        await recordConnectionFailure(db, conn.id, err, { unhealthy: true });
      }
      await appendBookingEvent(db, {
        bookingId,
        type: 'calendar_failed',
        actor: 'system',
        data: { version, connectionId: conn.id, kind: err.kind, error: err.message },
      });
      return 'failed';
    }
    throw err;
  }
}
