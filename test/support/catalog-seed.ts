/** Small catalog fixtures for tests that need "a provider offering a service" and nothing more. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

/** Weekly hours with the same ranges every day, as stored in providers.weekly_hours. */
export function everyDayHours(ranges: [string, string][] = [['00:00', '24:00']]): string {
  return JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ranges])));
}

/** One provider (open all day by default) offering one 60-minute service bookable 60 days ahead. */
export async function seedProviderWithService(
  db: Kysely<DB>,
  opts: { providerName: string; timeZone?: string; hours?: [string, string][]; serviceName?: string },
): Promise<{ provider: string; service: string }> {
  const provider = (
    await db.insertInto('providers').values({ name: opts.providerName, time_zone: opts.timeZone ?? 'UTC', weekly_hours: everyDayHours(opts.hours) }).returning('id').executeTakeFirstOrThrow()
  ).id;
  const service = (await db.insertInto('services').values({ name: opts.serviceName ?? 'Visit', duration_minutes: 60, maximum_advance_days: 60 }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('provider_services').values({ provider_id: provider, service_id: service }).execute();
  return { provider, service };
}
