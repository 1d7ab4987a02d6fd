/**
 * Rooms and equipment, as the admin sees them: every SQL statement on `resources` and `resource_blocks`
 * (allocation to bookings is resource-allocation.repository.ts). A second unit with the same name in one
 * pool is 409 `conflict`; a block may not end in the past (422: it would be accepted and never shown).
 */
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../errors.ts';
import { sqlState, SQLSTATE } from './pg-errors.ts';
import type { DB, ResourceBlocksTable, ResourcesTable } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type ResourceRow = Selectable<ResourcesTable>;
export type ResourceBlockRow = Selectable<ResourceBlocksTable>;
export type PoolSummary = { pool: string; activeUnits: number; requiredBy: { id: string; name: string }[] };

const notFound = (id: string) => new AppError('not_found', `Resource ${id} does not exist.`);

async function uniqueName<T>(fn: () => Promise<T>, input: { name?: string | undefined; pool?: string | undefined }): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (sqlState(err) === SQLSTATE.uniqueViolation) {
      throw new AppError('conflict', `The pool already has a unit named ${JSON.stringify(input.name ?? '')}.`, {
        errors: [{ path: 'body.name', message: 'is already used in this pool' }],
      });
    }
    throw err;
  }
}

export async function createResource(db: Kysely<DB>, input: { name: string; pool: string; active: boolean }): Promise<ResourceRow> {
  return uniqueName(() => db.insertInto('resources').values(input).returningAll().executeTakeFirstOrThrow(), input);
}

export async function updateResource(
  db: Kysely<DB>,
  id: string,
  changes: { name?: string | undefined; pool?: string | undefined; active?: boolean | undefined },
): Promise<ResourceRow> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const row = await uniqueName(
    () =>
      db
        .updateTable('resources')
        .set({ ...set, updated_at: dbNow })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),
    changes,
  );
  if (!row) throw notFound(id);
  return row;
}

export async function getResourceOrFail(db: Kysely<DB>, id: string): Promise<ResourceRow> {
  const row = await db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

/** All units by pool and name, and per pool its active units and the services that require it. */
export async function listResources(db: Kysely<DB>): Promise<{ resources: ResourceRow[]; pools: PoolSummary[] }> {
  const [resources, services] = await Promise.all([
    db.selectFrom('resources').selectAll().orderBy('pool').orderBy('name').execute(),
    db.selectFrom('services').select(['id', 'name', 'required_resources']).orderBy('name').execute(),
  ]);
  const pools = new Map<string, PoolSummary>();
  const pool = (name: string) => pools.get(name) ?? pools.set(name, { pool: name, activeUnits: 0, requiredBy: [] }).get(name)!;
  for (const r of resources) if (r.active) pool(r.pool).activeUnits++;
  for (const r of resources) pool(r.pool);
  for (const s of services) for (const req of s.required_resources) pool(req.pool).requiredBy.push({ id: s.id, name: s.name });
  return { resources, pools: [...pools.values()].sort((a, b) => (a.pool < b.pool ? -1 : 1)) };
}

export async function createResourceBlock(
  db: Kysely<DB>,
  resourceId: string,
  input: { start: string; end: string; reason?: string | undefined },
  now: Date,
): Promise<ResourceBlockRow> {
  if (Date.parse(input.end) <= now.getTime()) {
    throw new AppError('invalid_request', 'end: the block would be over already', { errors: [{ path: 'body.end', message: 'must be in the future' }] });
  }
  await getResourceOrFail(db, resourceId);
  return db
    .insertInto('resource_blocks')
    .values({ resource_id: resourceId, start_time: input.start, end_time: input.end, reason: input.reason ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A unit's blocks overlapping [from, to) (no `to`: every one ending after `from`), by start. */
export async function listResourceBlocks(db: Kysely<DB>, resourceId: string, from: Date, to?: Date): Promise<ResourceBlockRow[]> {
  let q = db.selectFrom('resource_blocks').selectAll().where('resource_id', '=', resourceId).where('end_time', '>', from);
  if (to) q = q.where('start_time', '<', to);
  return q.orderBy('start_time').execute();
}

export async function deleteResourceBlock(db: Kysely<DB>, resourceId: string, blockId: string): Promise<void> {
  const res = await db.deleteFrom('resource_blocks').where('id', '=', blockId).where('resource_id', '=', resourceId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError('not_found', `Block ${blockId} of resource ${resourceId} does not exist.`);
}

export type ResourceBookingRow = {
  id: string;
  status: string;
  start_time: Date;
  end_time: Date;
  live: boolean;
  service_name: string;
  provider_name: string;
  customer_name: string;
  time_zone: string;
};

/** The bookings that hold (or held) a unit and start in [from, to), by start. */
export async function resourceBookings(db: Kysely<DB>, resourceId: string, from: Date, to: Date): Promise<ResourceBookingRow[]> {
  return db
    .selectFrom('booking_resources')
    .innerJoin('bookings', 'bookings.id', 'booking_resources.booking_id')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .innerJoin('providers', 'providers.id', 'bookings.provider_id')
    .select([
      'bookings.id',
      'bookings.status',
      'bookings.start_time',
      'bookings.end_time',
      'booking_resources.live',
      'services.name as service_name',
      'providers.name as provider_name',
      'bookings.customer_name',
      'providers.time_zone',
    ])
    .where('booking_resources.resource_id', '=', resourceId)
    .where('bookings.start_time', '>=', from)
    .where('bookings.start_time', '<', to)
    .orderBy('bookings.start_time')
    .execute();
}
