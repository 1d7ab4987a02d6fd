/**
 * confirm_booking: turns the caller's hold into a booking (messages go out as for the widget). Only the
 * caller that made the hold may confirm it (bookings.created_by); another id is "not found". A lapsed hold
 * is refused with `hold_expired`, saying whether the time is still free.
 */
import { z } from 'zod';
import { findBooking } from '../../db/booking.repository.ts';
import { spokenLabel } from '../../domain/availability/spoken-time.ts';
import { availableSlots } from '../../use-cases/available-slots.ts';
import { confirmBooking } from '../../use-cases/confirm-booking.ts';
import { defineAgentTool, refusal } from '../agent-tool.ts';
import { customerReached } from '../agent-context.ts';
import { ZId } from '../tool-schemas.ts';
import { bookingZone } from './customer-booking.ts';

const ZOutput = z.object({ bookingId: z.string(), status: z.enum(['confirmed', 'pending']), start: z.string(), label: z.string() });

export const confirmBookingTool = defineAgentTool({
  name: 'confirm_booking',
  title: 'Confirm a held time',
  description:
    'Confirms a time you held with hold_slot, after the caller agreed to it. The caller then gets a confirmation message. ' +
    'If the hold lapsed, say so and offer to hold the time again if it is still free. Calling it twice is harmless.',
  input: z.object({ bookingId: ZId }).strict(),
  output: ZOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(deps, caller, { bookingId }) {
    const locale = caller.locale ?? 'en';
    const row = await findBooking(deps.db, bookingId);
    if (!row || row.created_by !== caller.id) return refusal('not_found', 'I cannot find a hold with that id; hold a time first.');
    const zone = await bookingZone(deps, row);
    const label = spokenLabel(row.start_time.getTime(), zone, locale);
    const reached = customerReached(deps, { email: row.customer_email, phone: row.customer_phone });
    const done = (status: 'confirmed' | 'pending') => ({
      ok: true as const,
      data: { bookingId, status, start: row.start_time.toISOString(), label },
      text:
        status === 'confirmed'
          ? reached
            ? `Booked: ${label}. A confirmation is on its way.`
            : `Booked: ${label}. No confirmation message is sent (messaging is not set up): make sure the caller notes the time.`
          : reached
            ? `Requested: ${label}. The business approves it and the caller hears back.`
            : `Requested: ${label}. The business approves it; no message is sent (messaging is not set up), so the caller should check back.`,
    });
    if (row.status === 'confirmed' || row.status === 'pending') return done(row.status);
    const lapsed = async () => {
      const start = row.start_time.getTime();
      const free = await availableSlots(
        deps.db,
        { serviceId: row.service_id, providerId: row.provider_id, range: { start, end: start + 1 } },
        deps.clock().getTime(),
      );
      const stillFree = free.some((s) => s.start === start);
      return refusal(
        'hold_expired',
        stillFree
          ? `The hold lapsed, but ${label} is still free: hold it again to book it.`
          : `The hold lapsed and ${label} has been taken since; find another time.`,
        { stillFree },
      );
    };
    if (row.status === 'expired') return lapsed();
    if (row.status !== 'held') return refusal('conflict', `This booking is ${row.status} and cannot be confirmed.`);
    // The hold may lapse between the read and the update: the workflow refuses, the row says why.
    const snapshot = await confirmBooking({ db: deps.db, client: deps.client }, bookingId).catch(async (err: unknown) => {
      if ((await findBooking(deps.db, bookingId))?.status === 'expired') return undefined;
      throw err;
    });
    if (snapshot && (snapshot.status === 'confirmed' || snapshot.status === 'pending')) return done(snapshot.status);
    return lapsed();
  },
});
