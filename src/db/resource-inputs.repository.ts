/**
 * The units of some resource pools and their busy time — live allocations and blocks — as the availability
 * engine and the reserve's unit choice read them (src/domain/availability/resources.ts). Read-only.
 */
import { sql, type Kysely } from 'kysely';
import type { ResourceInputs } from '../domain/availability/resources.ts';
import type { Interval } from '../domain/availability/types.ts';
import type { DB } from './schema.ts';
import { epochMs, NO_BOOKING } from './epoch-text.ts';

/**
 * The active units of `pools` and their busy time overlapping `window`: live allocations (other than
 * `excludeBookingId`'s, a booking being moved) and blocks. With `fold`, each unit's busy time comes merged
 * (range_agg) — the engine merges it anyway; a group session's own use must stay findable by its exact
 * range (get-slots.ts rule 7), so seat services read it unmerged.
 */
export async function loadResourceInputs(db: Kysely<DB>, pools: string[], window: Interval, excludeBookingId?: string, fold = false): Promise<ResourceInputs> {
  if (pools.length === 0) return { units: [], busy: [] };
  const from = new Date(window.start);
  const to = new Date(window.end);
  const uses = sql`
    SELECT br.resource_id AS r, br.blocked AS x
    FROM booking_resources br JOIN resources u ON u.id = br.resource_id
    WHERE u.pool = ANY(${pools}::text[]) AND br.live AND br.booking_id <> ${excludeBookingId ?? NO_BOOKING}::uuid
      AND br.blocked && tstzrange(${from}::timestamptz, ${to}::timestamptz)
    UNION ALL
    SELECT rb.resource_id, tstzrange(rb.start_time, rb.end_time)
    FROM resource_blocks rb JOIN resources u ON u.id = rb.resource_id
    WHERE u.pool = ANY(${pools}::text[]) AND tstzrange(rb.start_time, rb.end_time) && tstzrange(${from}::timestamptz, ${to}::timestamptz)`;
  const [units, busy] = await Promise.all([
    db.selectFrom('resources').select(['id', 'pool', 'name']).where('pool', 'in', pools).where('active', '=', true).execute(),
    fold
      ? sql<{ r: string; a: number; b: number }>`
          SELECT r, ${epochMs('lower(m)')} AS a, ${epochMs('upper(m)')} AS b FROM (SELECT r, unnest(range_agg(x)) AS m FROM (${uses}) q GROUP BY r) f`.execute(
          db,
        )
      : sql<{ r: string; a: number; b: number }>`SELECT r, ${epochMs('lower(x)')} AS a, ${epochMs('upper(x)')} AS b FROM (${uses}) q`.execute(db),
  ]);
  return { units, busy: busy.rows.map((r) => ({ resourceId: r.r, start: Number(r.a), end: Number(r.b) })) };
}
