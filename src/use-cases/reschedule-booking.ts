/**
 * Move a booking to another start.
 * - A **customer** (manage link) may move only to a start the availability rules offer for this booking —
 *   its own blocked time counts as free for it (`slotsFor`; the manage page lists `rescheduleOptions`) — and
 *   the new end is the slot's end.
 * - An **admin** skips notice windows and working hours but not the clock (no move into the past); the
 *   booking keeps its duration.
 * Either way the workflow applies the change policy and the database's exclusion constraint decides
 * whether the new time is still free (409 `slot_unavailable`).
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { loadAvailabilityInputs } from '../db/availability.repository.ts';
import type { BookingRow } from '../db/booking.repository.ts';
import type { DB } from '../db/schema.ts';
import { getSlots, slotAt, whyNoSlot } from '../domain/availability/get-slots.ts';
import { noSlotError } from './create-booking.ts';
import type { Slot } from '../domain/availability/types.ts';
import { AppError } from '../errors.ts';
import { viaWorkflow } from '../temporal/workflow-errors.ts';
import { rescheduleUpdate } from '../../workflows/booking.workflow.ts';
import type { BookingSnapshot } from '../../workflows/booking.types.ts';
import { bookingWorkflowHandle } from './booking-workflow.ts';

export type RescheduleBookingDeps = { db: Kysely<DB>; client: Client; now: number };
export type RescheduleBookingInput = {
  booking: BookingRow;
  start: number;
  by: { actor: 'customer'; expectedVersion: number } | { actor: 'admin' };
};

/** The slots `booking` fits in within `range`: the availability rules with its own blocked time (and the
 * neighbours only its buffers kept out) counted as free for it, so "30 minutes later" is possible. */
async function slotsFor(db: Kysely<DB>, booking: BookingRow, range: { start: number; end: number }, now: number): Promise<Slot[]> {
  const inputs = await loadAvailabilityInputs(db, { serviceId: booking.service_id, providerId: booking.provider_id, range, excludeBookingId: booking.id });
  return getSlots({ ...inputs, range, now });
}

/**
 * The slot at exactly `start` the booking can move to (`slotAt`: on its grid, or the window's, and free for
 * it), or the refusal: taken (409) or never a slot (422).
 */
async function slotFor(db: Kysely<DB>, booking: BookingRow, start: number, now: number): Promise<Slot> {
  const range = { start, end: start + 1 };
  const inputs = await loadAvailabilityInputs(db, { serviceId: booking.service_id, providerId: booking.provider_id, range, excludeBookingId: booking.id });
  const slot = slotAt({ ...inputs, now }, start);
  if (!slot) throw noSlotError(whyNoSlot({ ...inputs, now }, start));
  return slot;
}

/** The starts the manage page offers for a move: `slotsFor` without the current start (no move at all). */
export async function rescheduleOptions(db: Kysely<DB>, booking: BookingRow, range: { start: number; end: number }, now: number): Promise<Slot[]> {
  const current = booking.start_time.getTime();
  return (await slotsFor(db, booking, range, now)).filter((slot) => slot.start !== current);
}

export async function rescheduleBooking(deps: RescheduleBookingDeps, { booking, start, by }: RescheduleBookingInput): Promise<BookingSnapshot> {
  let end: number;
  if (by.actor === 'customer') {
    end = (await slotFor(deps.db, booking, start, deps.now)).end;
  } else {
    if (start < deps.now) {
      throw new AppError('invalid_request', 'body.start: must not be in the past', { errors: [{ path: 'body.start', message: 'must not be in the past' }] });
    }
    end = start + (booking.end_time.getTime() - booking.start_time.getTime());
  }
  const request = {
    actor: by.actor,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    ...(by.actor === 'customer' ? { expectedVersion: by.expectedVersion } : {}),
  };
  return viaWorkflow(bookingWorkflowHandle(deps.client, booking.id).executeUpdate(rescheduleUpdate, { args: [request] }));
}
