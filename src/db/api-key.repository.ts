/** Admin API keys (`api_keys`): stored as the SHA-256 of the key, never the key itself. */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** True when `keyHash` is the hash of a key that exists and was not revoked. */
export async function isActiveApiKeyHash(db: Kysely<DB>, keyHash: string): Promise<boolean> {
  const row = await db.selectFrom('api_keys').select('id').where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}
