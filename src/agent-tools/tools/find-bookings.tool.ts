/** find_bookings: the caller's upcoming bookings, by the phone or e-mail they were made with. */
import { z } from 'zod';
import { upcomingBookingsByContact } from '../../db/booking-query.repository.ts';
import { hasIdentity } from '../../domain/access/customer-identity.ts';
import { spokenLabel } from '../../domain/availability/spoken-time.ts';
import { normalizePhone } from '../../domain/bookings/contact.ts';
import { formatInZone } from '../../domain/time/zones.ts';
import { defineAgentTool, refusal } from '../agent-tool.ts';
import { ZBookingSummary, ZEmail, ZPhone } from '../tool-schemas.ts';
import { claimOf } from './customer-booking.ts';

export const findBookingsTool = defineAgentTool({
  name: 'find_bookings',
  title: "Find the caller's bookings",
  description:
    "Finds the caller's upcoming appointments by the phone number or e-mail address they booked with. Use it when the caller " +
    "wants to move or cancel and you need the bookingId. On a phone call the caller's number is used when you pass neither.",
  input: z.object({ phone: ZPhone.optional(), email: ZEmail.optional() }).strict(),
  output: z.object({ bookings: z.array(ZBookingSummary) }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(deps, caller, input) {
    const claim = claimOf(caller, input);
    if (!hasIdentity(claim)) return refusal('identity_required', 'Ask the caller for the phone number or e-mail address they booked with.');
    const rows = await upcomingBookingsByContact(
      deps.db,
      { phone: claim.phone ? normalizePhone(claim.phone) : undefined, email: claim.email },
      deps.clock(),
      10,
    );
    const bookings = rows.map((r) => {
      const zone = r.customer_time_zone ?? r.provider_time_zone;
      return {
        bookingId: r.id,
        status: r.status,
        serviceName: r.service_name,
        start: formatInZone(r.start_time.getTime(), zone),
        end: formatInZone(r.end_time.getTime(), zone),
        label: spokenLabel(r.start_time.getTime(), zone, caller.locale ?? 'en'),
      };
    });
    const text = bookings.length === 0 ? 'No upcoming bookings for these details.' : bookings.map((b) => `${b.serviceName}, ${b.label}`).join('; ') + '.';
    return { ok: true, data: { bookings }, text };
  },
});
