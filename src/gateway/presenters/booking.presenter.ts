/** Booking → API JSON. Instants in the customer's zone when known (else UTC), ISO-8601 with offset. */
import type { BookingRow } from '../../db/booking.repository.ts';
import { formatInZone } from '../../domain/time/zones.ts';
import type { BookingSnapshot } from '../../../workflows/booking.types.ts';

export function presentSnapshot(b: BookingSnapshot, timeZone: string, manageUrl: string | undefined) {
  return {
    id: b.id,
    status: b.status,
    serviceId: b.serviceId,
    providerId: b.providerId,
    start: formatInZone(Date.parse(b.start), timeZone),
    end: formatInZone(Date.parse(b.end), timeZone),
    version: b.version,
    ...(b.holdExpiresAt ? { holdExpiresAt: formatInZone(Date.parse(b.holdExpiresAt), timeZone) } : {}),
    ...(manageUrl ? { manageUrl } : {}),
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
