/**
 * Booking → API JSON. Every instant of one booking is shown in the booking's zone — the customer's when
 * known, else its provider's (`bookingZone`) — as ISO-8601 with that zone's offset.
 */
import type { BookingRow } from '../../db/booking.repository.ts';
import { ICS_UID_DOMAIN, icsUidFor } from '../../domain/messages/render-message.ts';
import { formatInZone } from '../../domain/time/zones.ts';
import type { ResourceUnit } from '../../domain/availability/resources.ts';
import type { TAdminBooking } from '../schemas/booking-responses.schemas.ts';
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
    ...(b.resources ? { resources: b.resources } : {}),
    ...(b.holdExpiresAt ? { holdExpiresAt: formatInZone(Date.parse(b.holdExpiresAt), timeZone) } : {}),
    customerEmailed: emailsOn && Boolean(b.customerEmail),
    ...(manageUrl ? { manageUrl, calendarUid: icsUidFor({ bookingId: b.id, externalRef: b.externalRef }, ICS_UID_DOMAIN) } : {}),
  };
}

/** The zone a booking's instants are shown in: its customer's, else its provider's. */
export function bookingZone(b: Pick<BookingRow, 'customer_time_zone'>, providerTimeZone: string): string {
  return b.customer_time_zone ?? providerTimeZone;
}

/**
 * An admin answer's booking; `zone` from `bookingZone`; `resources`: the rooms and equipment it holds (or
 * held).
 */
export function presentBookingRow(b: BookingRow, zone: string, resources?: ResourceUnit[]): TAdminBooking {
  const at = (d: Date) => formatInZone(d.getTime(), zone);
  return {
    id: b.id,
    status: b.status,
    serviceId: b.service_id,
    providerId: b.provider_id,
    timeZone: zone,
    start: at(b.start_time),
    end: at(b.end_time),
    version: b.version,
    customer: { name: b.customer_name, email: b.customer_email, phone: b.customer_phone, timeZone: b.customer_time_zone },
    intake: b.intake,
    channel: b.channel,
    attendance: b.attendance,
    holdExpiresAt: b.hold_expires_at ? at(b.hold_expires_at) : null,
    cancelReason: b.cancel_reason,
    resources: (resources ?? []).map((u) => ({ id: u.id, name: u.name, pool: u.pool })),
    createdAt: at(b.created_at),
    updatedAt: at(b.updated_at),
  };
}
