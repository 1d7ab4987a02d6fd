/**
 * reschedule_booking: moves the caller's booking to another free start, under the same rules as the
 * manage page (notice window, availability with its own time counted free); taken → nearest alternatives.
 */
import { z } from 'zod';
import { serviceTiming } from '../../db/service.repository.ts';
import { AppError } from '../../errors.ts';
import { rescheduleBooking } from '../../use-cases/reschedule-booking.ts';
import { defineAgentTool, refusal } from '../agent-tool.ts';
import { spokenSlot } from '../spoken.ts';
import { ZEmail, ZId, ZInstant, ZPhone, ZSpokenSlot } from '../tool-schemas.ts';
import { changeRefusal } from './change-refusals.ts';
import { customerBooking } from './customer-booking.ts';
import { customerReached } from '../agent-context.ts';
import { alternativesTo } from './hold-slot.tool.ts';

export const rescheduleBookingTool = defineAgentTool({
  name: 'reschedule_booking',
  title: 'Move a booking',
  description:
    "Moves the caller's booking to a new start from find_slots. Needs the phone number or e-mail address the booking was made with " +
    "(on a phone call the caller's number is used when you pass neither). If it is refused, tell the caller the reason given.",
  input: z.object({ bookingId: ZId, start: ZInstant, phone: ZPhone.optional(), email: ZEmail.optional() }).strict(),
  output: z.object({ bookingId: z.string(), status: z.string(), slot: ZSpokenSlot }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(deps, caller, input) {
    const found = await customerBooking(deps, caller, input.bookingId, input);
    if ('ok' in found) return found;
    const { row, zone, label } = found;
    const locale = caller.locale ?? 'en';
    const start = Date.parse(input.start);
    if (start === row.start_time.getTime()) return refusal('invalid_arguments', `The booking is already at ${label}.`);
    const timing = await serviceTiming(deps.db, row.service_id);
    try {
      const moved = await rescheduleBooking(
        { db: deps.db, client: deps.client, now: deps.clock().getTime() },
        { booking: row, start, by: { actor: 'customer', expectedVersion: row.version } },
      );
      const slot = spokenSlot({ start: Date.parse(moved.start), end: Date.parse(moved.end), providerId: moved.providerId }, zone, locale);
      return {
        ok: true,
        data: { bookingId: row.id, status: moved.status, slot },
        text: customerReached(deps, { email: row.customer_email, phone: row.customer_phone })
          ? `Moved to ${slot.label}. An updated confirmation is on its way.`
          : `Moved to ${slot.label}. No updated confirmation is sent (messaging is not set up): make sure the caller notes the new time.`,
      };
    } catch (err) {
      if (err instanceof AppError && (err.code === 'slot_unavailable' || err.code === 'not_a_slot')) {
        const alternatives = await alternativesTo(deps, { serviceId: row.service_id, providerId: row.provider_id, start, timeZone: zone, locale });
        const others = alternatives.filter((a) => Date.parse(a.start) !== row.start_time.getTime());
        const why = err.code === 'not_a_slot' ? 'That time is not one this service is offered at' : 'That time is not free';
        return refusal(
          err.code,
          others.length > 0
            ? `${why}. The nearest free times are ${others.map((a) => a.label).join('; ')}.`
            : `${why}, and nothing close to it is ${err.code === 'not_a_slot' ? 'free' : 'either'}.`,
          { alternatives: others },
        );
      }
      return changeRefusal(err, 'reschedule', row, timing.reschedule_notice_minutes, label);
    }
  },
});
