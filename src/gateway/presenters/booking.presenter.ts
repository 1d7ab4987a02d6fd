/** Booking → API JSON. Instants in the customer's zone when known (else UTC), ISO-8601 with offset. */
import type { BookingRow } from '../../db/booking.repository.ts';
import { ICS_UID_DOMAIN, icsUidFor } from '../../domain/messages/render-message.ts';
import { formatInZone } from '../../domain/time/zones.ts';
import type { BookingSnapshot } from '../../../workflows/booking.types.ts';

/**
 * The create / confirm / manage answer. `calendarUid` (only next to a manage link: it names the booking
 * outside slotflow) is the UID of the e-mailed invitation, so a widget's .ics download and the invitation
 * land as one calendar entry. `customerEmailed` says whether the customer really gets e-mail about the
 * booking (an e-mail transport is configured and they gave an address): pages promise an e-mail only then.
 */
export function presentSnapshot(b: BookingSnapshot, timeZone: string, manageUrl: string | undefined, emailsOn: boolean) {
  return {
    id: b.id,
    status: b.status,
    serviceId: b.serviceId,
    providerId: b.providerId,
    start: formatInZone(Date.parse(b.start), timeZone),
    end: formatInZone(Date.parse(b.end), timeZone),
    version: b.version,
    ...(b.holdExpiresAt ? { holdExpiresAt: formatInZone(Date.parse(b.holdExpiresAt), timeZone) } : {}),
    customerEmailed: emailsOn && Boolean(b.customerEmail),
    ...(manageUrl ? { manageUrl, calendarUid: icsUidFor({ bookingId: b.id, externalRef: b.externalRef }, ICS_UID_DOMAIN) } : {}),
  };
}

export function presentBookingRow(b: BookingRow) {
  return {
    id: b.id,
    status: b.status,
    serviceId: b.service_id,
    providerId: b.provider_id,
    start: b.start_time.toISOString(),
    end: b.end_time.toISOString(),
    version: b.version,
    customer: { name: b.customer_name, email: b.customer_email, phone: b.customer_phone, timeZone: b.customer_time_zone },
    intake: b.intake,
    channel: b.channel,
    attendance: b.attendance,
    holdExpiresAt: b.hold_expires_at?.toISOString() ?? null,
    cancelReason: b.cancel_reason,
    createdAt: b.created_at.toISOString(),
    updatedAt: b.updated_at.toISOString(),
  };
}
