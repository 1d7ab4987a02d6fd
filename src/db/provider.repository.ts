/**
 * Providers: every SQL statement that writes or reads the `providers` table for the catalog.
 * Weekly hours are stored as given by the admin API (already checked and normalised: sorted ranges,
 * all seven days).
 */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { ProviderChanges, ProviderInput } from '../domain/catalog/types.ts';
import { AppError } from '../errors.ts';
import { columnsOf } from './columns.ts';
import type { DB, ProvidersTable } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type ProviderRow = Selectable<ProvidersTable>;

const PROVIDER_COLUMNS = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  timeZone: 'time_zone',
  weeklyHours: 'weekly_hours',
  active: 'active',
} as const satisfies Record<keyof ProviderInput, keyof ProvidersTable>;

const columns = (input: ProviderChanges) => columnsOf(input, PROVIDER_COLUMNS, ['weekly_hours']);

export async function createProvider(db: Kysely<DB>, input: ProviderInput): Promise<ProviderRow> {
  return db
    .insertInto('providers')
    .values(columns(input) as Insertable<ProvidersTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findProvider(db: Kysely<DB>, id: string): Promise<ProviderRow | undefined> {
  return db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getProviderOrFail(db: Kysely<DB>, id: string): Promise<ProviderRow> {
  const row = await findProvider(db, id);
  if (!row) throw notFound(id);
  return row;
}

/**
 * The provider's IANA time zone. Throws Kysely's NoResultError for an unknown provider (callers hold a row
 * referencing it).
 */
export async function providerTimeZone(db: Kysely<DB>, id: string): Promise<string> {
  return (await db.selectFrom('providers').select('time_zone').where('id', '=', id).executeTakeFirstOrThrow()).time_zone;
}

/**
 * Locks the provider row against concurrent changes for the rest of `trx` (FOR NO KEY UPDATE: bookings
 * referencing it may still be inserted). Throws `not_found` for an unknown id.
 */
export async function lockProviderRow(trx: Transaction<DB>, id: string): Promise<ProviderRow> {
  const row = await trx.selectFrom('providers').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

/** All providers, by name. */
export async function listProviders(db: Kysely<DB>): Promise<ProviderRow[]> {
  return db.selectFrom('providers').selectAll().orderBy('name').orderBy('id').execute();
}

/** Applies the given fields (absent = unchanged) and bumps `updated_at`. */
export async function updateProvider(db: Kysely<DB>, id: string, changes: ProviderChanges): Promise<ProviderRow> {
  const row = await db
    .updateTable('providers')
    .set({ ...(columns(changes) as Updateable<ProvidersTable>), updated_at: dbNow })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

function notFound(id: string): AppError {
  return new AppError('not_found', `Provider ${id} does not exist`);
}

/** The zone of the first active provider created (the business's default zone for e-mail wishes), or undefined. */
export async function firstProviderTimeZone(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db.selectFrom('providers').select('time_zone').where('active', '=', true).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return row?.time_zone;
}
