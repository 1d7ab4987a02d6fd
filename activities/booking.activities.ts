/**
 * Activities of the booking workflow: thin adapters over the repositories. Each one is idempotent (a
 * retry after a crash finds what the first attempt wrote): the booking row is keyed by its id, moves are
 * guarded by the expected version, messages by a key per booking, kind and version, reminders by
 * (booking, instant, channel) and `sent_at`.
 * Business refusals become non-retryable ApplicationFailures whose `type` the workflow passes on.
 */
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { bookingSnapshot, snapshotOf } from '../src/use-cases/booking-snapshot.ts';
import {
  advanceBooking,
  capsAt,
  finishBooking,
  recordCheckIn,
  findBooking,
  reserveBooking,
  moveBooking,
  releaseBooking,
} from '../src/db/booking.repository.ts';
import { cancelScheduledReminders, replaceScheduledReminders, skipReminders } from '../src/db/reminder.repository.ts';
import type { DB } from '../src/db/schema.ts';
import { serviceCaps } from '../src/db/service.repository.ts';
import { initialStatus } from '../src/domain/bookings/booking-status.ts';
import type { BookingMessageKind } from '../src/domain/messages/message-context.ts';
import type { LinkSigner } from '../src/use-cases/manage-links.ts';
import { AppError } from '../src/errors.ts';
import {
  deliverBookingMessageVersion,
  deliverEmailFallback,
  deliverReminder,
  OUTBOX_ONLY,
  type MessagingOptions,
} from '../src/use-cases/deliver-booking-message.ts';
import { TransportError } from '../src/transports/transport.ts';
import { sendManageLinks, type ManageLinkRequest } from '../src/use-cases/send-manage-links.ts';
import { activityFailure } from '../src/outbound/activity-failure.ts';
import { syncBookingEvent, type CalendarStepOutcome } from '../src/use-cases/sync-booking-event.ts';
import type { CalendarSettings } from '../src/calendar-connectors/connection-connector.ts';
import { calendarRetryable } from './calendar.activities.ts';
import { FAILURE, refusalType, type BookingSnapshot, type ReserveRequest } from '../workflows/booking.types.ts';

export type BookingActivityDeps = {
  db: Kysely<DB>;
  /** Calendar connections (sealing key, SSRF policy); none: the calendar step is skipped. */
  calendar?: CalendarSettings | undefined;
  /** Signs the customer's manage links put into messages (none: messages carry no link). */
  links?: LinkSigner | undefined;
  /** Transports and sender identity; default: outbox only (recorded, nothing leaves). */
  messaging?: MessagingOptions | undefined;
};

/** Failure type of a transient transport error (429, 5xx, timeout): retried by the activity's policy. */
export const TRANSPORT_RETRY = 'TransportTemporary';

/**
 * A retryable TransportError → a retryable ApplicationFailure whose next attempt waits what the
 * provider asked for (Retry-After), not the policy's shorter backoff.
 */
async function transportRetries<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TransportError && err.retryable) {
      throw activityFailure({ kind: 'retryable', message: err.message, retryAfterMs: err.detail.retryAfterMs }, TRANSPORT_RETRY);
    }
    throw err;
  }
}

/**
 * AppError refusals (4xx codes) → non-retryable failures that keep their code (`Refused:<code>`, see
 * workflows/booking.types.ts; a lost slot keeps its historical type `SlotUnavailable`); anything else
 * (5xx, unexpected errors) stays retryable.
 */
async function refusals<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'slot_unavailable') {
      throw ApplicationFailure.nonRetryable(err.message, FAILURE.slotUnavailable);
    }
    if (err instanceof AppError && err.status < 500) throw ApplicationFailure.nonRetryable(err.message, refusalType(err.code));
    throw err;
  }
}

