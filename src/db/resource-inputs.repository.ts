/**
 * The units of some resource pools and their busy time — live allocations and blocks — as the availability
 * engine and the reserve's unit choice read them (src/domain/availability/resources.ts). Read-only.
 */
import { sql, type Kysely } from 'kysely';
import type { ResourceInputs } from '../domain/availability/resources.ts';
import type { Interval } from '../domain/availability/types.ts';
import type { DB } from './schema.ts';

const NO_BOOKING = '00000000-0000-0000-0000-000000000000';
const ms = (col: string) => sql.raw(`round(date_part('epoch', ${col}) * 1000)::float8`);

/**
 * The active units of `pools` and their busy time overlapping `window`: live allocations (other than
 * `excludeBookingId`'s, a booking being moved) and blocks.
 */
export async function loadResourceInputs(db: Kysely<DB>, pools: string[], window: Interval, excludeBookingId?: string): Promise<ResourceInputs> {
  if (pools.length === 0) return { units: [], busy: [] };
  const from = new Date(window.start);
  const to = new Date(window.end);
  const [units, busy] = await Promise.all([
    db.selectFrom('resources').select(['id', 'pool', 'name']).where('pool', 'in', pools).where('active', '=', true).execute(),
    sql<{ r: string; a: number; b: number }>`
      SELECT br.resource_id AS r, ${ms('lower(br.blocked)')} AS a, ${ms('upper(br.blocked)')} AS b
      FROM booking_resources br JOIN resources u ON u.id = br.resource_id
      WHERE u.pool = ANY(${pools}::text[]) AND br.live AND br.booking_id <> ${excludeBookingId ?? NO_BOOKING}::uuid
        AND br.blocked && tstzrange(${from}::timestamptz, ${to}::timestamptz)
      UNION ALL
      SELECT rb.resource_id, ${ms('rb.start_time')}, ${ms('rb.end_time')}
      FROM resource_blocks rb JOIN resources u ON u.id = rb.resource_id
      WHERE u.pool = ANY(${pools}::text[]) AND tstzrange(rb.start_time, rb.end_time) && tstzrange(${from}::timestamptz, ${to}::timestamptz)`.execute(db),
  ]);
  return { units, busy: busy.rows.map((r) => ({ resourceId: r.r, start: Number(r.a), end: Number(r.b) })) };
}
