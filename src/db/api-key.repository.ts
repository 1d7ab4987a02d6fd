/**
 * API keys (`api_keys`): stored as the SHA-256 of the key, never the key itself (keys are 192 random
 * bits, so an unkeyed fast hash is enough: there is nothing to brute-force). Revocation is a timestamp;
 * every lookup reads the table, so a revoked key stops working at once on every gateway.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiKeyScope } from '../domain/access/api-key-scope.ts';
import { AppError } from '../errors.ts';
import type { ApiKeysTable, DB } from './schema.ts';
import { dbNow } from './sql-values.ts';

export type ApiKeyRow = Omit<Selectable<ApiKeysTable>, 'key_hash'>;

const LISTED = ['id', 'name', 'key_prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at'] as const;

export async function insertApiKey(db: Kysely<DB>, k: { name: string; scope: ApiKeyScope; keyPrefix: string; keyHash: string }): Promise<ApiKeyRow> {
  return db
    .insertInto('api_keys')
    .values({ name: k.name, scope: k.scope, key_prefix: k.keyPrefix, key_hash: k.keyHash })
    .returning(LISTED)
    .executeTakeFirstOrThrow();
}

/** Every key, newest first; revoked ones included (with `revoked_at`), so the admin sees the history. */
export async function listApiKeys(db: Kysely<DB>): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').select(LISTED).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Revokes a key (idempotent: a revoked key keeps its first revocation time). 404 for an unknown id. */
export async function revokeApiKey(db: Kysely<DB>, id: string): Promise<ApiKeyRow> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returning(LISTED)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `API key ${id} does not exist`);
  return row;
}

/**
 * The unrevoked key with this hash, or undefined; in the same statement its `last_used_at` is set to
 * now when it is unset or older than a minute (one round trip per request, and at most one write per
 * key and minute however busy the key is).
 */
export async function useActiveApiKey(db: Kysely<DB>, keyHash: string): Promise<{ id: string; scope: ApiKeyScope } | undefined> {
  const { rows } = await sql<{ id: string; scope: ApiKeyScope }>`
    WITH k AS (
      SELECT id, scope, last_used_at FROM api_keys WHERE key_hash = ${keyHash} AND revoked_at IS NULL
    ), touched AS (
      UPDATE api_keys SET last_used_at = ${dbNow}
      FROM k
      WHERE api_keys.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
    )
    SELECT id, scope FROM k`.execute(db);
  return rows[0];
}
