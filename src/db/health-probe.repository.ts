/** Rows of the end-to-end health probe (healthcheck workflow → activity → database). */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Records probe `id` once; a retried activity finds the existing row (idempotent by id).
 * `counter` is the number of probe rows after the insert: an int8 the driver layer normalises.
 */
export async function recordHealthProbe(db: Kysely<DB>, id: string, worker: string) {
  await db
    .insertInto('health_probes')
    .values({ id, worker, counter: sql<number>`(SELECT count(*) + 1 FROM health_probes)` })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return db.selectFrom('health_probes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function findHealthProbe(db: Kysely<DB>, id: string) {
  return db.selectFrom('health_probes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Cheap liveness query: one round trip, no table. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
