/**
 * The baseline of the availability bench's DB load (issue #19 item 5): what the loader did before the
 * database folded busy time — every live booking and busy block near the range, one row each (and every
 * room and laser use), handed to the engine to merge. Same answer as `loadAvailabilityInputs`; only the
 * rows moved differ, so the ratio printed measures the folding.
 */
import { sql, type Kysely } from 'kysely';
import { loadAvailabilityInputs } from '../src/db/availability.repository.ts';
import { loadResourceInputs } from '../src/db/resource-inputs.repository.ts';
import type { DB } from '../src/db/schema.ts';
import { bookingFetchWindow, getSlots } from '../src/domain/availability/get-slots.ts';
import { requiredPools } from '../src/domain/availability/resources.ts';
import type { Interval, Slot } from '../src/domain/availability/types.ts';

const DAY = 86_400_000;

export async function rowByRowSlots(db: Kysely<DB>, q: { serviceId: string; providerId?: string | undefined; range: Interval; now: number }): Promise<Slot[]> {
  // The service, providers and overrides as the loader reads them (their cost is the same either way).
  const base = await loadAvailabilityInputs(db, q);
  const ids = base.providers.map((p) => p.id);
  const w = bookingFetchWindow(q.range, base.service);
  const [from, to] = [new Date(w.start), new Date(w.end)];
  const pools = requiredPools(base.service.requiredResources ?? []);
  const [bookings, busy, resources] = await Promise.all([
    sql<{ p: string; s: string; a: number; b: number; c: number; d: number }>`
      SELECT provider_id AS p, service_id AS s,
             round(date_part('epoch', start_time) * 1000) AS a, round(date_part('epoch', end_time) * 1000) AS b,
             round(date_part('epoch', lower(blocked)) * 1000) AS c, round(date_part('epoch', upper(blocked)) * 1000) AS d
      FROM bookings WHERE provider_id = ANY(${ids}::uuid[]) AND status IN ('held', 'pending', 'confirmed')
        AND start_time >= ${new Date(from.getTime() - 3 * DAY)}::timestamptz AND start_time < ${to}::timestamptz
        AND upper(blocked) > ${from}::timestamptz AND lower(blocked) < ${to}::timestamptz`.execute(db),
    sql<{ p: string; a: number; b: number }>`
      SELECT provider_id AS p, round(date_part('epoch', start_time) * 1000) AS a, round(date_part('epoch', end_time) * 1000) AS b
      FROM busy_blocks WHERE provider_id = ANY(${ids}::uuid[])
        AND tstzrange(start_time, end_time) && tstzrange(${from}::timestamptz, ${to}::timestamptz)`.execute(db),
    pools.length > 0 ? loadResourceInputs(db, pools, w) : undefined,
  ]);
  return getSlots({
    ...base,
    loads: undefined,
    bookings: bookings.rows.map((r) => ({
      providerId: r.p,
      serviceId: r.s,
      start: Number(r.a),
      end: Number(r.b),
      blockedStart: Number(r.c),
      blockedEnd: Number(r.d),
    })),
    busy: busy.rows.map((r) => ({ providerId: r.p, start: Number(r.a), end: Number(r.b) })),
    ...(resources ? { resources } : {}),
    range: q.range,
    now: q.now,
  });
}
