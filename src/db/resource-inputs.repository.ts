/**
 * The units of some resource pools and their busy time — live allocations and blocks — as the availability
 * engine and the reserve's unit choice read them (src/domain/availability/resources.ts). Read-only.
 */
import { sql, type Kysely } from 'kysely';
import type { ResourceInputs } from '../domain/availability/resources.ts';
import type { Interval } from '../domain/availability/types.ts';
import type { DB } from './schema.ts';
import { epochMs, NO_BOOKING } from './epoch-text.ts';
import { timeCacheOf } from './time-cache.ts';

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
  const units = db.selectFrom('resources').select(['id', 'pool', 'name']).where('pool', 'in', pools).where('active', '=', true).execute();
  if (!fold) {
    const [u, rows] = await Promise.all([
      units,
      sql<{ r: string; a: number; b: number }>`SELECT r, ${epochMs('lower(x)')} AS a, ${epochMs('upper(x)')} AS b FROM (${uses}) q`.execute(db),
    ]);
    return { units: u, busy: toBusy(rows.rows) };
  }
  const foldedBusy = async () =>
    toBusy(
      (
        await sql<{ r: string; a: number; b: number }>`
          SELECT r, ${epochMs('lower(m)')} AS a, ${epochMs('upper(m)')} AS b FROM (SELECT r, unnest(range_agg(x)) AS m FROM (${uses}) q GROUP BY r) f`.execute(
          db,
        )
      ).rows,
    );
  // Folded busy time of the pools is kept under their versions (time-cache.ts): versions first, then the data.
  const cache = excludeBookingId === undefined ? timeCacheOf<ResourceInputs['busy']>(db, 'pool-time') : undefined;
  if (!cache) {
    const [u, busy] = await Promise.all([units, foldedBusy()]);
    return { units: u, busy };
  }
  const keys = [...pools].sort().map((p) => `unit-pool:${p}`);
  const [u, versionRows] = await Promise.all([
    units,
    sql<{ key: string; version: string }>`SELECT key, version::text AS version FROM time_versions WHERE key = ANY(${keys}::text[])`.execute(db),
  ]);
  const byKey = new Map(versionRows.rows.map((r) => [r.key, r.version]));
  const version = keys.map((k) => byKey.get(k) ?? '0').join(',');
  const key = `${keys.join(',')}|${window.start}|${window.end}`;
  let busy = cache.get(key, version);
  if (!busy) cache.set(key, version, (busy = await foldedBusy()));
  return { units: u, busy };
}

function toBusy(rows: { r: string; a: number; b: number }[]): ResourceInputs['busy'] {
  return rows.map((r) => ({ resourceId: r.r, start: Number(r.a), end: Number(r.b) }));
}