export function createBookingActivities(deps: BookingActivityDeps) {
  const { db } = deps;
  const delivery = { db, messaging: deps.messaging ?? OUTBOX_ONLY, links: deps.links, now: () => Date.now() };
  const load = async (id: string) => {
    const row = await findBooking(db, id);
    if (!row) throw ApplicationFailure.nonRetryable(`Booking ${id} does not exist`, refusalType('not_found'));
    return row;
  };

  const activities = {
    /**
     * Inserts the booking under the exclusion constraint (or finds it, on a retry), with its `reserved`
     * event, in one transaction (src/db/booking.repository.ts `reserveBooking`).
     */
    async reserveSlot(req: ReserveRequest): Promise<BookingSnapshot> {
      const status = initialStatus(req);
      const { row, service, units } = await refusals(() =>
        reserveBooking(
          db,
          {
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
            ...(req.clientKey ? { clientKey: req.clientKey } : {}),
            ...(req.locale ? { locale: req.locale } : {}),
            ...(req.createdBy ? { createdBy: req.createdBy } : {}),
            holdExpiresAt: req.hold ? new Date(Date.now() + req.holdTtlMs) : null,
          },
          {
            type: 'reserved',
            actor: req.channel === 'admin' ? 'admin' : 'customer',
            data: { status, channel: req.channel, ...(req.override ? { override: req.override } : {}) },
          },
        ),
      );
      // A retried reserve whose first attempt committed gets no units back: read them.
      return units || service.required_resources.length === 0 ? snapshotOf(row, service, units) : bookingSnapshot(db, row);
    },

    async advanceBooking(id: string, from: 'held' | 'pending', to: 'pending' | 'confirmed', actor: string): Promise<BookingSnapshot> {
      const row = await advanceBooking(db, id, from, to, { type: to === 'confirmed' ? 'confirmed' : 'awaiting_approval', actor });
      return bookingSnapshot(db, row);
    },

    async releaseSlot(id: string, status: 'cancelled' | 'expired' | 'rejected', actor: string, reason?: string): Promise<BookingSnapshot> {
      const row = await releaseBooking(db, id, status, reason, { type: status, actor, data: reason ? { reason } : {} });
      // A booking that ended has no reminders left to send: none stays 'scheduled' (the workflow's reminder
      // loop simply stops; the rows feed the admin's delivery rate). Idempotent, like the release.
      await cancelScheduledReminders(db, id);
      return bookingSnapshot(db, row);
    },

    async moveSlot(id: string, start: string, end: string, expectedVersion: number, actor: string): Promise<BookingSnapshot> {
      const before = await load(id);
      const caps = await capsFor({ serviceId: before.service_id, providerId: before.provider_id, start });
      const row = await refusals(() => moveBooking(db, id, new Date(start), new Date(end), expectedVersion, caps, actor));
      return bookingSnapshot(db, row);
    },

    /**
     * Attendance recorded the moment staff mark it (patch `attendance-at-once`): a no-show ends the
     * appointment at once (status `no_show`); a check-in is stored and the booking completes at its end.
     * Each appends its event by the actor who marked it. A retry finds the row already changed.
     */
    async recordAttendance(id: string, attendance: 'checked_in' | 'no_show', actor: string): Promise<BookingSnapshot> {
      const event = { type: attendance, actor, data: { attendance } };
      const row = attendance === 'no_show' ? await finishBooking(db, id, 'no_show', 'no_show', event) : await recordCheckIn(db, id, event);
      return bookingSnapshot(db, row);
    },

    async finishAppointment(id: string, status: 'completed' | 'no_show', attendance: 'checked_in' | 'no_show' | null): Promise<BookingSnapshot> {
      const row = await finishBooking(db, id, status, attendance, { type: status, actor: 'system', data: { attendance } });
      return bookingSnapshot(db, row);
    },

    /**
     * Calendar step: the provider's connected calendar made to match the booking (written, moved, or
     * removed once cancelled; see src/use-cases/sync-booking-event.ts). Idempotent by the event id derived
     * from the booking; without a connection it is recorded as skipped, once per version.
     */
    async writeCalendarEvent(id: string, version: number): Promise<{ skipped: boolean; outcome: CalendarStepOutcome }> {
      try {
        const outcome = await syncBookingEvent(db, deps.calendar, id, version);
        return { skipped: outcome === 'skipped', outcome };
      } catch (err) {
        throw calendarRetryable(err);
      }
    },

    /**
     * One message per booking, kind and version, to the customer's channel (deliverBookingMessageVersion
     * in src/use-cases/deliver-booking-message.ts); a retry finds what an earlier attempt recorded.
     */
    async sendBookingMessage(id: string, kind: BookingMessageKind, version: number): Promise<{ sent: boolean }> {
      return transportRetries(() => deliverBookingMessageVersion(delivery, id, kind, version));
    },

    /** E-mail in place of an SMS the provider reported undelivered (messageFallbackWorkflow; deliverEmailFallback). */
    async sendEmailFallback(smsMessageId: string): Promise<{ sent: boolean }> {
      return transportRetries(() => deliverEmailFallback(delivery, smsMessageId));
    },

    /** "E-mail me my link" (manageLinkEmailWorkflow; sendManageLinks in src/use-cases/send-manage-links.ts). */
    async sendManageLinks(req: ManageLinkRequest): Promise<{ sent: number }> {
      return transportRetries(() => sendManageLinks(delivery, req));
    },

    /** Makes the reminder rows match the plan; returns them for the workflow to sleep towards. */
    async scheduleReminders(id: string, plan: { when: string; channel: 'email' | 'sms' }[]) {
      const rows = await replaceScheduledReminders(
        db,
        id,
        plan.map((p) => ({ when: new Date(p.when), channel: p.channel })),
      );
      return rows.filter((r) => r.status === 'scheduled').map((r) => ({ id: r.id, when: r.when.toISOString(), channel: r.channel }));
    },

    /** Marks reminders that will not go out `skipped`, with the reason (the workflow's reminder step decided). */
    async skipReminders(id: string, reminderIds: string[], reason: string): Promise<void> {
      await skipReminders(db, reminderIds, reason);
    },

    /**
     * Sends one reminder once, or marks it skipped when its timer fired after the appointment began
     * (deliverReminder in src/use-cases/deliver-booking-message.ts). An unknown booking is a
     * non-retryable `Refused:not_found`.
     */
    async sendReminder(id: string, reminderId: string): Promise<{ sent: boolean }> {
      return refusals(() => transportRetries(() => deliverReminder(delivery, id, reminderId)));
    },

    /**
     * Everything a confirmed booking needs before its reminders, as one activity (patch
     * `confirm-in-one-activity`): the calendar step, the confirmation message, then the reminder rows
     * for `plan`. Each step is idempotent on its own (event id from the booking; message keyed by
     * booking, kind and version; reminders replaced), so a retry of the whole repeats no effect. One
     * activity instead of three saves four server round trips per booking (bench/booking.bench.ts).
     */
    async confirmBookingSteps(id: string, version: number, plan: { when: string; channel: 'email' | 'sms' }[]) {
      // A heartbeat before each step: a worker that dies mid-way is noticed after the heartbeat timeout
      // (30 s, as one step's start-to-close was), not after the whole activity's.
      heartbeat('calendar');
      await activities.writeCalendarEvent(id, version);
      heartbeat('confirmation');
      await activities.sendBookingMessage(id, 'confirmation', version);
      heartbeat('reminders');
      return activities.scheduleReminders(id, plan);
    },
  };
  return activities;

  /** The service's caps with the provider-local day and week of the requested start, if it has caps. */
  async function capsFor(req: Pick<ReserveRequest, 'serviceId' | 'providerId' | 'start'>) {
    return capsAt(db, await serviceCaps(db, req.serviceId), req.providerId, new Date(req.start));
  }
}
