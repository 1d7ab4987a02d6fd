/**
 * The bookable slots of a service in a range: the database's inputs through the pure availability engine
 * (src/domain/availability/get-slots.ts) — never from Temporal (DESIGN.md §1). One home for
 * GET /v1/availability and the agents' find_slots / hold alternatives.
 */
import type { Kysely } from 'kysely';
import { loadAvailabilityInputs } from '../db/availability.repository.ts';
import type { DB } from '../db/schema.ts';
import { getSlots } from '../domain/availability/get-slots.ts';
import type { Interval, Slot } from '../domain/availability/types.ts';

export async function availableSlots(db: Kysely<DB>, q: { serviceId: string; providerId?: string | undefined; range: Interval }, now: number): Promise<Slot[]> {
  const inputs = await loadAvailabilityInputs(db, { serviceId: q.serviceId, providerId: q.providerId, range: q.range });
  return getSlots({ ...inputs, range: q.range, now });
}
