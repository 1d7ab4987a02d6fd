/** cancel_booking: cancels the caller's booking under the same notice rules as the manage page. */
import { z } from 'zod';
import { serviceTiming } from '../../db/service.repository.ts';
import { cancelBooking } from '../../use-cases/cancel-booking.ts';
import { defineAgentTool } from '../agent-tool.ts';
import { ZEmail, ZId, ZPhone } from '../tool-schemas.ts';
import { changeRefusal } from './change-refusals.ts';
import { customerBooking } from './customer-booking.ts';

export const cancelBookingTool = defineAgentTool({
  name: 'cancel_booking',
  title: 'Cancel a booking',
  description:
    "Cancels the caller's booking after they clearly asked for it. Needs the phone number or e-mail address the booking was made with " +
    "(on a phone call the caller's number is used when you pass neither). If it is refused, tell the caller the reason given.",
  input: z.object({ bookingId: ZId, phone: ZPhone.optional(), email: ZEmail.optional(), reason: z.string().trim().max(500).optional() }).strict(),
  output: z.object({ bookingId: z.string(), status: z.literal('cancelled') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(deps, caller, input) {
    const found = await customerBooking(deps, caller, input.bookingId, input);
    if ('ok' in found) return found;
    const { row, label } = found;
    const timing = await serviceTiming(deps.db, row.service_id);
    try {
      await cancelBooking({ client: deps.client }, { bookingId: row.id, actor: 'customer', reason: input.reason, expectedVersion: row.version });
      return { ok: true, data: { bookingId: row.id, status: 'cancelled' as const }, text: `Cancelled the appointment on ${label}.` };
    } catch (err) {
      return changeRefusal(err, 'cancel', row, timing.cancel_notice_minutes, label);
    }
  },
});
