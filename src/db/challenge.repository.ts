/** Spent proof-of-work challenges (migration 0009): one booking attempt per solved challenge. */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Claims a challenge's nonce: true the first time, false when any gateway claimed it before (the
 * primary key decides, so two requests racing with one proof cannot both pass). Rows of challenges that
 * expired before `now` are purged on the way: they could not be replayed anyway.
 */
export async function claimChallenge(db: Kysely<DB>, nonce: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.deleteFrom('used_challenges').where('expires_at', '<', now).execute();
  const claimed = await db
    .insertInto('used_challenges')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning(sql<number>`1`.as('claimed'))
    .executeTakeFirst();
  return claimed !== undefined;
}
