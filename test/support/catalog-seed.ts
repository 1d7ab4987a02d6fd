/** Small catalog fixtures for tests that need "a provider offering a service" and nothing more. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { everyDayHours, insertProvider, insertService } from './factories.ts';

export { everyDayHours } from './factories.ts';

/** One provider (open all day by default) offering one 60-minute service bookable 60 days ahead. */
export async function seedProviderWithService(
  db: Kysely<DB>,
  opts: { providerName: string; timeZone?: string; hours?: [string, string][]; serviceName?: string },
): Promise<{ provider: string; service: string }> {
  const provider = await insertProvider(db, { name: opts.providerName, time_zone: opts.timeZone ?? 'UTC', weekly_hours: everyDayHours(opts.hours) });
  const service = await insertService(db, { name: opts.serviceName ?? 'Visit', duration_minutes: 60, maximum_advance_days: 60, providers: [provider] });
  return { provider, service };
}
