/**
 * What a booking holds of rooms and equipment: loading the units of some pools with their busy time (for the
 * availability engine and for the reserve), and allocating units inside a booking's reserve or move
 * transaction.
 *
 * Race contract (as for providers, booking.repository.ts): the allocating transaction takes an advisory
 * lock per required pool (after the provider's, pools in name order, so two transactions never wait on each
 * other in a cycle), reads the pool's free units, picks with `chooseUnits` (src/domain/availability/
 * resources.ts) and inserts `booking_resources` rows; the `booking_resources_no_overlap` exclusion
 * constraint is the guarantee. The pool lock is what lets two providers race for "any free room" without
 * both picking Room 1 and one of them being refused while Room 2 was free.
 */
import { sql, type Transaction, type Kysely } from 'kysely';
import { capWindows } from '../domain/availability/cap-window.ts';
import { chooseUnits, requiredPools, ResourceCalendar, type ResourceRequirement, type ResourceUnit } from '../domain/availability/resources.ts';
import type { Interval } from '../domain/availability/types.ts';
import { AppError } from '../errors.ts';
import { providerTimeZone } from './provider.repository.ts';
import { loadResourceInputs } from './resource-inputs.repository.ts';
import { epochMs } from './epoch-text.ts';
import type { DB } from './schema.ts';

/** Takes the advisory lock of each pool, in name order, for the rest of the transaction. */
async function lockPools(trx: Transaction<DB>, pools: string[]): Promise<void> {
  for (const pool of [...pools].sort()) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'pool:' + pool}, 0))`.execute(trx);
}

/**
 * Allocates the units booking `bookingId` needs for its blocked range (read from its row, so the stored
 * range is exactly the booking's), replacing any it held (a move: those it held are preferred again).
 * An attendee of a group session (`seatSession`) shares the units the session's other live attendees hold;
 * the first one chooses them. Throws `slot_unavailable` naming the first pool short of units. Call inside
 * the booking's transaction, after the provider lock and after the booking row has its new range.
 */
export async function allocateResources(
  trx: Transaction<DB>,
  booking: { id: string; providerId: string; start: Date; seatSession?: string | null },
  requirements: readonly ResourceRequirement[],
): Promise<ResourceUnit[]> {
  const held = await trx.deleteFrom('booking_resources').where('booking_id', '=', booking.id).returning('resource_id').execute();
  if (requirements.length === 0) return [];
  const pools = requiredPools(requirements);
  await lockPools(trx, pools);
  const session = booking.seatSession ?? null;
  if (session) {
    const shared = await trx
      .selectFrom('booking_resources')
      .innerJoin('resources', 'resources.id', 'booking_resources.resource_id')
      .select(['resources.id', 'resources.pool', 'resources.name'])
      .distinct()
      .where('booking_resources.seat_session', '=', session)
      .where('booking_resources.live', '=', true)
      .execute();
    if (shared.length > 0) {
      await insertUnits(trx, booking.id, shared, session);
      return shared;
    }
  }
  const range = await sql<{ a: number; b: number }>`
    SELECT ${epochMs('lower(blocked)')} AS a, ${epochMs('upper(blocked)')} AS b FROM bookings WHERE id = ${booking.id}::uuid`.execute(trx);
  const need = { start: Number(range.rows[0]!.a), end: Number(range.rows[0]!.b) };
  const day = capWindows(booking.start.getTime(), await providerTimeZone(trx, booking.providerId)).day;
  const window = { start: Math.min(need.start, day.start), end: Math.max(need.end, day.end) };
  const inputs = await loadResourceInputs(trx, pools, window, booking.id);
  const load = await unitLoad(trx, pools, day);
  const choice = chooseUnits(requirements, new ResourceCalendar(inputs), need, (id) => load.get(id) ?? 0, new Set(held.map((h) => h.resource_id)));
  if (!choice.ok) throw new AppError('slot_unavailable', `No ${choice.pool} is free at that time.`);
  await insertUnits(trx, booking.id, choice.units, session);
  return choice.units;
}

/** Gives a booking `units` over its blocked range (read from its row). */
async function insertUnits(trx: Transaction<DB>, bookingId: string, units: ResourceUnit[], session: string | null): Promise<void> {
  await sql`
    INSERT INTO booking_resources (booking_id, resource_id, blocked, seat_session)
    SELECT b.id, u.id, b.blocked, ${session} FROM bookings b, unnest(${units.map((u) => u.id)}::uuid[]) AS u(id)
    WHERE b.id = ${bookingId}::uuid`.execute(trx);
}

/** Live bookings per unit of `pools` starting in `day` (the provider-local day): the load to spread. */
async function unitLoad(trx: Transaction<DB>, pools: string[], day: Interval): Promise<Map<string, number>> {
  const rows = await sql<{ r: string; n: number }>`
    SELECT br.resource_id AS r, count(*)::int AS n
    FROM booking_resources br JOIN resources u ON u.id = br.resource_id
    WHERE u.pool = ANY(${pools}::text[]) AND br.live
      AND br.blocked && tstzrange(${new Date(day.start)}::timestamptz, ${new Date(day.end)}::timestamptz)
    GROUP BY br.resource_id`.execute(trx);
  return new Map(rows.rows.map((r) => [r.r, Number(r.n)]));
}

/** The names of the units a booking holds (or held), "Room 2, Laser A" by pool and name; undefined when none. */
export async function resourceNamesOf(db: Kysely<DB>, bookingId: string): Promise<string | undefined> {
  const units = (await resourcesOfBookings(db, [bookingId])).get(bookingId);
  return units && units.length > 0 ? units.map((u) => u.name).join(', ') : undefined;
}

/** The units each of `bookingIds` holds (or held, for a booking no longer live), by name. */
export async function resourcesOfBookings(db: Kysely<DB>, bookingIds: string[]): Promise<Map<string, ResourceUnit[]>> {
  const out = new Map<string, ResourceUnit[]>();
  if (bookingIds.length === 0) return out;
  const rows = await db
    .selectFrom('booking_resources')
    .innerJoin('resources', 'resources.id', 'booking_resources.resource_id')
    .select(['booking_resources.booking_id', 'resources.id', 'resources.pool', 'resources.name'])
    .where('booking_resources.booking_id', 'in', bookingIds)
    .orderBy('resources.pool')
    .orderBy('resources.name')
    .execute();
  for (const r of rows) {
    const list = out.get(r.booking_id) ?? [];
    list.push({ id: r.id, pool: r.pool, name: r.name });
    out.set(r.booking_id, list);
  }
  return out;
}
