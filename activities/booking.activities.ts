/**
 * Activities of the booking workflow: thin adapters over the repositories. Each one is idempotent (a
 * retry after a crash finds what the first attempt wrote): the booking row is keyed by its id, moves are
 * guarded by the expected version, messages by a key per booking, kind and version, reminders by
 * (booking, instant, channel) and `sent_at`.
 * Business refusals become non-retryable ApplicationFailures whose `type` the workflow passes on.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { bookingSnapshot } from '../src/bookings/booking-snapshot.ts';
import { appendBookingEvent, hasBookingEvent } from '../src/db/booking-event.repository.ts';
import {
  advanceBooking,
  finishBooking,
  findBooking,
  insertBooking,
  moveBooking,
  releaseBooking,
  type BookingRow,
} from '../src/db/booking.repository.ts';
import { enqueueMessage } from '../src/db/message.repository.ts';
import { markReminderSent, replaceScheduledReminders } from '../src/db/reminder.repository.ts';
import type { DB } from '../src/db/schema.ts';
import { capWindows } from '../src/domain/availability/cap-window.ts';
import { renderBookingMessage, type BookingMessageKind } from '../src/domain/messages/booking-message.ts';
import { AppError } from '../src/errors.ts';
import { FAILURE, type BookingSnapshot, type ReserveRequest } from '../workflows/booking.types.ts';

export type BookingActivityDeps = { db: Kysely<DB>; manageUrl?: (booking: BookingRow) => string | undefined };


/** AppError refusals → non-retryable failures with a stable type; anything else stays retryable. */
async function refusals<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'slot_unavailable') {
      throw ApplicationFailure.nonRetryable(err.message, FAILURE.slotUnavailable);
    }
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'invalid_request')) {
      throw ApplicationFailure.nonRetryable(err.message, FAILURE.notAllowed);
    }
    throw err;
  }
}

