/**
 * The business's settings (migration 0024): one row, id 1, created on the first write. Every field is
 * nullable — null means "not set", and the caller applies the default (BUSINESS_NAME for the name).
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, SettingsTable } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type SettingsRow = Omit<Selectable<SettingsTable>, 'id'>;

export type SettingsChanges = Partial<Omit<SettingsRow, 'updated_at'>>;

const EMPTY: Omit<SettingsRow, 'updated_at'> = {
  business_name: null,
  address: null,
  phone: null,
  email: null,
  logo_url: null,
  accent_color: null,
  default_locale: null,
  default_time_zone: null,
};

/** The settings; all null (and `updated_at` null) when none were ever saved. */
export async function readSettings(db: Kysely<DB>): Promise<Omit<SettingsRow, 'updated_at'> & { updated_at: Date | null }> {
  const row = await db.selectFrom('settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return { ...EMPTY, updated_at: null };
  const { id: _id, ...rest } = row;
  return rest;
}

/** Applies the given fields (absent = unchanged, null = cleared) in one upsert; returns the new settings. */
export async function updateSettings(db: Kysely<DB>, changes: SettingsChanges): Promise<SettingsRow> {
  const row = await db
    .insertInto('settings')
    .values({ id: 1, ...changes })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...changes, updated_at: dbNow }))
    .returningAll()
    .executeTakeFirstOrThrow();
  const { id: _id, ...rest } = row;
  return rest;
}
