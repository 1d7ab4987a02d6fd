/** Calendar connections counted per kind and status (for /metrics). */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function calendarConnectionCounts(db: Kysely<DB>): Promise<{ kind: string; status: string; n: number }[]> {
  return db
    .selectFrom('calendar_connections')
    .select(['kind', 'status', sql<number>`count(*)::int`.as('n')])
    .groupBy(['kind', 'status'])
    .execute();
}
