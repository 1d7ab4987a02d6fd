/** Resources and their blocks and bookings → the wire format of `/v1/admin/resources`. */
import type { ResourceBlockRow, ResourceBookingRow, ResourceRow } from '../../db/resource.repository.ts';
import { formatInZone } from '../../domain/time/zones.ts';

export function presentResource(r: ResourceRow) {
  return { id: r.id, name: r.name, pool: r.pool, active: r.active, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

export function presentResourceBlock(b: ResourceBlockRow) {
  return { id: b.id, resourceId: b.resource_id, start: b.start_time.toISOString(), end: b.end_time.toISOString(), reason: b.reason };
}

/** A booking holding a unit, its times with the offset of `timeZone` (the day asked about). */
export function presentResourceBooking(b: ResourceBookingRow, timeZone: string) {
  return {
    id: b.id,
    status: b.status,
    start: formatInZone(b.start_time.getTime(), timeZone),
    end: formatInZone(b.end_time.getTime(), timeZone),
    serviceName: b.service_name,
    providerName: b.provider_name,
    customerName: b.customer_name,
    live: b.live,
  };
}
