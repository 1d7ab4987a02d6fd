/**
 * Issues an API key: 192 random bits as `sfk_<base64url>`, stored only as its SHA-256 with a short
 * display prefix. Returns the key itself exactly once — it cannot be read back later.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertApiKey, type ApiKeyRow } from '../db/api-key.repository.ts';
import type { DB } from '../db/schema.ts';
import { API_KEY_PREFIX, displayPrefix, type ApiKeyScope } from '../domain/access/api-key-scope.ts';
import { hashApiKey } from '../domain/access/api-key-hash.ts';

export async function issueApiKey(db: Kysely<DB>, input: { name: string; scope: ApiKeyScope }): Promise<{ key: string; row: ApiKeyRow }> {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const row = await insertApiKey(db, { name: input.name, scope: input.scope, keyPrefix: displayPrefix(key), keyHash: hashApiKey(key) });
  return { key, row };
}
