/** A booking row → the snapshot the workflow, its activities and the API pass around (with the
 * service's reminder and notice policy, read alongside). */
import type { Kysely } from 'kysely';
import type { BookingRow, ServiceTiming } from '../db/booking.repository.ts';
import type { DB } from '../db/schema.ts';
import { serviceTiming } from '../db/service.repository.ts';
import { resourcesOfBookings } from '../db/resource-allocation.repository.ts';
import type { ResourceUnit } from '../domain/availability/resources.ts';
import type { BookingSnapshot } from '../../workflows/booking.types.ts';

export async function bookingSnapshot(db: Kysely<DB>, row: BookingRow): Promise<BookingSnapshot> {
  const svc = await serviceTiming(db, row.service_id);
  const units = svc.required_resources.length > 0 ? ((await resourcesOfBookings(db, [row.id])).get(row.id) ?? []) : undefined;
  return snapshotOf(row, svc, units);
}

/**
 * The snapshot of a row whose service's timing was already read (the reserve step reads it with the insert),
 * with the units it holds when its service requires resources.
 */
export function snapshotOf(row: BookingRow, svc: ServiceTiming, units?: ResourceUnit[]): BookingSnapshot {
  return {
    id: row.id,
    status: row.status,
    serviceId: row.service_id,
    providerId: row.provider_id,
    start: row.start_time.toISOString(),
    end: row.end_time.toISOString(),
    version: row.version,
    holdExpiresAt: row.hold_expires_at?.toISOString() ?? null,
    customerEmail: row.customer_email,
    reminderOffsetsMinutes: svc.reminder_offsets_minutes,
    cancelNoticeMinutes: svc.cancel_notice_minutes,
    rescheduleNoticeMinutes: svc.reschedule_notice_minutes,
    externalRef: row.external_ref,
    ...(units ? { resources: units.map((u) => ({ id: u.id, name: u.name, pool: u.pool })) } : {}),
  };
}
