/**
 * Shared factories for the catalog rows tests need (issue #14, item 6): a provider, a service, the link
 * between them. Each takes the table's own columns as overrides — a test names the values it depends on
 * at the call site — and fills the rest with deterministic defaults (no clock, no randomness).
 * Bookings are made through the code under test (the repository's `insertBooking`, the API, the
 * workflow), never hand-inserted, so the exclusion constraint and the buffers always apply.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB, ProvidersTable, ServicesTable } from '../../src/db/schema.ts';

/** Weekly hours with the same ranges every day, as stored in providers.weekly_hours. */
export function everyDayHours(ranges: [string, string][] = [['00:00', '24:00']]): string {
  return JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ranges])));
}

/** A provider open all day every day in UTC unless overridden; returns its id. */
export async function insertProvider(db: Kysely<DB>, overrides: Partial<Insertable<ProvidersTable>> = {}): Promise<string> {
  const row = await db
    .insertInto('providers')
    .values({ name: 'Provider', time_zone: 'UTC', weekly_hours: everyDayHours(), ...overrides })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A 30-minute service bookable a year ahead unless overridden; `providers` offer it (linked in
 * provider_services). Returns its id.
 */
export async function insertService(db: Kysely<DB>, overrides: Partial<Insertable<ServicesTable>> & { providers?: readonly string[] } = {}): Promise<string> {
  const { providers = [], ...columns } = overrides;
  const row = await db
    .insertInto('services')
    .values({ name: 'Service', duration_minutes: 30, maximum_advance_days: 365, ...columns })
    .returning('id')
    .executeTakeFirstOrThrow();
  await offerService(db, providers, row.id);
  return row.id;
}

/** Links providers to a service (provider_services). */
export async function offerService(db: Kysely<DB>, providers: string | readonly string[], serviceId: string): Promise<void> {
  const list = typeof providers === 'string' ? [providers] : providers;
  if (list.length === 0) return;
  await db
    .insertInto('provider_services')
    .values(list.map((p) => ({ provider_id: p, service_id: serviceId })))
    .execute();
}
