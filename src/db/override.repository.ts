/**
 * Provider date overrides: every SQL statement on `provider_overrides`.
 *
 * An 'hours' override replaces the weekly hours of one local date in the provider's zone, so a provider
 * has at most one per date: creating another for the same date replaces the earlier one. Writers of one
 * provider's overrides are serialised by a row lock on the provider, which makes that replace race-free.
 * 'block' / 'open' overrides are absolute ranges and may overlap each other.
 *
 * Overrides only shape the future: an 'hours' override of a local date before today (provider's zone) and a
 * range that has already ended at `now` are refused (422 naming body.date / body.end) — before, they were
 * stored and then hidden by the admin's "upcoming" list, which read as if they had been lost.
 */
import type { Kysely, Selectable } from 'kysely';
import type { OverrideInput } from '../domain/catalog/types.ts';
import { addDays, localDate, localToInstant } from '../domain/time/zones.ts';
import { AppError } from '../errors.ts';
import { getProviderOrFail, lockProviderRow } from './provider.repository.ts';
import type { DB, ProviderOverridesTable } from './schema.ts';

export type OverrideRow = Selectable<ProviderOverridesTable>;

/** Local dates in the provider's zone, both inclusive; either may be absent. */
export type OverrideWindow = { from?: string | undefined; to?: string | undefined };

export async function createOverride(db: Kysely<DB>, providerId: string, input: OverrideInput, now: Date): Promise<OverrideRow> {
  return db.transaction().execute(async (trx) => {
    const provider = await lockProviderRow(trx, providerId);
    const reason = input.reason ?? null;
    if ('date' in input) {
      const today = localDate(now.getTime(), provider.time_zone);
      if (input.date < today) pastOverride('body.date', `is before today (${today} in ${provider.time_zone}): overrides only change the future`);
      await trx.deleteFrom('provider_overrides').where('provider_id', '=', providerId).where('kind', '=', 'hours').where('date', '=', input.date).execute();
      const values = { provider_id: providerId, kind: 'hours' as const, date: input.date, hours: JSON.stringify(input.hours), reason };
      return trx.insertInto('provider_overrides').values(values).returningAll().executeTakeFirstOrThrow();
    }
    if (Date.parse(input.end) <= now.getTime()) pastOverride('body.end', 'has already passed: overrides only change the future');
    const values = { provider_id: providerId, kind: input.kind, start_time: new Date(input.start), end_time: new Date(input.end), reason };
    return trx.insertInto('provider_overrides').values(values).returningAll().executeTakeFirstOrThrow();
  });
}

function pastOverride(path: string, message: string): never {
  throw new AppError('invalid_request', `${path}: ${message}`, { errors: [{ path, message }] });
}

/**
 * The provider's overrides that touch local dates `from`..`to` in its zone: 'hours' overrides of those
 * dates and ranges overlapping [from 00:00, the day after `to` 00:00). Ordered by when they begin.
 * Throws `not_found` for an unknown provider.
 */
export async function listOverrides(db: Kysely<DB>, providerId: string, window: OverrideWindow = {}): Promise<OverrideRow[]> {
  const { time_zone: zone } = await getProviderOrFail(db, providerId);
  const { from, to } = window;
  const midnight = (date: string) => new Date(localToInstant(date, 0, zone, 'next')!);
  let query = db.selectFrom('provider_overrides').selectAll().where('provider_id', '=', providerId);
  if (from !== undefined || to !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'hours'), ...(from !== undefined ? [eb('date', '>=', from)] : []), ...(to !== undefined ? [eb('date', '<=', to)] : [])]),
        eb.and([
          eb('kind', '!=', 'hours'),
          ...(from !== undefined ? [eb('end_time', '>', midnight(from))] : []),
          ...(to !== undefined ? [eb('start_time', '<', midnight(addDays(to, 1)))] : []),
        ]),
      ]),
    );
  }
  const rows = await query.execute();
  const begins = (r: OverrideRow) => (r.kind === 'hours' ? midnight(r.date!).getTime() : r.start_time!.getTime());
  return rows.sort((a, b) => begins(a) - begins(b) || a.id.localeCompare(b.id));
}

/** Deletes one override of the provider; `not_found` when the provider has no such override. */
export async function deleteOverride(db: Kysely<DB>, providerId: string, overrideId: string): Promise<void> {
  const deleted = await db
    .deleteFrom('provider_overrides')
    .where('id', '=', overrideId)
    .where('provider_id', '=', providerId)
    .returning('id')
    .executeTakeFirst();
  if (!deleted) throw new AppError('not_found', `Override ${overrideId} of provider ${providerId} does not exist`);
}