export function createBookingActivities(deps: BookingActivityDeps) {
  const { db } = deps;
  const load = async (id: string) => {
    const row = await findBooking(db, id);
    if (!row) throw ApplicationFailure.nonRetryable(`Booking ${id} does not exist`, FAILURE.notAllowed);
    return row;
  };

  return {
    /** Inserts the booking under the exclusion constraint (or finds it, on a retry). */
    async reserveSlot(req: ReserveRequest): Promise<BookingSnapshot> {
      const existing = await findBooking(db, req.bookingId);
      if (existing) return bookingSnapshot(db, existing);
      const status = req.hold ? 'held' : req.requiresApproval ? 'pending' : 'confirmed';
      const caps = await capsFor(req);
      const row = await refusals(() =>
        insertBooking(db, {
          id: req.bookingId,
          serviceId: req.serviceId,
          providerId: req.providerId,
          start: new Date(req.start),
          end: new Date(req.end),
          status,
          customerName: req.customer.name,
          customerEmail: req.customer.email ?? null,
          customerPhone: req.customer.phone ?? null,
          customerTimeZone: req.customer.timeZone ?? null,
          channel: req.channel,
          intake: req.intake,
          idempotencyKey: req.idempotencyKey ?? null,
          idempotencyFingerprint: req.idempotencyFingerprint ?? null,
          holdExpiresAt: req.hold ? new Date(Date.now() + req.holdTtlMs) : null,
          ...(caps ? { caps } : {}),
        }),
      );
      await appendBookingEvent(db, { bookingId: row.id, type: 'reserved', actor: 'customer', data: { status, channel: req.channel } });
      return bookingSnapshot(db, row);
    },

    async advanceBooking(id: string, from: 'held' | 'pending', to: 'pending' | 'confirmed', actor: string): Promise<BookingSnapshot> {
      const row = await advanceBooking(db, id, from, to);
      await appendBookingEvent(db, { bookingId: id, type: to === 'confirmed' ? 'confirmed' : 'awaiting_approval', actor });
      return bookingSnapshot(db, row);
    },

    async releaseSlot(id: string, status: 'cancelled' | 'expired' | 'rejected', actor: string, reason?: string): Promise<BookingSnapshot> {
      const row = await releaseBooking(db, id, status, reason);
      await appendBookingEvent(db, { bookingId: id, type: status, actor, data: reason ? { reason } : {} });
      return bookingSnapshot(db, row);
    },

    async moveSlot(id: string, start: string, end: string, expectedVersion: number, actor: string): Promise<BookingSnapshot> {
      const before = await load(id);
      const caps = await capsFor({ serviceId: before.service_id, providerId: before.provider_id, start });
      const row = await refusals(() => moveBooking(db, id, new Date(start), new Date(end), expectedVersion, caps));
      if (row.version !== before.version) {
        await appendBookingEvent(db, {
          bookingId: id,
          type: 'rescheduled',
          actor,
          data: { from: before.start_time.toISOString(), to: row.start_time.toISOString() },
        });
      }
      return bookingSnapshot(db, row);
    },

    async finishAppointment(id: string, status: 'completed' | 'no_show', attendance: 'checked_in' | 'no_show' | null): Promise<BookingSnapshot> {
      const row = await finishBooking(db, id, status, attendance);
      await appendBookingEvent(db, { bookingId: id, type: status, actor: 'system', data: { attendance } });
      return bookingSnapshot(db, row);
    },

    /**
     * Calendar step, once per booking version (a retry after a crash finds its record). No connector is
     * configured yet: recorded as skipped (the calendar issue adds Google, Microsoft and CalDAV).
     */
    async writeCalendarEvent(id: string, version: number): Promise<{ skipped: boolean }> {
      const done = await hasBookingEvent(db, id, 'calendar_skipped', { version });
      if (!done) await appendBookingEvent(db, { bookingId: id, type: 'calendar_skipped', actor: 'system', data: { version, reason: 'no calendar connection' } });
      return { skipped: true };
    },

    /** One outbox message per booking, kind and version (a retry finds it); none without an e-mail. */
    async sendBookingMessage(id: string, kind: BookingMessageKind, version: number): Promise<{ sent: boolean }> {
      return { sent: await enqueueFor(await load(id), kind, `${id}:${kind}:${version}`) };
    },

    /** Makes the reminder rows match the plan; returns them for the workflow to sleep towards. */
    async scheduleReminders(id: string, plan: { when: string; channel: 'email' | 'sms' }[]) {
      const rows = await replaceScheduledReminders(db, id, plan.map((p) => ({ when: new Date(p.when), channel: p.channel })));
      return rows
        .filter((r) => r.status === 'scheduled')
        .map((r) => ({ id: r.id, when: r.when.toISOString(), channel: r.channel }));
    },

    /**
     * Sends one reminder once: the message is keyed by the reminder row (a retry finds it), then the row
     * is marked sent — in that order, so a crash in between re-sends nothing and loses nothing.
     */
    async sendReminder(id: string, reminderId: string): Promise<{ sent: boolean }> {
      await enqueueFor(await load(id), 'reminder', `${id}:reminder:${reminderId}`);
      return { sent: await markReminderSent(db, reminderId) };
    },
  };

  /** The service's caps with the provider-local day and week of the requested start, if it has caps. */
  async function capsFor(req: Pick<ReserveRequest, 'serviceId' | 'providerId' | 'start'>) {
    const svc = await db.selectFrom('services').select(['max_bookings_per_day', 'max_bookings_per_week']).where('id', '=', req.serviceId).executeTakeFirstOrThrow();
    if (svc.max_bookings_per_day === null && svc.max_bookings_per_week === null) return undefined;
    const provider = await db.selectFrom('providers').select('time_zone').where('id', '=', req.providerId).executeTakeFirstOrThrow();
    const w = capWindows(Date.parse(req.start), provider.time_zone);
    const toDates = (i: { start: number; end: number }) => ({ start: new Date(i.start), end: new Date(i.end) });
    return { maxPerDay: svc.max_bookings_per_day, maxPerWeek: svc.max_bookings_per_week, day: toDates(w.day), week: toDates(w.week) };
  }

  /** Renders and enqueues a message to the customer; false when there is no address or it existed. */
  async function enqueueFor(b: BookingRow, kind: BookingMessageKind, idempotencyKey: string): Promise<boolean> {
    if (!b.customer_email) return false;
    const svc = await db.selectFrom('services').select('name').where('id', '=', b.service_id).executeTakeFirstOrThrow();
    const provider = await db.selectFrom('providers').select('time_zone').where('id', '=', b.provider_id).executeTakeFirstOrThrow();
    const msg = renderBookingMessage(kind, {
      serviceName: svc.name,
      customerName: b.customer_name,
      start: b.start_time.getTime(),
      end: b.end_time.getTime(),
      timeZone: b.customer_time_zone ?? provider.time_zone,
      manageUrl: deps.manageUrl?.(b),
    });
    const { created } = await enqueueMessage(db, {
      idempotencyKey,
      bookingId: b.id,
      providerId: b.provider_id,
      kind,
      channel: 'email',
      recipient: b.customer_email,
      subject: msg.subject,
      bodyText: msg.text,
    });
    return created;
  }
}
