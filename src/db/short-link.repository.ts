/** Short links for SMS bodies (`short_links`): a short code standing for a manage token. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/**
 * 10 characters of a 57-letter alphabet without look-alikes: ~58 bits, unguessable behind rate limits.
 * Bytes ≥ 228 (= 4 × 57) are skipped, so every letter is equally likely.
 */
function newCode(): string {
  let code = '';
  while (code.length < 10) {
    for (const b of randomBytes(16)) if (b < 228 && code.length < 10) code += ALPHABET[b % ALPHABET.length];
  }
  return code;
}

/** The short code standing for `token` (one per token: a retried send reuses it). */
export async function shortCodeFor(db: Kysely<DB>, bookingId: string, token: string): Promise<string> {
  const existing = await db.selectFrom('short_links').select('code').where('token', '=', token).executeTakeFirst();
  if (existing) return existing.code;
  await db
    .insertInto('short_links')
    .values({ code: newCode(), token, booking_id: bookingId })
    .onConflict((oc) => oc.column('token').doNothing())
    .execute();
  return (await db.selectFrom('short_links').select('code').where('token', '=', token).executeTakeFirstOrThrow()).code;
}

export async function tokenForShortCode(db: Kysely<DB>, code: string): Promise<string | undefined> {
  return (await db.selectFrom('short_links').select('token').where('code', '=', code).executeTakeFirst())?.token;
}
